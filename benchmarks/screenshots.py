"""Screenshots of a built portal for people to compare: landing, section and method pages, desktop and
phone, light and dark, and the phone menu open. Saved as build/screenshots/<prefix>-<page>-<view>.png.

    python benchmarks/screenshots.py build/html --prefix after
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from serve import serve

REPO = Path(__file__).resolve().parents[1]
PAGES = {"landing": "index.html", "section": "admin/index.html",
         "method": "admin/skills-api/methods/create-skills.html"}
VIEWS: dict[str, tuple[Any, Any]] = {
    "desktop": ({"width": 1280, "height": 800}, "light"),
    "desktop-dark": ({"width": 1280, "height": 800}, "dark"),
    "phone": ({"width": 375, "height": 812}, "light"),
    "phone-dark": ({"width": 375, "height": 812}, "dark"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--prefix", default="after")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    dest = REPO / "build" / "screenshots"
    dest.mkdir(parents=True, exist_ok=True)
    with serve(args.outdir) as root, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for name, path in PAGES.items():
            for view, (viewport, scheme) in VIEWS.items():
                page = browser.new_page(viewport=viewport, color_scheme=scheme)
                page.goto(root + path, wait_until="load")
                page.screenshot(path=dest / f"{args.prefix}-{name}-{view}.png")
                if view == "phone" and name == "method":
                    menu = page.locator(".portal-menu-button, .pst-navbar-icon.sidebar-toggle").first
                    if menu.is_visible():
                        menu.click()
                        page.wait_for_timeout(400)
                        page.screenshot(path=dest / f"{args.prefix}-{name}-phone-menu.png")
                page.close()
        browser.close()
    print(f"screenshots in {dest}")


if __name__ == "__main__":
    main()
