"""Section tabs, the sidebar and the breadcrumbs navigate, and mark where the reader is."""

from __future__ import annotations

from urllib.parse import urljoin

from .conftest import goto

TABS = "header.portal-header nav.portal-tabs"  # the theme repeats the tabs in the phone menu
SIDEBAR = "nav.portal-sidebar"
CRUMBS = "nav.portal-breadcrumbs"


def link_to(scope, url: str):
    """The first link in *scope* that leads to *url* (however its href is written)."""
    index = scope.locator("a").evaluate_all("(links, url) => links.findIndex(a => a.href === url)", url)
    assert index >= 0, f"no link to {url} in {scope}"
    return scope.locator("a").nth(index)


def click_and_wait(page, locator) -> str:
    """Click *locator* (a link), wait for the page it opens; return the URL it was meant to open."""
    expected = urljoin(page.url, locator.get_attribute("href")).split("#")[0]
    with page.expect_navigation():
        locator.click()
    assert page.url.split("#")[0] == expected, f"clicking {locator} opened {page.url}, not {expected}"
    return expected


def test_section_tabs_navigate_and_mark_the_current_section(open_page, portal):
    page = open_page("index.html")
    names = page.locator(f"{TABS} a.nav-link").all_inner_texts()
    assert len(names) >= 2, f"the header shows {len(names)} section tabs"
    assert page.locator(f"{TABS} [aria-current]").count() == 0, "a section tab is marked current on the landing page"
    for name in names:
        tab = page.locator(TABS).get_by_role("link", name=name, exact=True)
        assert tab.is_visible(), f"the {name!r} tab is not visible at 1280px"
        url = click_and_wait(page, tab)
        assert url.endswith("/index.html") and url != portal.url + "index.html"
        current = page.locator(f"{TABS} a[aria-current]")
        assert current.all_inner_texts() == [name], f"on {url} the tabs mark {current.all_inner_texts()} as current"
        assert "active" in current.locator("xpath=..").get_attribute("class")
        assert page.locator("article h1").first.inner_text().strip() == name


def test_sidebar_navigates_to_documents_and_pages_and_marks_the_current_page(open_page, portal):
    document = portal.page_for("api-overview").removesuffix("/index.html")
    section = document.split("/")[0]
    page = open_page(f"{section}/index.html")
    sidebar = page.locator(SIDEBAR)
    assert sidebar.is_visible(), "no sidebar on the section landing page at 1280px"
    assert sidebar.locator("[aria-current]").count() == 0
    doc_link = link_to(sidebar, portal.url + document + "/index.html")
    title = doc_link.inner_text().strip()
    click_and_wait(page, doc_link)
    current = page.locator(f"{SIDEBAR} a[aria-current='page']")
    assert current.count() == 1 and current.inner_text().strip() == title, \
        f"on {document}'s overview the sidebar marks {current.all_inner_texts()}, not {title!r}"

    method = portal.page_for("method")
    method_link = link_to(page.locator(SIDEBAR), portal.url + method)
    folder = method_link.locator("xpath=ancestor::details[1]")
    if folder.count():  # the methods sit in a collapsed subfolder: open it as a reader would
        assert not method_link.is_visible()
        folder.locator("summary").click()
    assert method_link.is_visible(), f"the sidebar does not show the link to {method}"
    title = method_link.inner_text().strip()
    click_and_wait(page, method_link)
    current = page.locator(f"{SIDEBAR} a[aria-current='page']")
    assert current.count() == 1 and current.inner_text().strip() == title
    assert current.is_visible(), "the current page is hidden in a closed subfolder"
    assert page.locator(f"{SIDEBAR} li.current.active > a[aria-current='page']").count() == 1


def test_breadcrumbs_lead_back(open_page, portal):
    method = portal.page_for("method")
    document = portal.page_for("api-overview")
    section = f"{method.split('/')[0]}/index.html"
    page = open_page(method)
    crumbs = page.locator(f"{CRUMBS} li")
    assert crumbs.last.get_attribute("aria-current") == "page"
    assert crumbs.last.inner_text().strip() == page.locator("article h1").first.inner_text().strip()
    links = page.locator(f"{CRUMBS} a")
    names = links.all_inner_texts()
    assert len(names) >= 3, f"breadcrumbs on {method}: {crumbs.all_inner_texts()}"
    # the first three lead to the portal, the section and the document; any after them (a subfolder) to its page
    known = {0: portal.url + "index.html", 1: portal.url + section, 2: portal.url + document}
    for index in reversed(range(len(names))):  # from the nearest crumb back to the portal's landing page
        url = click_and_wait(page, page.locator(f"{CRUMBS} a").nth(index))
        assert url == known.get(index, url), f"the breadcrumb {names[index]!r} leads to {url}, not {known[index]}"
        assert page.locator("article h1").first.is_visible()
        goto(page, method)
