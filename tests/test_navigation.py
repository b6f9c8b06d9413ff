"""Navigation generated from the taxonomy: tabs, sidebar, breadcrumbs, prev/next, generated pages."""

from __future__ import annotations

import pytest

from .conftest import build, copy_root, read_html, warnings_of


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(copy_root("taxonomy", tmp_path_factory.mktemp("nav")))


def test_builds_without_warnings(site):
    assert warnings_of(site) == ""


def test_tabs_show_every_section_and_mark_the_current_one(site):
    html = read_html(site, "admin/skills-api/methods/create")
    tabs = html.select("nav.portal-tabs")[0].select("a")
    assert [a.get_text() for a in tabs] == ["Guides", "Admin"]
    assert [a.get("aria-current") for a in tabs] == [None, "true"]
    assert tabs[0]["href"] == "../../../guides/index.html"


def test_sidebar_expands_current_document_and_marks_the_page(site):
    html = read_html(site, "admin/skills-api/methods/create")
    nav = html.select_one("nav.portal-sidebar")
    links = [(a.get_text(" ", strip=True), a.get("aria-current")) for a in nav.select("a")]
    assert links == [
        ("Admin", None),
        ("Skills API Chat Messaging", None),
        ("Getting Started", None),
        ("Skills API methods", None),  # a subfolder's index.md comes first
        ("Get all skills", None),
        ("Create <skills> & more Chat", "page"),
        ("Appendix", None),
        ("Users API", None),
    ]
    # the subfolder holding the current page is open; the tree works without JavaScript
    assert nav.select_one("details").has_attr("open")
    # only the current document is expanded
    assert len(nav.select("li.toctree-l1")) == 2 and len(nav.select("li.toctree-l1 ul")) == 2


def test_sidebar_escapes_titles(site):
    raw = (site.outdir / "admin/skills-api/methods/get-all.html").read_text()
    assert "Create &lt;skills&gt; &amp; more" in raw


def test_breadcrumbs_lead_back_up(site):
    html = read_html(site, "admin/skills-api/methods/get-all")
    crumbs = html.select_one("nav.portal-breadcrumbs")
    items = [(li.get_text(strip=True), li.a["href"] if li.a else None) for li in crumbs.select("li")]
    assert items == [("Portal", "../../../index.html"), ("Admin", "../../../admin/index.html"),
                     ("Skills API", "../../../admin/skills-api/index.html"),
                     ("Methods", "../../../admin/skills-api/methods/index.html"),
                     ("Get all skills", None)]
    assert crumbs.select("li")[-1]["aria-current"] == "page"


def test_prev_next_follow_the_taxonomy(site):
    html = read_html(site, "admin/skills-api/getting-started")
    assert html.select_one("a.left-prev")["href"] == "../../admin/skills-api/index.html"
    assert html.select_one("a.right-next")["href"] == "../../admin/skills-api/methods/index.html"


def test_section_landing_page_has_summary_and_a_card_per_document(site):
    html = read_html(site, "admin/index")
    assert html.select_one("article h1").get_text() == "Admin"
    assert html.select_one("p.lead").get_text() == "Manage users & <skills>."
    cards = html.select(".sd-card")
    assert [c.select_one(".sd-card-title").get_text(" ", strip=True) for c in cards] == [
        "Skills API Chat Messaging", "Users API"]
    assert [c.select_one("a.sd-stretched-link")["href"] for c in cards] == [
        "skills-api/index.html", "users-api/index.html"]
    assert cards[0].select_one(".sd-card-text").get_text() == "Manage skills."
    assert html.select_one("nav.portal-tabs a[aria-current]").get_text() == "Admin"


def test_document_overview_lists_its_pages(site):
    html = read_html(site, "admin/skills-api/index")
    section = html.select_one("section#in-this-document")
    assert [a.get_text() for a in section.select("li a")] == [
        "Getting Started", "Skills API methods", "Get all skills", "Create <skills> & more", "Appendix"]
    assert "Get every skill." in section.get_text()


def test_overview_directive_lists_sections_and_documents(site):
    html = read_html(site, "index")
    overview = html.select_one("ul.portal-overview")
    assert [a.get_text() for a in overview.select("a")] == ["Guides", "Start Here", "Admin", "Skills API",
                                                            "Users API"]
    assert "Manage users & <skills>." in overview.get_text()
    # the landing page has no sidebar of its own
    assert html.select_one("nav.portal-sidebar") is None


def test_indicators_are_text_badges(site):
    html = read_html(site, "admin/skills-api/index")
    badges = [b.get_text() for b in html.select("nav.portal-sidebar .portal-badge")]
    assert badges[:2] == ["Chat", "Messaging"]
    # by the page's own title too, but not inside the title other pages and the window show
    assert [b.get_text() for b in html.select("article h1 .portal-badge")] == ["Chat", "Messaging"]
    assert html.title.get_text().startswith("Skills API \u2014")
    method = read_html(site, "admin/skills-api/methods/create")
    assert [b.get_text() for b in method.select("article h1 .portal-badge")] == ["Chat"]
    assert [b.get_text() for b in read_html(site, "admin/users-api/index").select("article h1 .portal-badge")] == []


def test_search_index_holds_every_page(site):
    index = (site.outdir / "searchindex.js").read_text()
    for docname in ["admin/skills-api/methods/create", "guides/start/auth", "admin/users-api/index"]:
        assert f'"{docname}"' in index


# "On this page": navhtml.page_toc writes what the theme's generate_toc_html writes, without parsing HTML.
# The inputs are the `toc` HTML Sphinx gives a page, captured from real builds.
TOC_ONE_TITLE = """<ul>
<li><a class="reference internal" href="#">Get <code class="docutils literal notranslate"><span class="pre">skills</span></code> &amp; more</a><ul>
<li><a class="reference internal" href="#request-emph">Request <em>emph</em></a><ul>
<li><a class="reference internal" href="#headers">Headers</a><ul>
<li><a class="reference internal" href="#deep">Deep</a></li>
</ul>
</li>
</ul>
</li>
<li><a class="reference internal" href="#response">Response</a></li>
</ul>
</li>
</ul>
"""  # noqa: E501 - Sphinx's HTML as captured, one element a line
TOC_TITLE_ONLY = """<ul>
<li><a class="reference internal" href="#">Only title</a></li>
</ul>
"""
TOC_TWO_TOPS = """<ul>
<li><a class="reference internal" href="#">First top</a><ul>
<li><a class="reference internal" href="#sub">Sub</a></li>
</ul>
</li>
<li><a class="reference internal" href="#second-top">Second top</a></li>
</ul>
"""


@pytest.mark.parametrize("toc", [TOC_ONE_TITLE, TOC_TITLE_ONLY, TOC_TWO_TOPS, ""])
@pytest.mark.parametrize("show_level", [0, 1, 2, 3])
def test_page_toc_is_the_themes_markup(toc, show_level):
    from pydata_sphinx_theme.toctree import add_toctree_functions

    from devportal.core.navrender import page_toc

    context = {"toc": toc, "theme_show_toc_level": show_level}
    add_toctree_functions(None, "page", "page.html", context, None)  # the theme's own function, unchanged
    assert page_toc(toc, show_level) == str(context["generate_toc_html"]())


def test_page_toc_keeps_the_title_out_and_levels_in():
    from devportal.core.navrender import page_toc

    html = page_toc(TOC_ONE_TITLE)
    assert 'href="#"' not in html and "Request <em>emph</em>" in html
    assert '<li class="toc-h2 nav-item toc-entry"><a class="reference internal nav-link" href="#response">' in html
    assert '<li class="toc-h4 nav-item toc-entry">' in html
    assert page_toc(TOC_TITLE_ONLY) == ""
