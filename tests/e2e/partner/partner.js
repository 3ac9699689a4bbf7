// What a partner adds to size the iframe to its content (embed.js sends the height).
addEventListener("message", (event) => {
  const iframe = document.querySelector("iframe.palveluhaku");
  if (event.source === iframe.contentWindow && event.data?.type === "palveluhaku:height") {
    iframe.style.height = `${event.data.height}px`;
  }
});
