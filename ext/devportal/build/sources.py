"""Pages the portal does not read: not UTF-8 text, or too large to be a page.

Sphinx stops the whole build with a traceback at the first source file that is not valid in its input
encoding, and parses a 50 MB page for minutes. Such a page is left out of the build instead, with a typed
warning at its first undecodable byte (or at its size); every other page is still read and written, and
``-W`` fails. An earlier version of the page is purged, so nothing stale is written for it.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..core import diagnostics as d

logger = logging.getLogger(__name__)

#: far above any real page (tens of kilobytes), far below what takes minutes to parse
MAX_PAGE_BYTES = 5_000_000


def unreadable(raw: bytes, encoding: str, docname: str) -> d.Problem | None:
    """Why a page's bytes cannot be read, or None."""
    if len(raw) > MAX_PAGE_BYTES:
        return d.Problem(d.INPUT_LIMIT, f"the page is {len(raw):,} bytes long; the portal reads pages of at most "
                         f"{MAX_PAGE_BYTES:,} bytes, so it is left out of the build", docname, line=1)
    try:
        raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        start = getattr(exc, "start", 0)
        return d.Problem(d.SOURCE_ENCODING, f"the page is not {encoding} text (byte {raw[start:start + 1]!r} at "
                         "offset {start:,}); it is left out of the build until it is saved as UTF-8".format(
                             start=start), docname, line=raw[:start].count(b"\n") + 1)
    return None


def skip_unreadable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    encoding = env.settings.get("input_encoding", "utf-8-sig")
    for docname in list(docnames):
        try:
            raw = env.doc2path(docname).read_bytes()
        except OSError:
            continue  # Sphinx reports a file it cannot open
        problem = unreadable(raw, encoding, docname)
        if problem is None:
            continue
        docnames.remove(docname)
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)
        env.found_docs.discard(docname)  # not written either (found again, and checked again, next build)
        d.emit(logger, problem)


def setup_sources(app: Sphinx) -> None:
    app.connect("env-before-read-docs", skip_unreadable, priority=100)
