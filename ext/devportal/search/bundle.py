"""Once per build: the records of every page become Pagefind's chunked index and the typo word lists."""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import time
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from devportal.core import search_index as si
from devportal.navigation import site_nav

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
    records = app.env.portal_search
    skip = si.boilerplate(records.values())
    common = si.common_segments(records.values())
    out = []
    for docname in sorted(records):
        if docname not in app.env.all_docs:
            continue
        url = "/" + app.builder.get_target_uri(docname)
        out.append((url, si.index_html(records[docname], url, trail_of(app, docname), skip, common)))
    return out


def write_bundle(app: Sphinx) -> None:
    started = time.perf_counter()
    outdir = Path(app.outdir)
    target = outdir / "_pagefind"
    docs = documents(app)
    words = si.vocabulary(app.env.portal_search.values())
    digest = hashlib.sha256(json.dumps([FORMAT, docs, words]).encode()).hexdigest()
    stamp = target / "portal-fingerprint.txt"
    if stamp.is_file() and stamp.read_text() == digest and (target / "pagefind.js").is_file():
        logger.info("search index: unchanged (%d pages)", len(docs))
        return
    fresh = outdir / "_pagefind.new"
    shutil.rmtree(fresh, ignore_errors=True)
    asyncio.run(_pagefind(docs, fresh))
    for unused in fresh.glob("pagefind-*ui*"):  # Pagefind's own UIs: the portal has its own
        unused.unlink()
    (fresh / "pagefind-highlight.js").unlink(missing_ok=True)
    words_dir = fresh / "portal-words"
    words_dir.mkdir()
    for letter, items in words.items():
        (words_dir / f"{letter}.json").write_text(json.dumps(items, separators=(",", ":")), encoding="utf-8")
    (fresh / "portal-fingerprint.txt").write_text(digest)
    shutil.rmtree(target, ignore_errors=True)
    fresh.rename(target)
    logger.info("search index: %d pages in %.2f s", len(docs), time.perf_counter() - started)


async def _pagefind(docs: list[tuple[str, str]], output: Path) -> None:
    from pagefind.index import PagefindIndex

    config = {"force_language": "en", "keep_index_url": True, "output_path": str(output)}
    async with PagefindIndex(config=config) as index:
        # the service takes requests concurrently; batches keep memory flat at 5,000 pages
        for start in range(0, len(docs), 200):
            await asyncio.gather(*(index.add_html_file(content=html, url=url)
                                   for url, html in docs[start:start + 200]))
        # leaving the context writes the files
