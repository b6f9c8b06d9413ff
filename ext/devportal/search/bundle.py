"""Once per build: the records of every page become Pagefind's chunked index and the typo word lists."""

from __future__ import annotations

import hashlib
import json
import resource
import shutil
import subprocess
import time
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..build.incremental import site_nav
from ..core import search_index as si
from .glue import SearchCollector

logger = logging.getLogger(__name__)

#: the index's version of what the browser reads; part of the fingerprint, so a change rebuilds the bundle
FORMAT = 1


def trail_of(app: Sphinx, docname: str) -> str:
    """"Section › Document" for a page (empty outside the taxonomy)."""
    nav = site_nav(app.env)
    if nav is None:
        return ""
    site = nav.site
    loc = site.locations.get(docname)
    if loc is None:
        return ""
    parts = []
    node = site.section(loc.section)
    if node is not None:
        parts.append(node.section.name)
    if loc.document and loc.document in site.documents:
        document = site.documents[loc.document]
        if document.title and document.title not in parts:
            parts.append(document.title)
    return " › ".join(parts)


def documents(app: Sphinx) -> list[tuple[str, str]]:
    """(url, html) of every searchable page, in docname order."""
    records = SearchCollector.of(app.env)
    skip = si.boilerplate(records.values())
    common = si.common_segments(records.values())
    out = []
    for docname in sorted(records):
        if docname not in app.env.all_docs:
            continue
        url = "/" + app.builder.get_target_uri(docname)
        out.append((url, si.index_html(records[docname], url, trail_of(app, docname), skip, common)))
    return out


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (Pagefind's binary), whatever the machine's load."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def write_bundle(app: Sphinx) -> None:
    started, cpu_started = time.perf_counter(), _cpu_s()
    target = Path(app.outdir) / "_pagefind"
    docs = documents(app)
    words = si.vocabulary(SearchCollector.of(app.env).values())
    digest = hashlib.sha256(json.dumps([FORMAT, docs, words]).encode()).hexdigest()
    stamp = target / "portal-fingerprint.txt"
    if stamp.is_file() and stamp.read_text() == digest and (target / "pagefind.js").is_file():
        logger.info("search index: unchanged (%d pages)", len(docs))
        return
    # Pagefind's binary reads the documents as one folder (its Python API answers each added file only after a
    # 0.1 s poll: 100 s at 1,000 pages). The folder is kept between builds and only changed documents are
    # rewritten, so an incremental build writes and deletes few files.
    source = Path(app.doctreedir) / "portal-search"
    # dirhtml's URLs end with "/": their document is that folder's index.html
    _sync_folder(source, {url.lstrip("/") + ("index.html" if url.endswith("/") else ""): html for url, html in docs})
    fresh = target.with_name("_pagefind.new")
    shutil.rmtree(fresh, ignore_errors=True)
    _pagefind(source, fresh)
    for unused in [*fresh.glob("pagefind-*ui*"), fresh / "pagefind-highlight.js"]:
        unused.unlink(missing_ok=True)  # Pagefind's own UIs: the portal has its own
    words_dir = fresh / "portal-words"
    words_dir.mkdir()
    for letter, items in words.items():
        (words_dir / f"{letter}.json").write_text(json.dumps(items, separators=(",", ":")), encoding="utf-8")
    (fresh / stamp.name).write_text(digest)
    # the new bundle replaces the old one whole: a page's old fragment or an old chunk never lingers
    old = target.with_name("_pagefind.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    logger.info("search index: %d pages in %.2f s (CPU %.2f s)", len(docs), time.perf_counter() - started,
                _cpu_s() - cpu_started)


def _sync_folder(folder: Path, files: dict[str, str]) -> None:
    """Make *folder* hold exactly *files* (relative path -> text), writing only what changed."""
    manifest_path = folder / ".manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError):
        shutil.rmtree(folder, ignore_errors=True)
        manifest = {}
    folder.mkdir(parents=True, exist_ok=True)
    fresh = {}
    for rel, text in files.items():
        digest = hashlib.sha1(text.encode()).hexdigest()
        fresh[rel] = digest
        if manifest.get(rel) != digest:
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for rel in manifest.keys() - fresh.keys():
        (folder / rel).unlink(missing_ok=True)
    manifest_path.write_text(json.dumps(fresh))


def _pagefind(folder: Path, output: Path) -> None:
    """Run the Pagefind binary (from the ``pagefind[bin]`` wheel) over *folder*, writing the bundle to *output*."""
    from pagefind.service import get_executable  # the pagefind package's own search for its binary

    binary = get_executable()
    if binary is None:
        raise RuntimeError("the pagefind binary is missing: install `pagefind[bin]`")
    run = subprocess.run([str(binary), "--site", str(folder), "--output-path", str(output), "--force-language", "en",
                          "--keep-index-url", "--silent"], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"pagefind exited with {run.returncode}: {(run.stderr or run.stdout).strip()[-500:]}")
