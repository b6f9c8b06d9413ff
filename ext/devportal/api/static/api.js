// API method pages: copy a field's link; expand or collapse every nested field table at once.
// Loaded (deferred) only on pages with field tables; without it, links and <details> still work.
(() => {
  "use strict";
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.portal-api-fieldlink");
    if (!link || !navigator.clipboard) return;
    const url = new URL(link.getAttribute("href"), window.location.href).href;
    navigator.clipboard.writeText(url).then(() => {
      link.dataset.copied = "true";
      setTimeout(() => delete link.dataset.copied, 1500);
    }, () => {});
  });

  // a link to a field inside a closed group opens it
  const openTarget = () => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id && document.getElementById(id);
    for (let el = target && target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
    if (target) target.scrollIntoView();
  };
  window.addEventListener("hashchange", openTarget);
  if (window.location.hash) openTarget();

  for (const wrapper of document.querySelectorAll(".portal-api > .portal-api-table-wrapper")) {
    const groups = wrapper.querySelectorAll("details.portal-api-nested");
    if (!groups.length) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "portal-api-expand";
    const label = () => {
      const open = [...groups].every((g) => g.open);
      button.textContent = open ? "Collapse all nested fields" : "Expand all nested fields";
      button.setAttribute("aria-expanded", String(open));
      return open;
    };
    button.addEventListener("click", () => {
      const open = !label();
      groups.forEach((g) => { g.open = open; });
      label();
    });
    groups.forEach((g) => g.addEventListener("toggle", label));
    label();
    wrapper.before(button);
  }
})();
