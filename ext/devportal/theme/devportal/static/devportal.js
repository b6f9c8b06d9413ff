/* The portal's theme: colour-mode switch, phone menu. Deferred; the page works without it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var dark = window.matchMedia("(prefers-color-scheme: dark)");
  var MODES = ["auto", "light", "dark"];
  var NAMES = { auto: "Colour mode: system", light: "Colour mode: light", dark: "Colour mode: dark" };

  function apply(mode) {
    root.dataset.mode = mode;
    root.dataset.theme = mode === "auto" ? (dark.matches ? "dark" : "light") : mode;
    var button = document.querySelector(".portal-mode-button");
    if (button) {
      button.setAttribute("aria-label", NAMES[mode]);
      button.title = NAMES[mode];
    }
  }
  apply(root.dataset.mode || "auto");
  dark.addEventListener("change", function () { apply(root.dataset.mode || "auto"); });
  var modeButton = document.querySelector(".portal-mode-button");
  if (modeButton) {
    modeButton.addEventListener("click", function () {
      var next = MODES[(MODES.indexOf(root.dataset.mode) + 1) % MODES.length];
      try { localStorage.setItem("portal-mode", next); } catch (e) { /* private mode: this page only */ }
      apply(next);
    });
  }

  // phone menu: a drawer with the section tabs, the sidebar and the page's contents
  var menu = document.querySelector(".portal-menu-button");
  var drawer = document.getElementById("portal-drawer");
  function openMenu(open) {
    root.classList.toggle("portal-menu-open", open);
    menu.setAttribute("aria-expanded", String(open));
    if (open) {
      var first = drawer.querySelector("a[aria-current], button, a");
      if (first) first.focus();
    } else {
      menu.focus();
    }
  }
  if (menu && drawer) {
    menu.addEventListener("click", function () { openMenu(!root.classList.contains("portal-menu-open")); });
    drawer.querySelector(".portal-menu-close").addEventListener("click", function () { openMenu(false); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && root.classList.contains("portal-menu-open")) openMenu(false);
    });
    document.addEventListener("click", function (event) {
      if (root.classList.contains("portal-menu-open") && !drawer.contains(event.target) && !menu.contains(event.target)) {
        openMenu(false);
      }
    });
  }

  // a code block wider than its column scrolls: keyboard users must reach it too (WCAG 2.1.1)
  document.querySelectorAll("div.highlight pre").forEach(function (pre) {
    if (pre.scrollWidth > pre.clientWidth) pre.tabIndex = 0;
  });
})();
