"""Search finds API pages by a parameter name; the copy button copies a request example."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

#: a parameter of the Skills API's methods, named in the issue
PARAMETER = "maxWaitTime"


def pages_mentioning(portal, document: str, word: str) -> set[str]:
    """The built pages of *document* whose text says *word* (what a search for it must list)."""
    found = set()
    for path in (portal.outdir / document).rglob("*.html"):
        article = path.read_text(encoding="utf-8").split('<article class="portal-article">', 1)[-1]
        if re.search(rf"\b{re.escape(word)}\b", re.sub(r"<[^>]+>", " ", article)):
            found.add(str(path.relative_to(portal.outdir)))
    return found


def test_search_for_a_parameter_lists_the_skills_api_pages(open_page, portal):
    skills = portal.skills_api()
    expected = pages_mentioning(portal, skills, PARAMETER)
    if not expected:
        pytest.skip(f"content gap: no page of {skills} mentions {PARAMETER} yet")
    page = open_page("index.html")
    page.locator(".portal-search-button:visible").first.click()  # the search button in the header
    field = page.locator("#portal-search-input")
    field.wait_for()
    field.fill(PARAMETER)
    page.locator("#portal-search-listbox [role=option]").first.wait_for()
    # the shareable results page lists them all
    page.goto(f"search.html?q={PARAMETER}")
    results = page.locator("#portal-search-page .portal-search-results li a")
    results.first.wait_for(timeout=15_000)
    listed = {a.split("#")[0].split("?")[0] for a in results.evaluate_all(
        "els => els.map(a => new URL(a.getAttribute('href'), location.href).pathname.slice(1))")}
    missing = expected - listed
    assert not missing, f"a search for {PARAMETER} lists {sorted(listed)}; it misses {sorted(missing)}"


REQUEST_EXAMPLE = ".portal-api-request div.highlight"


def copyable_method_page(portal) -> str:
    """The first method page (Skills API first) whose request has an example, from the api-request directive."""
    for document in portal.api_documents():
        for path in portal.method_pages(document):
            html = BeautifulSoup((portal.outdir / path).read_text(encoding="utf-8"), "html.parser")
            if html.select(REQUEST_EXAMPLE):
                return path
    pytest.skip("content gap: no method page has a request example yet (`example:` in an api-request block)")


def test_copy_button_copies_a_request_example(open_page, portal):
    path = copyable_method_page(portal)
    page = open_page(path, permissions=("clipboard-read", "clipboard-write"))
    example = page.locator(REQUEST_EXAMPLE).first
    example.scroll_into_view_if_needed()
    example.hover()  # the button shows on hover
    button = example.locator("button.copybtn")
    assert button.is_visible(), f"no copy button shows on the request example of {path}"
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    shown = example.locator("pre").inner_text()
    assert copied.strip(), f"the copy button on {path} copied nothing"
    assert copied.strip() == shown.strip(), f"the copy button copied {copied!r}, the example shows {shown!r}"
