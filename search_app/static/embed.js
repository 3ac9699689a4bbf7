/* The /embed iframe page: tell the framing page our height, and after a search move focus
 * to the result count, so keyboard and screen reader users land on the results.
 *
 * The framing page may size its <iframe> with:
 *   addEventListener("message", (e) => {
 *     if (e.origin === "https://<our host>" && e.data?.type === "palveluhaku:height")
 *       document.querySelector("iframe.palveluhaku").style.height = `${e.data.height}px`;
 *   });
 */
(() => {
  "use strict";

  if (window.parent !== window) {
    // The content's height; scrollHeight would never shrink below the frame's own height.
    const height = () => Math.ceil(document.documentElement.getBoundingClientRect().height);
    const tellHeight = () => window.parent.postMessage({ type: "palveluhaku:height", height: height() }, "*");
    new ResizeObserver(tellHeight).observe(document.documentElement);
  }

  // Only after our own form was sent: a partner's page that frames a ready-made query keeps its focus.
  const resultCount = document.querySelector(".status");
  const cameFromOurForm = document.referrer.startsWith(`${location.origin}${location.pathname}`);
  if (resultCount && cameFromOurForm) resultCount.focus();
})();
