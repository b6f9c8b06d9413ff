"""Search: the Sphinx-free index builder (core.search_index) and real builds of tests/roots/test-search.

What Pagefind indexed is read back from its fragments (one gzipped JSON per page: url, content, meta, anchors),
so these tests see what a search can find. The browser tests (tests/browser/test_search*.py) run real queries.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from devportal.core import search_index as si

from .conftest import build, copy_root, read_html, search_index, warnings_of

pytestmark = pytest.mark.sphinx("html", testroot="search")

AUTH = "This request is authorized with a bearer token from the Login Service, sent in the Authorization header."


indexed = search_index  # url -> the fragment Pagefind wrote for that page


# =============================================================================================
# core, without Sphinx


def test_identifiers_are_also_words():
    assert si.identifier_words("maxWaitTime") == ["max", "wait", "time"]
    assert si.identifier_words("X-HTTP-Method-Override") == ["x", "http", "method", "override"]
    assert si.identifier_words("baseURI") == ["base", "uri"]
    assert si.spelled_out("Send maxWaitTime and v=4.0 to le-users") == "maxWaitTime max wait time"
    assert si.spelled_out("?select=id,name,maxWaitTime") == "maxWaitTime max wait time"


def test_keywords_from_a_list_or_a_comma_separated_string():
    assert si.parse_keywords(["a b", " c "]) == ("a b", "c")
    assert si.parse_keywords("api key,  token ,") == ("api key", "token")
    assert si.parse_keywords(None) == ()


def record(docname: str, *texts: str, **kw) -> si.PageRecord:
    return si.PageRecord(docname=docname, title=docname.title(), blocks=[si.Block(texts=list(texts))], **kw)


def test_a_text_on_four_pages_is_boilerplate_and_on_three_is_not():
    shared = "Send this request to the host of the accountConfigReadWrite service."
    rare = "Only three pages say this rather long sentence about widgets."
    records = [record(f"p{i}", shared, rare if i < 3 else "x") for i in range(4)]
    skip = si.boilerplate(records)
    assert si.normalize(shared) in skip
    assert si.normalize(rare) not in skip
    assert "x" not in skip  # short texts are never boilerplate


def test_route_segments_most_methods_share_tell_none_apart():
    records = [si.PageRecord(docname=f"m{i}", title="t", methods=[si.Method("GET", f"/api/account/{{a}}/w{i}", "")])
               for i in range(4)]
    assert si.common_segments(records) == {"api", "account", "{a}"}


def test_vocabulary_is_words_of_five_letters_or_more_by_first_letter_most_frequent_first():
    records = [record("a", "Widgets and widgets hold settings"), record("b", "Widgets are gadgets"),
               si.PageRecord(docname="c", title="c", fields=[si.Field("maxWaitTime", "f")])]
    words = si.vocabulary(records)
    assert words["w"] == ["widgets"]
    assert words["s"] == ["settings"]
    assert words["g"] == ["gadgets"]
    assert "maxwaittime" in words["m"]  # the field as typed ...
    corrected = [word for listed in words.values() for word in listed]
    assert "hold" not in corrected  # ... while short words are never corrected


def test_index_html_weighs_title_over_method_over_field_over_body_and_escapes():
    rec = si.PageRecord(docname="d", title="Get <b>widget</b>", summary="A & B", keywords=("gadget",),
                        methods=[si.Method("GET", "/api/widgets/{widgetId}", "get-widget", ("accountConfig",))],
                        blocks=[si.Block(texts=["Body text.", "Boilerplate sentence repeated on many pages."]),
                                si.Block(anchor="limits", heading="Limits", level=2, texts=["Few."])],
                        fields=[si.Field("maxWaitTime", "query-maxwaittime", "Seconds.")])
    html = si.index_html(rec, "/d.html", "Admin › Widgets API",
                         skip=frozenset({"boilerplate sentence repeated on many pages."}),
                         common=frozenset({"api"}))
    weight = {m.group(2).split()[0]: float(m.group(1))
              for m in re.finditer(r'data-pagefind-weight="([\d.]+)"[^>]*>([^<]+)<', html)}
    assert weight["Get"] == si.WEIGHTS["title"]  # the h1 (its text starts "Get &lt;b&gt;")
    assert weight["GET"] == si.WEIGHTS["method"]
    assert weight["maxWaitTime"] == si.WEIGHTS["field"]
    assert weight["Body"] == si.WEIGHTS["body"]
    assert si.WEIGHTS["title"] > si.WEIGHTS["method"] > si.WEIGHTS["field"] > si.WEIGHTS["body"]
    assert "<b>" not in html and "Get &lt;b&gt;widget&lt;/b&gt;" in html and "A &amp; B" in html
    assert "Boilerplate sentence" not in html
    assert 'id="limits"' in html and 'id="query-maxwaittime"' in html
    assert re.search(r'<h6 id="query-maxwaittime" data-pagefind-weight="3.0">maxWaitTime</h6>\n'
                     r'<p data-pagefind-weight="3.0">max wait time</p>', html)
    # the method line: distinct route words, what a reader calls it, its service; "api" is common
    heading = re.search(r'<p data-pagefind-weight="7.0">(GET [^<]+)<', html).group(1)
    assert heading.split() == ["GET", "widgets", "id", "get", "retrieve", "find", "accountConfig"]  # widget(s) once
    assert 'data-pagefind-meta="trail">Admin › Widgets API<' in html


# =============================================================================================
# builds


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(copy_root("search", tmp_path_factory.mktemp("search")))


def test_every_page_is_indexed_except_nosearch(built):
    urls = set(indexed(built.outdir))
    assert "/guides/contributing/index.html" not in urls
    assert {"/index.html", "/guides/errors/index.html", "/admin/widgets-api/index.html",
            "/admin/widgets-api/methods/get-widget.html"} <= urls
    assert not warnings_of(built)


def test_results_carry_title_trail_method_and_path(built):
    fragment = indexed(built.outdir)["/admin/widgets-api/methods/get-widget.html"]
    meta = fragment["meta"]
    assert meta["title"] == "Get widget"
    assert meta["trail"] == "Admin › Widgets API"
    assert meta["method"] == "GET"
    assert meta["path"] == "/api/account/{accountId}/configuration/widgets/{widgetId}"
    anchors = {a.get("id"): a["text"] for a in fragment["anchors"]}
    # a deep link to the field's row, shown by the field's name (not its "#" link or its "required" flag)
    assert anchors["query-maxwaittime"] == "maxWaitTime"
    assert anchors["path-widgetid"] == "widgetId"


def test_front_matter_and_camel_case_are_searchable_and_boilerplate_is_not(built):
    fragments = indexed(built.outdir)
    overview = fragments["/admin/widgets-api/index.html"]["content"]
    assert "gadget" in overview and "thingamajig" in overview
    method = fragments["/admin/widgets-api/methods/get-widget.html"]["content"]
    assert "maxWaitTime" in method and "max wait time" in method
    # the auth sentence is on all four method pages: it weighs nothing, so it is not indexed at all
    assert not any("bearer token from the Login Service" in f["content"] for f in fragments.values())


def test_pages_load_no_search_until_asked_and_have_the_header_button(built):
    for page in ("index", "admin/widgets-api/index", "guides/errors/index", "search"):
        html = read_html(built, page)
        sources = [str(s.get("src", "")) for s in html.select("script")]
        assert not [s for s in sources if re.search(r"searchtools|searchindex|language_data|pagefind", s)], page
        loader = [s for s in html.select("script") if "portal-search.js" in str(s.get("src", ""))]
        assert len(loader) == 1 and loader[0].has_attr("defer"), page
        assert html.select_one("button.portal-search-button"), page
    assert not (Path(built.outdir) / "searchindex.js").exists()
    assert (Path(built.outdir) / "_pagefind" / "pagefind.js").is_file()
    assert not list((Path(built.outdir) / "_pagefind").glob("pagefind-*ui*"))


def test_search_page_is_a_results_page(built):
    html = read_html(built, "search")
    assert html.select_one("#portal-search-page")
    assert html.select_one("title").get_text().startswith("Search")


def test_typo_word_lists_hold_the_pages_words(built):
    words = json.loads((Path(built.outdir) / "_pagefind" / "portal-words" / "z.json").read_text())
    assert "zebracorn" in words
    q = Path(built.outdir) / "_pagefind" / "portal-words" / "q.json"
    assert "quokkafish" not in (json.loads(q.read_text()) if q.exists() else [])  # on a nosearch page


def test_escaped_summary_in_the_index(built):
    meta = indexed(built.outdir)["/admin/widgets-api/index.html"]["meta"]
    assert meta["summary"] == "Overview of the API that manages <widgets> & their owners."


# =============================================================================================
# incremental and parallel builds keep the index exact


def _edit(src: Path) -> None:
    page = src / "guides" / "errors" / "index.md"
    page.write_text(page.read_text().replace("zebracorn", "flibbertigibbet"))
    (src / "admin" / "widgets-api" / "methods" / "update-widget.md").unlink()


def _contents(app) -> dict[str, str]:
    return {url: f["content"] for url, f in indexed(app.outdir).items()}


def test_an_edited_page_is_found_by_its_new_words_and_a_removed_page_is_gone(tmp_path):
    from .conftest import edit_then_build_both_ways

    incremental, clean = edit_then_build_both_ways("search", tmp_path, _edit)
    found = _contents(incremental)
    assert "flibbertigibbet" in found["/guides/errors/index.html"]
    assert "zebracorn" not in found["/guides/errors/index.html"]
    assert "/admin/widgets-api/methods/update-widget.html" not in found
    assert found == _contents(clean)
    words = json.loads((Path(incremental.outdir) / "_pagefind" / "portal-words" / "f.json").read_text())
    assert "flibbertigibbet" in words
    assert not (Path(incremental.outdir) / "_pagefind" / "portal-words" / "z.json").exists()


def _bundle_files(app) -> set[str]:
    root = Path(app.outdir) / "_pagefind"
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_an_incremental_build_leaves_the_bundle_a_clean_build_writes(tmp_path):
    """Pagefind writes into the bundle in place: fragments and index chunks of earlier runs are deleted."""
    from .conftest import edit_then_build_both_ways

    def retitle(src: Path) -> None:  # every page's trail changes: every fragment is new
        _edit(src)
        page = src / "admin" / "widgets-api" / "index.md"
        page.write_text(page.read_text().replace("# Widgets API", "# Gadgets API", 1))

    incremental, clean = edit_then_build_both_ways("search", tmp_path, retitle)
    assert indexed(incremental.outdir)["/admin/widgets-api/methods/get-widget.html"]["meta"]["trail"] == \
        "Admin › Gadgets API"
    assert _bundle_files(incremental) == _bundle_files(clean)
    assert not list(Path(incremental.outdir).glob("_pagefind.*"))


def test_a_bundle_it_cannot_read_loses_nothing_and_is_indexed_afresh(tmp_path, monkeypatch):
    from devportal.search import bundle as pagefind_bundle

    src = copy_root("search", tmp_path)
    app = build(src)
    root = Path(app.outdir) / "_pagefind"
    before, pages = _bundle_files(app), len(indexed(app.outdir))
    meta = next(root.glob("pagefind.*.pf_meta"))
    good = meta.read_bytes()
    for bad in (b"not gzip", good[:12] + bytes(b ^ 0x55 for b in good[12:200]) + good[200:]):  # header, data
        meta.write_bytes(bad)
        with pytest.raises(pagefind_bundle.UnknownBundle, match="unreadable"):
            pagefind_bundle.prune_stale(root)
        assert _bundle_files(app) == before  # nothing deleted
    meta.write_bytes(good)

    def unknown(bundle: Path) -> int:  # as if another Pagefind version had written the bundle
        raise pagefind_bundle.UnknownBundle("a layout of another version")

    monkeypatch.setattr(pagefind_bundle, "prune_stale", unknown)
    page = src / "guides" / "errors" / "index.md"
    page.write_text(page.read_text().replace("zebracorn", "flibbertigibbet"))
    again = build(src)
    found = indexed(again.outdir)
    assert "flibbertigibbet" in found["/guides/errors/index.html"]["content"]
    assert len(found) == pages  # afresh: no old fragment left beside the new one (nor a duplicate: indexed())
    assert "indexing afresh" in again.status.getvalue()
    assert not list(Path(again.outdir).glob("_pagefind.*"))
    assert not warnings_of(again)


def test_a_run_stopped_halfway_is_not_built_upon(tmp_path):
    """Pagefind keeps any file whose name exists: after a run that did not complete (no stamp), files it left
    half-written must not survive into the next bundle."""
    from .conftest import edit_then_build_both_ways

    def stopped_then_edited(src: Path) -> None:
        bundle = src / "_build" / "html" / "_pagefind"
        for fragment in sorted((bundle / "fragment").iterdir())[:3]:
            fragment.write_bytes(b"")  # as a stopped run leaves the files it was writing
        (bundle / "portal-fingerprint.txt").unlink()
        _edit(src)

    incremental, clean = edit_then_build_both_ways("search", tmp_path, stopped_then_edited)
    assert _contents(incremental) == _contents(clean)  # every fragment reads (an empty one would not)
    assert _bundle_files(incremental) == _bundle_files(clean)


def test_a_sync_stopped_halfway_leaves_no_page_behind(tmp_path, monkeypatch):
    """A build that wrote some index documents and then failed must not leave a document for the next build
    to index once its page is gone."""
    src = copy_root("search", tmp_path)
    build(src)
    added = src / "admin" / "widgets-api" / "methods" / "archive-widget.md"
    original = (src / "admin" / "widgets-api" / "methods" / "get-widget.md").read_text()
    added.write_text(original.replace("Get widget", "Archive widget")
                     .replace("widgets/{widgetId}", "widgets/{widgetId}/archive"))
    page = src / "guides" / "errors" / "index.md"
    page.write_text(page.read_text().replace("zebracorn", "flibbertigibbet"))
    render = si.index_html

    def fails_on_errors_page(record, url, *args):  # the new page's document is written first (sorted)
        if url.startswith("/guides/errors"):
            raise OSError("disk full")
        return render(record, url, *args)

    monkeypatch.setattr(si, "index_html", fails_on_errors_page)
    failed = build(src)
    assert "search index was not written: disk full" in warnings_of(failed)
    monkeypatch.setattr(si, "index_html", render)
    added.unlink()
    again = build(src)
    found = indexed(again.outdir)
    assert "/admin/widgets-api/methods/archive-widget.html" not in found
    assert "flibbertigibbet" in found["/guides/errors/index.html"]["content"]


def test_a_parallel_build_indexes_what_a_serial_one_does(tmp_path):
    serial = build(copy_root("search", tmp_path / "serial"))
    parallel = build(copy_root("search", tmp_path / "parallel"), parallel=2)
    assert _contents(parallel) == _contents(serial)
    assert indexed(parallel.outdir)["/admin/widgets-api/methods/get-widget.html"]["meta"] == \
        indexed(serial.outdir)["/admin/widgets-api/methods/get-widget.html"]["meta"]


def test_an_unchanged_rebuild_keeps_the_index_files(tmp_path):
    src = copy_root("search", tmp_path)
    first = build(src)
    stamp = Path(first.outdir) / "_pagefind" / "pagefind.js"
    before = stamp.stat().st_mtime_ns
    build(src)
    assert stamp.stat().st_mtime_ns == before


def test_without_pagefind_the_build_says_so_with_a_typed_warning(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pagefind.service", None)  # as if pagefind were not installed
    app = build(copy_root("search", tmp_path))
    assert re.search(r"WARNING: the search index was not written: .*\[portal\.search_index\]", warnings_of(app))
    assert (Path(app.outdir) / "index.html").is_file()


def test_portal_search_off_keeps_sphinx_search_and_links_its_page(tmp_path):
    app = build(copy_root("search", tmp_path), confoverrides={"portal_search": False})
    assert (Path(app.outdir) / "searchindex.js").is_file()
    assert not (Path(app.outdir) / "_pagefind").exists()
    html = read_html(app, "index")
    assert html.select_one("a.portal-search-button")["href"] == "search.html"
    assert not html.select_one("button.portal-search-button")
    assert not [s for s in html.select("script") if "portal-search" in str(s.get("src", ""))]
