/* Search loader (devportal.search): opens search on the header button, "/" and Ctrl+K / Cmd+K. Nothing of the
   search engine or its index loads before the reader focuses or opens search. */
(() => {
  "use strict";
  const root = new URL("..", document.currentScript.src).href;  // this file is <root>/_static/
  const fromDisk = location.protocol === "file:";
  const HOW = "Search needs the site served over HTTP: run <code>make serve</code> and open "
    + '<a href="http://127.0.0.1:8000/">http://127.0.0.1:8000/</a>.';
  let ui = null;
  const load = () => (ui ??= import(new URL("_static/portal-search-ui.js", root).href)
    .then((module) => { module.init(root); return module; }));

  // Opened from disk, the browser runs no module and fetches no index: say how to serve the site instead
  const offline = () => {
    let dialog = document.getElementById("portal-search-offline");
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.id = "portal-search-offline";
      dialog.className = "portal-search-dialog";
      dialog.setAttribute("aria-label", "Search");
      dialog.innerHTML = `<p class="portal-search-status">${HOW}</p>`
        + '<form method="dialog" class="portal-search-form"><button class="portal-search-close">Close</button></form>';
      document.body.append(dialog);
    }
    if (!dialog.open) dialog.showModal();
  };
  const open = () => (fromDisk ? offline() : load().then((module) => module.open()));
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
    for (const button of document.querySelectorAll(".portal-search-button")) {
      button.addEventListener("click", open);
      if (!fromDisk) button.addEventListener("focus", load, { once: true });
    }
    const page = document.getElementById("portal-search-page");
    if (page && fromDisk) page.innerHTML = `<p class="portal-search-status">${HOW}</p>`;
    else if (page) load().then((module) => module.resultsPage(page));
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
