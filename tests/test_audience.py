"""Sections for writers (``audience: writers`` in sections.yaml): built and navigable, but not a reader's
tab, not in the overview, not in search, and never on a reader's prev/next path."""

from __future__ import annotations

import pytest

from .conftest import build, copy_root, read_html, warnings_of


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(copy_root("audience", tmp_path_factory.mktemp("audience")))


def test_builds_without_warnings(site):
    assert warnings_of(site) == ""


def test_writers_section_has_no_tab_but_its_own_sidebar(site):
    page = read_html(site, "contributing/writing/index")
    assert [a.get_text() for a in page.select_one("nav.portal-tabs").select("a")] == ["Guides"]
    assert page.select_one("nav.portal-sidebar").get_text(" ", strip=True).startswith("Contributing")


def test_overview_lists_only_readers_sections(site):
    overview = read_html(site, "index").select_one("ul.portal-overview").get_text(" ", strip=True)
    assert "Guides" in overview and "Contributing" not in overview


def test_writers_pages_are_marked_nosearch(site):
    assert "nosearch" in site.env.metadata["contributing/writing/index"]
    assert "nosearch" not in site.env.metadata["guides/start/index"]
    index = (site.outdir / "searchindex.js").read_text()
    assert "zanzibar" in index and "quokka" not in index


def test_reading_order_stays_within_an_audience(site):
    last_reader_page = read_html(site, "guides/start/more")
    assert last_reader_page.select_one("a.right-next") is None
    assert read_html(site, "contributing/writing/index").select_one("a.left-prev") is None


def test_unknown_audience_is_a_typed_warning(tmp_path):
    src = copy_root("audience", tmp_path / "bad")
    (src / "sections.yaml").write_text((src / "sections.yaml").read_text().replace("audience: writers",
                                                                                   "audience: editors"))
    app = build(src)
    assert "sections.yaml:4: WARNING: section 'Contributing' has audience 'editors'; use readers or writers " \
           "[portal.sections_file]" in warnings_of(app)


def test_the_footer_links_the_writers_section_on_every_page(site):
    for pagename, prefix in (("index", ""), ("guides/start/more", "../../"), ("contributing/writing/index", "../../")):
        links = read_html(site, pagename).select("footer nav.portal-writers a")
        assert [(a.get_text(), a["href"]) for a in links] == [("Contributing", f"{prefix}contributing/index.html")]
