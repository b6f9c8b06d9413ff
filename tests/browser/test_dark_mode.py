"""Dark mode: a reader whose system prefers dark gets the dark theme, and every kind of text stays legible."""

from __future__ import annotations

import pytest

from .dom import contrast_report

#: what a reader reads on a page, by kind
TEXT = {
    "headings": "article h1, article h2, article h3",
    "body text": "article p, article li",
    "links": "article a, nav.portal-sidebar a",
    "section tabs": "nav.portal-tabs a",
    "breadcrumbs": "nav.portal-breadcrumbs li",
    "cards": ".portal-card .sd-card-title, .portal-card .sd-card-text",
    "code": "article pre, article code",
    "badges": ".portal-badge",
}


@pytest.mark.parametrize("role", ["landing", "method"])
def test_dark_mode_renders_legibly(open_page, portal, screenshots, role):
    page = open_page(portal.page_for(role), scheme="dark")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert page.evaluate("c => { const [r, g, b] = c.match(/\\d+/g).map(Number); return r + g + b < 150; }",
                         background), f"dark mode keeps a light page background: {background}"
    seen = 0
    for kind, selector in TEXT.items():
        for item in contrast_report(page, selector):
            seen += 1
            needed = 3 if item["large"] else 4.5
            assert item["ratio"] >= needed, \
                f"{kind} {item['text']!r} has contrast {item['ratio']:.2f} < {needed} in dark mode"
    assert seen > 5
    if role == "landing":
        screenshots(page, "landing-dark")
