/* The iframe snippet's script (/embed/frame.js): each <iframe class="palveluhaku"> takes the height
 * that its /embed page posts, so the partner's page never shows a scrollbar inside the frame.
 * Only messages from our own origin, and from that very frame, are taken. */
(() => {
  "use strict";
  const ours = new URL(document.currentScript.src).origin;
  addEventListener("message", (event) => {
    if (event.origin !== ours || event.data?.type !== "palveluhaku:height") return;
    for (const frame of document.querySelectorAll("iframe.palveluhaku")) {
      if (frame.contentWindow === event.source) frame.style.height = `${Math.ceil(event.data.height)}px`;
    }
  });
})();
