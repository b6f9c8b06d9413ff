"""Browser tests: the real portal (docs/), built once, served on 127.0.0.1, driven in Chromium.

Package-scoped fixtures build ``docs/`` with Sphinx into a temporary folder (so ``make
test`` needs nothing built beforehand and never races ``make html`` or another
test run over ``build/html``), serve it with ``http.server`` in a thread, and
launch Debian's Chromium through Playwright. Set ``PORTAL_BROWSER_HTML`` to an
existing build folder (``build/html`` after ``make html``) to skip the build
while iterating on the tests.

Every page a test opens is watched: a console error, an uncaught exception, a
failed request or an HTTP error status fails that test when it ends.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .portal import Portal
from .tools import CHROMIUM_ARGS, REPO, missing, require_chromium

SCREENSHOTS = REPO / "build" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


def pytest_collection_modifyitems(config, items):
    """Mark the browser tests, and run them after all others.

    While they run, the process holds threads (the HTTP server, Playwright's driver); a test that forks
    afterwards (Sphinx's parallel builds do) could inherit a held lock and hang. Their fixtures are
    package-scoped, so all of it is gone before any later test; running them last makes that doubly sure.
    """
    here = Path(__file__).parent
    browser, others = [], []
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            browser.append(item)
        else:
            others.append(item)
    items[:] = others + browser


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: end-to-end, accessibility and HTML checks of the built portal "
                            "(deselect with -m 'not browser')")


# -- the built portal ----------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def portal_html(tmp_path_factory) -> Path:
    """The portal built from docs/ (no -W: warnings are `make html`'s job; these tests judge the result)."""
    given = os.environ.get("PORTAL_BROWSER_HTML")
    if given:
        outdir = Path(given).resolve()
        if not (outdir / "index.html").is_file():
            pytest.fail(f"PORTAL_BROWSER_HTML={given} holds no built portal (no index.html)", pytrace=False)
        return outdir
    work = tmp_path_factory.mktemp("portal")
    outdir = work / "html"
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-j", "auto", "-d", str(work / "doctrees"),
         str(REPO / "docs"), str(outdir)],
        capture_output=True, text=True, cwd=REPO,
    )
    if run.returncode != 0 or not (outdir / "index.html").is_file():
        pytest.fail(f"building docs/ failed (exit {run.returncode}):\n{run.stderr[-4000:]}", pytrace=False)
    print(f"\nbrowser tests: built docs/ in {time.monotonic() - started:.1f}s "
          f"({run.stderr.count('WARNING')} warnings)", file=sys.stderr)
    return outdir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="package")
def portal(portal_html) -> Iterator[Portal]:
    """The built portal, served over HTTP on 127.0.0.1 (a free port) for the whole session."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(portal_html)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="portal-http", daemon=True)
    thread.start()
    yield Portal(portal_html, f"http://127.0.0.1:{server.server_address[1]}/")
    server.shutdown()
    server.server_close()
    thread.join()


# -- the browser ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser():
    executable = require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright", "the `playwright` Python package is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """What went wrong on the pages of one browser context: console errors, exceptions, failed requests."""

    def __init__(self, context):
        self.problems: list[str] = []
        context.on("console", self._console)
        context.on("weberror", lambda error: self.problems.append(f"uncaught exception: {error.error}"))
        context.on("requestfailed", self._failed)
        context.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"console error on {message.page.url if message.page else '?'}: {message.text}")

    def _failed(self, request):
        failure = request.failure or ""
        # ERR_ABORTED is a load the page itself cancelled by navigating away (a click on a link while an image
        # was still loading), not a missing resource: those come back as responses with an error status.
        if "ERR_ABORTED" not in failure:
            self.problems.append(f"request failed: {request.url} ({failure})")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def open_page(browser, portal):
    """Open a page in a fresh context: ``open_page(path, width=1280, scheme="light")``.

    The test fails when it ends if any page of the context logged a console error, threw, or had a request
    fail or answered with an error status.
    """
    opened = []

    def open_(path: str = "index.html", *, viewport: dict | None = None, scheme: str = "light",
              permissions: tuple[str, ...] = ()):
        context = browser.new_context(base_url=portal.url, viewport=viewport or DESKTOP, color_scheme=scheme,
                                      reduced_motion="reduce", permissions=list(permissions))
        context.set_default_timeout(10_000)  # a static page on loopback: anything slower is a failure
        watch = PageWatch(context)
        opened.append((context, watch))
        page = context.new_page()
        goto(page, path)
        return page

    yield open_
    problems = []
    for context, watch in opened:
        problems += watch.problems
        context.close()
    if problems:
        pytest.fail("problems on the pages visited:\n  " + "\n  ".join(dict.fromkeys(problems)), pytrace=False)


def goto(page, path: str):
    """Go to *path* (relative to the portal root) and wait for its load event (a static page: all is loaded)."""
    response = page.goto(path, wait_until="load")
    assert response is not None and response.ok, f"{path}: HTTP {response.status if response else 'no response'}"
    return response


@pytest.fixture(scope="session")
def screenshots():
    """``screenshots(page, name)`` saves build/screenshots/NAME.png, the page from its top to the end of its
    first card grid (what a visitor sees first), and NAME-full.png, the whole page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        width = page.viewport_size["width"]
        bottom = page.evaluate("() => { const g = document.querySelector('.portal-cards');"
                               " return g ? Math.ceil(g.getBoundingClientRect().bottom + window.scrollY) + 24 : 0; }")
        height = max(bottom, page.viewport_size["height"])
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=path, full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
        page.screenshot(path=SCREENSHOTS / f"{name}-full.png", full_page=True)
        return path

    return save
