"""Incremental and parallel builds write exactly what a clean serial build writes."""

from __future__ import annotations

import json
import shutil
import zlib
from pathlib import Path

import pytest

from .conftest import build, copy_root, edit_then_build_both_ways, warnings_of, write, written_pages


def search_index(path: Path) -> dict:
    """The search index, less the empty term lists that Sphinx itself leaves behind
    when an incremental build prunes words (``"word": []``); they match nothing."""
    text = path.read_text()
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for key in ("terms", "titleterms"):
        data[key] = {term: docs for term, docs in data[key].items() if docs != []}
    return data


def outputs(outdir: Path) -> dict[str, object]:
    """Every file of the output, byte for byte, by path (``objects.inv``, ``sitemap.xml``, static files,
    redirect pages …); only the search index is compared as data (see :func:`search_index`)."""
    files: dict[str, object] = {}
    for path in sorted(outdir.rglob("*")):
        if not path.is_file():
            continue
        name = str(path.relative_to(outdir))
        files[name] = search_index(path) if path.name == "searchindex.js" else path.read_bytes()
    return files


def assert_same_site(incremental: Path, clean: Path) -> None:
    a, b = outputs(incremental), outputs(clean)
    assert sorted(a) == sorted(b)
    differing = [name for name in a if a[name] != b[name]]
    assert differing == [], f"stale pages after the incremental build: {differing}"


def edit_body(src: Path):
    path = src / "admin/skills-api/methods/get-all.md"
    write(path, path.read_text() + "\nOne more paragraph.\n")


def add_page(src: Path):
    write(src / "admin/skills-api/methods/delete.md",
          "---\norder: 30\nsummary: Delete one.\n---\n# Delete skill\n\nGone.\n")


def remove_page(src: Path):
    (src / "admin/skills-api/methods/get-all.md").unlink()


def move_page(src: Path):
    shutil.move(src / "guides/start/auth.md", src / "admin/users-api/auth.md")


def retitle_page(src: Path):
    path = src / "admin/skills-api/getting-started.md"
    write(path, path.read_text().replace("# Getting Started", "# First Steps"))


def retitle_document(src: Path):
    path = src / "admin/users-api/index.md"
    write(path, path.read_text().replace("# Users API", "# People API"))


def add_document(src: Path):
    write(src / "admin/lobs-api/index.md", "---\nsummary: Lines of business.\n---\n# LOBs API\n\nText.\n")


@pytest.mark.parametrize("edit", [add_page, remove_page, move_page, retitle_page, retitle_document, add_document])
def test_incremental_build_equals_clean_build(tmp_path, edit):
    incremental, clean = edit_then_build_both_ways("taxonomy", tmp_path, edit)
    assert warnings_of(clean) == ""
    assert_same_site(Path(incremental.outdir), Path(clean.outdir))


#: the taxonomy root's capability, with the build-cost measures
WITH_SPEED = {"extensions": ["devportal.navigation", "devportal.build"]}


@pytest.mark.parametrize("edit", [edit_body, add_page, remove_page, retitle_page])
def test_parallel_incremental_build_equals_clean_build(tmp_path, edit):
    """With -j 2 a small change set is read serially (devportal.build.speed); what is written must not differ."""
    incremental, clean = edit_then_build_both_ways("taxonomy", tmp_path, edit, parallel=2, confoverrides=WITH_SPEED)
    assert warnings_of(incremental) == ""
    assert_same_site(Path(incremental.outdir), Path(clean.outdir))


def test_builds_in_one_process_do_not_keep_each_other_alive(tmp_path):
    """A build freezes its objects for the garbage collector (devportal.build.speed); in a long-lived process
    (tests, sphinx-autobuild) the next build must still let the previous one be freed."""
    import gc
    import weakref

    first = build(copy_root("taxonomy", tmp_path / "first"), confoverrides=WITH_SPEED)
    assert gc.get_freeze_count() > 0  # else this test would prove nothing
    env = weakref.ref(first.env)
    del first
    build(copy_root("taxonomy", tmp_path / "second"), confoverrides=WITH_SPEED)
    assert gc.isenabled()
    assert env() is None


def test_added_page_appears_everywhere_without_other_edits(tmp_path):
    src = copy_root("taxonomy", tmp_path)
    build(src)
    add_page(src)
    app = build(src)
    out = Path(app.outdir)
    sibling = (out / "admin/skills-api/methods/get-all.html").read_text()
    assert "delete.html" in sibling  # sidebar of a page that did not change
    assert "Delete skill" in (out / "admin/skills-api/index.html").read_text()  # document contents
    assert '"admin/skills-api/methods/delete"' in (out / "searchindex.js").read_text()
    delete = (out / "admin/skills-api/methods/delete.html").read_text()
    assert 'href="../../../admin/skills-api/appendix.html"' in delete


def test_parallel_build_equals_serial_build(tmp_path):
    serial = build(copy_root("taxonomy", tmp_path / "serial"), freshenv=True)
    parallel = build(copy_root("taxonomy", tmp_path / "parallel"), freshenv=True, parallel=2)
    assert warnings_of(parallel) == ""
    assert_same_site(Path(parallel.outdir), Path(serial.outdir))


def test_a_rebuild_without_changes_rewrites_no_page(tmp_path):
    """Guards the tests above: were the second build a full one, they could not catch a stale page."""
    src = copy_root("taxonomy", tmp_path)
    first = build(src)
    assert "admin/skills-api/methods/get-all" in written_pages(first)
    rewritten = written_pages(build(src))
    # only what Sphinx and the portal write on every build: indices and the generated landing pages
    assert rewritten == ["admin/index", "genindex", "guides/index", "search"]


def test_an_edit_rewrites_only_the_pages_it_shows_on(tmp_path):
    src = copy_root("taxonomy", tmp_path)
    build(src)
    retitle_page(src)  # admin/skills-api/getting-started: its title shows on the pages of its document
    rewritten = written_pages(build(src))
    assert "admin/skills-api/methods/get-all" in rewritten  # sidebar of a sibling
    assert "guides/start/auth" not in rewritten  # another section: untouched
    assert "admin/users-api/index" not in rewritten  # same section, other document: untouched


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_parallel_build_of_every_capability_equals_serial_build(tmp_path, buildername):
    """The whole portal (cards, methods, endpoint index, httpdomain's routing table, redirects, sitemap,
    llms.txt): every file the same, ``objects.inv`` included."""
    serial = build(copy_root("builders", tmp_path / "serial"), freshenv=True, buildername=buildername)
    parallel = build(copy_root("builders", tmp_path / "parallel"), freshenv=True, parallel=2,
                     buildername=buildername)
    assert warnings_of(parallel) == ""
    inventory = (Path(parallel.outdir) / "objects.inv").read_bytes()
    assert b"\nroutingtable std:label " in zlib.decompress(inventory.split(b"\n", 4)[4])  # intersphinx target
    assert_same_site(Path(parallel.outdir), Path(serial.outdir))
