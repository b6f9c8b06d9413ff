/* Search loader (devportal.search): opens search on the header button, "/" and Ctrl+K / Cmd+K. Nothing of the
   search engine or its index loads before the reader focuses or opens search. */
(() => {
  "use strict";
  const root = new URL("..", document.currentScript.src).href;  // this file is <root>/_static/
  let ui = null;
  const load = () => (ui ??= import(new URL("_static/portal-search-ui.js", root).href)
    .then((module) => { module.init(root); return module; }));
  const open = (query) => load().then((module) => module.open(query));
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

  // capture, so the theme's own Ctrl+K handler (if any) never sees the keys that open this dialog
  window.addEventListener("keydown", (event) => {
    const ctrlK = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k";
    const slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target);
    if (ctrlK || slash) {
      event.preventDefault();
      event.stopImmediatePropagation();
      open();
    }
  }, true);

  const start = () => {
    for (const button of document.querySelectorAll("#portal-search-button")) {
      button.addEventListener("click", () => open());
      button.addEventListener("focus", load, { once: true });
    }
    const page = document.getElementById("portal-search-page");
    if (page) load().then((module) => module.resultsPage(page));
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
