"""API method pages on a phone and in both colour schemes: nothing widens the page, badges stay legible."""

from __future__ import annotations

import pytest

from .conftest import PHONE
from .dom import contrast_report

PAGES = ["admin/skills-api/methods/create-skills.html", "admin/users-api/methods/get-user-by-id.html",
         "admin/users-api/appendix.html", "guides/all-endpoints/index.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_api_pages_fit_a_phone_and_stay_legible(open_page, portal, scheme, path):
    if not portal.exists(path):
        pytest.skip(f"content gap: {path} was not built")
    page = open_page(path, viewport=PHONE, scheme=scheme)
    widths = page.evaluate("""() => ({page: document.documentElement.scrollWidth, view: window.innerWidth,
        tables: [...document.querySelectorAll('table.portal-api-table')].map(
            t => t.getBoundingClientRect().right
                 - t.closest('.portal-api-table-wrapper').getBoundingClientRect().right)})""")
    assert widths["page"] <= widths["view"], f"{path} is {widths['page']}px wide on a {widths['view']}px phone"
    assert widths["tables"] and max(widths["tables"]) <= 1, f"{path}: a table is wider than the text column"
    checked = 0
    for item in contrast_report(page, ".portal-method, .portal-api-placeholder"):
        checked += 1
        assert item["ratio"] >= 4.5, f"{item['text']!r} has contrast {item['ratio']:.2f} in {scheme} mode"
    assert checked > 0
