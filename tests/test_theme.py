"""The portal's theme (``html_theme = "devportal"``): each page loads only what it uses, every asset is
versioned for long-lived caching, and the layout holds what readers rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from devportal.theme import assets as theme

from .conftest import build, copy_root, read_html


def assets(page) -> tuple[list[str], list[str]]:
    """(stylesheet URLs, script URLs) a built page loads."""
    css = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    js = [script["src"] for script in page.find_all("script", src=True)]
    return css, js


def names(urls: list[str]) -> set[str]:
    return {Path(url.split("?")[0]).name for url in urls}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(copy_root("site", tmp_path_factory.mktemp("theme")))


def test_code_pages_load_code_styles_and_copy_buttons_other_pages_do_not(site):
    css, js = assets(read_html(site, "guides/start/index"))  # has shell and Python examples
    assert {"devportal.css", "portal-pygments.css", "copybutton.css"} <= names(css)
    assert {"documentation_options.js", "clipboard.min.js", "copybutton.js", "devportal.js"} <= names(js)
    css, js = assets(read_html(site, "guides/start/glossary"))  # text only
    assert names(css) == {"devportal.css", "portal-search.css"}  # the search button and its dialog (1.6 KB sent)
    assert names(js) == {"devportal.js", "portal-search.js"}  # the search loader, deferred


def test_cards_load_sphinx_design_only_where_they_are(site):
    landing = read_html(site, "admin/index")
    assert landing.select(".sd-card"), "the fixture's section landing page has no cards"
    assert "sphinx-design.min.css" in names(assets(landing)[0])
    assert "sphinx-design.min.css" not in names(assets(read_html(site, "guides/start/index"))[0])
    assert "design-tabs.js" not in names(assets(landing)[1])  # cards, no tab sets


def test_no_heavy_theme_assets_and_every_asset_is_versioned(site):
    for pagename in ("index", "guides/start/index", "admin/index", "404", "genindex"):  # search.html: the search's
        page = read_html(site, pagename)
        css, js = assets(page)
        loaded = css + js + [str(link["href"]) for link in page.find_all("link", rel="icon")]
        assert all("?v=" in url for url in loaded), f"{pagename}: unversioned {[u for u in loaded if '?v=' not in u]}"
        joined = " ".join(loaded)
        for heavy in ("pydata-sphinx-theme", "bootstrap", "fontawesome", "_static/pygments.css"):
            assert heavy not in joined, f"{pagename} loads {heavy}"
        assert "searchtools" not in joined and "searchindex" not in joined, f"{pagename} loads the search index"
        assert all(not s.find_parent("head") for s in page.find_all("script", src=True)), \
            f"{pagename}: a script blocks the first paint"
    assert not list(Path(site.outdir, "_static").glob("**/*.woff*")), "a web font is published"


def test_method_styles_only_on_pages_with_methods(tmp_path):

    app = build(copy_root("api", tmp_path))
    assert "api.css" in names(assets(read_html(app, "admin/skills-api/methods/create-skills"))[0])
    assert "api.css" in names(assets(read_html(app, "admin/skills-api/appendix"))[0])  # an entity's field table
    assert "api.css" in names(assets(read_html(app, "guides/links/index"))[0])  # {api:method} references
    assert "api.css" not in names(assets(read_html(app, "admin/skills-api/getting-started"))[0])


def test_the_layout_holds_what_readers_rely_on(site):
    page = read_html(site, "guides/start/index")
    header = page.select_one("header.portal-header")
    assert header.select("nav.portal-tabs a") and header.select_one("a.portal-logo")
    assert header.select_one(".portal-search-slot .portal-search-button"), "the search template is not in the header"
    assert header.select_one("button.portal-mode-button") and header.select_one("button.portal-menu-button")
    assert page.select_one("#portal-drawer nav.portal-sidebar a[aria-current='page']")
    assert page.select_one("#portal-drawer nav.portal-tabs")  # the phone menu has the sections too
    assert page.select_one("nav.portal-breadcrumbs") and page.select_one("article.portal-article h1")
    assert page.select_one("aside.portal-secondary nav.page-toc a")  # On this page
    assert page.select("a.headerlink")[0].get_text() == "#"
    assert not page.select("i.fa-solid:not([aria-hidden])"), "an icon without aria-hidden"
    head = str(page.head)
    assert head.index("dataset.theme") < head.index('rel="stylesheet"'), "the colour mode is set after styles load"


def test_code_colours_for_both_schemes():
    css = theme.pygments_css()
    assert 'html[data-theme="light"] .highlight .k ' in css and 'html[data-theme="dark"] .highlight .k ' in css


def test_pages_without_a_summary_still_describe_themselves(site):
    page = read_html(site, "404")
    descriptions = page.find_all("meta", attrs={"name": "description"})
    assert len(descriptions) == 1 and descriptions[0]["content"].startswith("Page not found.")
    assert read_html(site, "search").find("meta", attrs={"name": "description"})["content"]
