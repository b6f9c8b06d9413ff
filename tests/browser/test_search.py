"""The search dialog and results page in Chromium: typing, keys, deep links, nothing loaded before use, axe."""

from __future__ import annotations

import re

import pytest

from .test_accessibility import DISABLED_RULES, describe
from .tools import require_axe

#: requests that belong to search: none may happen before the reader focuses or opens it
SEARCH_REQUEST = re.compile(r"/_pagefind/|portal-search-ui\.js|searchindex\.js|searchtools\.js|language_data\.js")


def open_dialog(page):
    page.locator(".portal-search-button:visible").first.click()
    field = page.locator("#portal-search-input")
    field.wait_for()
    return field


def options(page):
    return page.locator("#portal-search-listbox [role=option]")


def first_result(page, query: str):
    """Open search, type *query* and return the first result once it shows."""
    open_dialog(page).fill(query)
    first = options(page).first
    first.wait_for()
    return first




def test_typing_shows_results_with_title_trail_method_and_highlight(open_page):
    page = open_page("index.html")
    field = open_dialog(page)
    field.press_sequentially("create skill", delay=20)
    first = options(page).first
    first.wait_for()
    assert first.locator(".portal-search-title").inner_text() == "Create skills"
    assert first.locator(".portal-search-trail").inner_text().startswith("Admin › Skills API")
    assert first.locator(".portal-method").inner_text() == "POST"
    assert "/le-users/skills" in first.locator(".portal-search-api").inner_text()
    assert first.locator(".portal-search-snippet mark").count() > 0
    # the combobox pattern: expanded, pointing at the selected option of its listbox
    assert field.get_attribute("aria-expanded") == "true"
    assert field.get_attribute("aria-controls") == "portal-search-listbox"
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"


def test_keys_open_move_choose_and_close(open_page):
    page = open_page("admin/skills-api/index.html")
    page.keyboard.press("/")
    field = page.locator("#portal-search-input")
    field.wait_for()
    assert page.evaluate("document.activeElement.id") == "portal-search-input"
    field.fill("skills")  # one search: keys pressed while results of an earlier keystroke land would race
    options(page).nth(2).wait_for()
    page.wait_for_load_state("networkidle")
    field.press("ArrowDown")
    second = options(page).nth(1)
    assert second.get_attribute("aria-selected") == "true"
    assert field.get_attribute("aria-activedescendant") == second.get_attribute("id")
    field.press("ArrowUp")
    field.press("ArrowUp")  # wraps to the last
    assert options(page).last.get_attribute("aria-selected") == "true"
    field.press("ArrowDown")  # and back to the first
    target = options(page).first.get_attribute("href")
    with page.expect_navigation():
        field.press("Enter")
    assert page.url == target
    # Ctrl+K opens it on any page; Escape closes it
    page.keyboard.press("Control+k")
    field.wait_for()
    dialog = page.locator("dialog.portal-search-dialog")
    assert dialog.evaluate("d => d.open")
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    # opened from the button, closing gives the button its focus back
    page.locator(".portal-search-button:visible").first.focus()
    page.keyboard.press("Enter")
    field.wait_for()
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.className") == "portal-search-button"


def test_a_result_links_to_the_heading_where_the_words_are(open_page):
    page = open_page("index.html")
    first = first_result(page, "keepalive")
    href = first.get_attribute("href")
    assert "retry-policy" in href and "#" in href, href
    anchor = href.split("#", 1)[1]
    with page.expect_navigation():
        first.click()
    box = page.evaluate("(id) => { const r = document.getElementById(id).getBoundingClientRect();"
                        " return [r.top, innerHeight]; }", anchor)
    assert 0 <= box[0] < box[1], f"#{anchor} is not in view after following the result: top={box[0]}"


def test_a_field_result_links_to_its_row(open_page):
    page = open_page("index.html")
    href = first_result(page, "contentToRetrieve").get_attribute("href")
    anchor = href.split("#", 1)[1] if "#" in href else ""
    assert "contenttoretrieve" in anchor.lower(), href


def test_nothing_of_search_loads_until_search_is_opened(open_page):
    page = open_page("admin/skills-api/methods/create-skills.html")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.reload(wait_until="load")
    page.mouse.wheel(0, 600)  # reading the page loads nothing of search either
    page.wait_for_timeout(300)
    early = [url for url in requested if SEARCH_REQUEST.search(url)]
    assert not early, f"search loaded before it was opened: {early}"
    scripts = page.evaluate("[...document.scripts].map(s => s.src).filter(Boolean)")
    assert not [s for s in scripts if SEARCH_REQUEST.search(s)]
    first_result(page, "skill")
    assert any("portal-search-ui.js" in url for url in requested)
    assert any("/_pagefind/pagefind.js" in url for url in requested)


def test_opening_and_typing_shift_no_layout(open_page):
    page = open_page("admin/skills-api/index.html")
    page.evaluate("""() => { window.__shift = 0; new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
        .observe({type: 'layout-shift', buffered: false}); }""")
    field = open_dialog(page)
    field.press_sequentially("users api", delay=20)
    options(page).first.wait_for()
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__shift") == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_in_the_open_dialog(open_page, scheme):
    page = open_page("index.html", scheme=scheme)
    first_result(page, "max wait time")
    page.add_script_tag(content=require_axe())
    result = page.evaluate(
        "async (rules) => await axe.run(document.querySelector('dialog.portal-search-dialog'),"
        " {resultTypes: ['violations'], rules})",
        {rule: {"enabled": False} for rule in DISABLED_RULES},
    )
    assert not result["violations"], f"axe on the search dialog ({scheme}):\n{describe(result['violations'])}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_page_is_shareable_and_accessible(open_page, scheme):
    page = open_page("search.html?q=retrieve+api+keys", scheme=scheme)
    first = page.locator("#portal-search-page .portal-search-results li").first
    first.wait_for()
    assert first.locator(".portal-search-title").inner_text() == "Retrieve API Keys"
    status = page.locator("#portal-search-page [role=status]").inner_text()
    assert re.search(r"results? for “retrieve api keys”", status)
    assert page.locator("#portal-search-page input[name=q]").input_value() == "retrieve api keys"
    page.add_script_tag(content=require_axe())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert not result["violations"], f"axe on search.html ({scheme}):\n{describe(result['violations'])}"


def test_from_disk_the_search_box_says_how_to_serve_the_site(browser, portal):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((portal.outdir / "index.html").as_uri(), wait_until="load")
        page.locator(".portal-search-button:visible").first.click()
        message = page.locator("#portal-search-offline")
        message.wait_for()
        assert "make serve" in message.inner_text()
    finally:
        context.close()
