"""Shared fixtures: fixture projects live in tests/roots/test-<feature>/.

One way to build one: :func:`build` (a real Sphinx application from ``sphinx.testing``), on the root
itself or on a copy a test may edit (:func:`copy_root`, then :func:`write`).
"""

from __future__ import annotations

import os
import re
import time
import weakref
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def read_html(app, pagename: str) -> BeautifulSoup:
    """Parse one built page of *app*'s HTML output."""
    return BeautifulSoup((Path(app.outdir) / f"{pagename}.html").read_text(encoding="utf-8"), "html.parser")


def warnings_of(app) -> str:
    """Everything the build warned, without colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


# pages each build wrote, recorded as the HTML builder renders them
_WRITTEN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def written_pages(app) -> list[str]:
    """The pages *app*'s build wrote (every ``html-page-context``: documents, indices, generated pages),
    sorted: an explicit signal, where comparing file times could miss a rewrite on a coarse clock.
    Serial builds only: a parallel build renders pages in other processes."""
    assert app.parallel <= 1, "written_pages needs a serial build"
    return sorted(_WRITTEN[app])


def touch_future(path: Path) -> None:
    """Date *path* after the last build, whatever the file system clock's resolution, so Sphinx sees it changed."""
    future = time.time() + 5
    os.utime(path, (future, future))


def write(path: Path, text: str) -> None:
    """Write (or create) a source file of a copied fixture project, dated after the last build."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    touch_future(path)


def search_index(outdir) -> dict[str, dict]:
    """What the search index (devportal.search, Pagefind) holds, by page URL: the fragment Pagefind wrote for
    each page (its text, meta and anchors), read back from ``_pagefind/fragment``."""
    import gzip
    import json

    out = {}
    for path in (Path(outdir) / "_pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes()).decode()
        fragment = json.loads(data[data.index("{"):])  # after Pagefind's signature
        assert fragment["url"] not in out, f"two fragments for {fragment['url']}: one is left from an earlier build"
        out[fragment["url"]] = fragment
    return out


def copy_root(name: str, dest) -> Path:
    """Copy fixture project *name* (``test-<name>``) to *dest* so a test may edit it."""
    import shutil

    src = Path(dest) / name
    shutil.copytree(ROOTS / f"test-{name}", src)
    return src


def build(srcdir, builddir=None, *, parallel: int = 0, freshenv: bool = False, buildername: str = "html",
          confoverrides: dict | None = None):
    """Build *srcdir* with a real Sphinx application; return it (``.outdir``, ``.warning``)."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    srcdir = Path(srcdir)
    builddir = Path(builddir) if builddir else srcdir / "_build"
    app = SphinxTestApp(buildername, srcdir=srcdir, builddir=builddir, freshenv=freshenv, parallel=parallel,
                        confoverrides=confoverrides, status=StringIO(), warning=StringIO())
    written = _WRITTEN.setdefault(app, [])
    app.connect("html-page-context", lambda _app, pagename, *_: written.append(pagename))
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def edit_then_build_both_ways(root: str, tmp_path, edit, *, parallel: int = 0, confoverrides: dict | None = None):
    """Build fixture *root*, apply *edit* to its sources, rebuild incrementally (with *parallel*
    processes), and build the edited sources again from scratch, serially. Returns (incremental app,
    clean app) for the caller to compare."""
    import shutil

    src = copy_root(root, tmp_path / "inc")
    build(src, parallel=parallel, confoverrides=confoverrides)
    edit(src)
    incremental = build(src, parallel=parallel, confoverrides=confoverrides)
    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    return incremental, build(clean_src, freshenv=True, confoverrides=confoverrides)


@pytest.fixture(scope="session")
def docs_portal(tmp_path_factory):
    """The real portal (docs/), built once for every suite that reads it (content, portal, samples)."""
    docs = Path(__file__).resolve().parent.parent / "docs"
    return build(docs, tmp_path_factory.mktemp("docs-portal"), freshenv=True, parallel=2)
