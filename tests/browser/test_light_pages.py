"""Light pages (issue #14): what a reader's browser fetches, served as a CDN serves it (gzip, long-lived
caching of hashed assets); no layout shift; the colour mode without a flash; the phone menu; print.

Bytes and requests do not depend on the machine's speed, so they are asserted; Lighthouse's performance
score does, so only its deterministic categories are (accessibility, best practices, SEO).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from urllib.parse import urlsplit

import pytest

from .conftest import DESKTOP, PHONE, goto
from .tools import CHROMIUM_ARGS, NODE_MODULES, REPO, missing

sys.path.insert(0, str(REPO / "benchmarks"))
from pageweight import cold_view
from serve import serve

BUDGET_KB = 150  # a cold view of any page, compressed
ROLES = ["landing", "section", "method"]


@pytest.fixture(scope="module")
def cdn(portal_html):
    """The built portal served compressed with cache headers; yields (root URL, log of requested paths)."""
    log: list[str] = []
    with serve(portal_html, log) as root:
        yield root, log


@pytest.fixture
def fresh(browser):
    """A new browser context (an empty cache) per call; all closed at the end of the test."""
    contexts = []

    def new(viewport=DESKTOP, scheme="light"):
        context = browser.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield new
    for context in contexts:
        context.close()


def fetched(log: list[str]) -> set[str]:
    return {urlsplit(path).path for path in log}


@pytest.mark.parametrize("role", ROLES)
def test_a_cold_view_fetches_only_what_the_page_names_within_budget(fresh, cdn, portal, role):
    root, log = cdn
    path = portal.page_for(role)
    expected = cold_view(portal.outdir, path)
    page = fresh(viewport=PHONE)
    log.clear()
    page.goto(root + path, wait_until="networkidle")
    got = fetched(log) - {"/favicon.ico"}  # Chromium may ask for one; the page names its own icon
    assert got <= set(expected.files), f"{path} fetched files the count does not know: {got - set(expected.files)}"
    missing_now = set(expected.files) - got - {p for p in expected.files if p.endswith(".svg")}  # icons: lazily
    assert not missing_now, f"{path}: counted but not fetched: {missing_now}"
    assert expected.sent / 1024 <= BUDGET_KB, f"a cold view of {path} sends {expected.sent / 1024:.0f} KB"
    # the heaviest page, a method: its HTML, 6 stylesheets (theme, search button, code colours, copy button,
    # sample tabs, method styles), 7 small scripts (theme, search loader, copy button x2, tabs, options, fields)
    # and the icon — all cached for a year after the first view
    assert expected.requests <= 16, f"a cold view of {path} makes {expected.requests} requests"
    names = " ".join(expected.files)
    assert "fontawesome" not in names and "bootstrap" not in names and "searchindex" not in names
    if role == "method":  # no cards: sphinx-design's CSS only for the request samples' tabs
        html = (portal.outdir / path).read_text(encoding="utf-8")
        assert "sphinx-design" not in names or "sd-tab-set" in html, "sphinx-design's CSS without cards or tabs"
        assert "sd-card" not in html
    else:
        assert "copybutton" not in names or "highlight" in (portal.outdir / path).read_text(encoding="utf-8")


def test_a_second_page_loads_only_its_html(fresh, cdn, portal):
    root, log = cdn
    document = portal.api_documents()[0]
    first, second = portal.method_pages(document)[:2]
    page = fresh()
    page.goto(root + first, wait_until="networkidle")
    log.clear()
    page.goto(root + second, wait_until="networkidle")
    assert fetched(log) == {"/" + second}, f"the second page view fetched {sorted(fetched(log))}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("role", ROLES)
def test_nothing_shifts_while_a_page_loads(fresh, cdn, portal, role, viewport):
    root, _ = cdn
    page = fresh(viewport=viewport)
    page.add_init_script("""window.__shift = 0; window.__moved = [];
        new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) {
            window.__shift += e.value;
            for (const s of e.sources || [])
                window.__moved.push(s.node ? s.node.nodeName + '.' + s.node.className : '?');
        } }).observe({type: 'layout-shift', buffered: true});""")
    page.goto(root + portal.page_for(role), wait_until="networkidle")
    page.wait_for_timeout(300)
    # CLS 0 as Lighthouse reports it (two decimals). Once, on a loaded CI machine, a sub-pixel shift of 2.4e-05
    # was seen on a phone that no later run reproduced; anything a reader could see is far above 0.001.
    shift, moved = page.evaluate("window.__shift"), page.evaluate("window.__moved")
    assert shift < 0.001, f"layout shift {shift} (moved: {moved})"


def test_dark_mode_is_set_before_the_first_paint(fresh, cdn, portal):
    """The inline script in <head> sets the scheme: with the theme's deferred script withheld, the page is
    still dark, so no light frame is ever painted first."""
    root, _ = cdn
    page = fresh(scheme="dark")
    page.route("**/devportal.js*", lambda route: route.fulfill(status=200, body="", content_type="text/javascript"))
    page.goto(root + portal.page_for("method"), wait_until="load")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert page.evaluate("c => c.match(/\\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b) < 150", background)
    head = (portal.outdir / portal.page_for("method")).read_text(encoding="utf-8").split("</head>")[0]
    assert head.index("dataset.theme") < head.index('rel="stylesheet"'), "the scheme is set after styles load"


def test_colour_mode_switch_cycles_and_is_remembered(open_page, portal):
    page = open_page(portal.page_for("method"), scheme="light")
    button = page.locator(".portal-mode-button")
    seen = []
    for _ in range(3):
        button.click()
        seen.append((page.evaluate("document.documentElement.dataset.mode"),
                     page.evaluate("document.documentElement.dataset.theme")))
    assert seen == [("light", "light"), ("dark", "dark"), ("auto", "light")]
    assert button.get_attribute("aria-label") == "Colour mode: system"
    button.click()
    button.click()  # dark
    goto(page, portal.page_for("landing"))
    assert page.evaluate("document.documentElement.dataset.theme") == "dark", "the chosen mode is not remembered"


def test_phone_menu_opens_the_navigation_and_closes(open_page, portal):
    page = open_page(portal.page_for("method"), viewport=PHONE)
    current = page.locator("#portal-drawer nav.portal-sidebar a[aria-current='page']")
    menu = page.locator(".portal-menu-button")
    assert not current.is_visible() and menu.is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert current.is_visible(), "the open menu does not show the current page"
    assert page.locator("#portal-drawer nav.portal-tabs a").first.is_visible(), "the open menu lacks the sections"
    assert page.locator("#portal-drawer .portal-drawer-toc a").count() > 0, "the open menu lacks 'On this page'"
    page.keyboard.press("Escape")
    assert not current.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('portal-menu-button')")


def test_print_shows_the_article_alone(open_page, portal):
    page = open_page(portal.page_for("method"))
    page.emulate_media(media="print")
    assert page.locator("article h1").first.is_visible()
    for chrome in ("header.portal-header", "nav.portal-sidebar", ".portal-secondary", ".portal-prev-next"):
        assert not page.locator(chrome).first.is_visible(), f"{chrome} is printed"


LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"


@pytest.mark.parametrize(("role", "preset"), [("landing", "mobile"), ("method", "mobile"), ("404", "desktop")])
def test_lighthouse_accessibility_best_practices_and_seo(cdn, portal, role, preset):
    if not LIGHTHOUSE.exists():
        missing("npm", "lighthouse is not installed (node_modules/.bin/lighthouse missing)")
    root, _ = cdn
    path = "404.html" if role == "404" else portal.page_for(role)
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        cmd = [str(LIGHTHOUSE), root + path, "--output=json", f"--output-path={report}", "--quiet",
               "--only-categories=accessibility,best-practices,seo,performance",
               "--chrome-flags=--headless " + " ".join(CHROMIUM_ARGS)]
        if preset == "desktop":
            cmd.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")}
        run = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr[-2000:]
        with open(report, encoding="utf-8") as f:
            result = json.load(f)
    scores = {k: round(v["score"] * 100) for k, v in result["categories"].items()}
    for category in ("accessibility", "best-practices", "seo"):
        assert scores[category] == 100, f"Lighthouse {category} on {path} ({preset}): {scores[category]}"
    audits = result["audits"]
    assert audits["cumulative-layout-shift"]["numericValue"] == 0
    assert audits["total-byte-weight"]["numericValue"] / 1024 <= BUDGET_KB
