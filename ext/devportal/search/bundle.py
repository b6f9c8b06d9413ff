"""Once per build: the records of every page become Pagefind's chunked index and the typo word lists.

Two steps, so that Pagefind's binary runs while Sphinx writes the pages (its input is the records, which are
final once reading is over, never the written HTML):

- :func:`start_bundle`, once the site model is built: the index document of each page whose
  :func:`~devportal.core.search_index.index_key` changed is rewritten into a folder kept between builds, and
  Pagefind starts on that folder, writing into ``_pagefind/`` in place (into a fresh folder, swapped in at the
  end, when the last run did not complete);
- :func:`finish_bundle`, when the build has finished: wait for Pagefind, delete the files of earlier runs
  that the new index no longer uses (:func:`prune_stale`), and write the word lists.

Pagefind cannot update an index, so any searchable change re-indexes every page. What an edit does not pay
for: deriving every page's document again (``PageRecord.seal``), waiting for Pagefind before writing, and
creating a thousand files anew (Pagefind names fragments and index chunks by their content and leaves a file
that exists alone, so an unchanged page's fragment is not written again).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import time
import weakref
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..core import search_index as si
from ..core.fingerprint import fingerprint
from ..core.navrender import SiteNav
from .glue import SearchCollector

logger = logging.getLogger(__name__)

#: the index's version of what the browser reads, and the code that writes the documents and the bundle: part
#: of every fingerprint, so a change of either re-derives every document and rebuilds the bundle
FORMAT = 2
_CODE = fingerprint(FORMAT, Path(si.__file__).read_bytes(), Path(__file__).read_bytes())

#: the fingerprint of what the bundle in ``_pagefind/`` was made from (written once it is complete)
_STAMP = "portal-fingerprint.txt"

#: Pagefind's own UIs, which it always writes: the portal has its own
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def trail_of(nav: SiteNav | None, docname: str) -> str:
    """"Section › Document" for a page (empty outside the taxonomy)."""
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


@dataclass
class _Run:
    """A Pagefind run under way, from :func:`start_bundle` to :func:`finish_bundle`."""

    process: subprocess.Popen | None  # None: the index is unchanged
    output: Path  # ``_pagefind`` itself (in place), or a fresh folder to swap in
    source: Path
    log: Path
    words: dict[str, list[str]]
    digest: str
    pages: int
    started: float  # wall and CPU seconds the start step took
    cpu: float


# The run of the current build, per environment (a process handle: not picklable, and never for the next build).
_RUNS: weakref.WeakKeyDictionary[BuildEnvironment, _Run] = weakref.WeakKeyDictionary()


def _cpu_s() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def start_bundle(app: Sphinx, env: BuildEnvironment, nav: SiteNav | None) -> None:
    wall, cpu = time.perf_counter(), _cpu_s()
    target = Path(app.outdir) / "_pagefind"
    records = SearchCollector.of(env)
    docnames = [docname for docname in sorted(records) if docname in env.all_docs]
    pages = [records[docname] for docname in docnames]
    skip, common = si.boilerplate(pages), si.common_segments(pages)
    # relative path in the documents folder -> (its key, how to write it); dirhtml's URLs end with "/":
    # their document is that folder's index.html
    wanted: dict[str, tuple[str, Callable[[], str]]] = {}
    for docname, record in zip(docnames, pages, strict=True):
        url = "/" + app.builder.get_target_uri(docname)
        trail = trail_of(nav, docname)
        rel = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
        wanted[rel] = (si.index_key(record, url, trail, skip, common),
                       partial(si.index_html, record, url, trail, skip, common))
    # the word lists come from the same records: unchanged keys, unchanged lists
    digest = fingerprint(_CODE, _pagefind_version(), sorted((rel, key) for rel, (key, _render) in wanted.items()))
    source, log = Path(app.doctreedir) / "portal-search", Path(app.doctreedir) / "portal-search.log"
    stamp = target / _STAMP
    complete = stamp.is_file() and (target / "pagefind.js").is_file()
    if complete and stamp.read_text() == digest:
        _RUNS[env] = _Run(None, target, source, log, {}, digest, len(wanted), 0.0, 0.0)
        return
    # Pagefind's binary reads the documents as one folder (its Python API answers each added file only after a
    # 0.1 s poll: 100 s at 1,000 pages). The folder is kept between builds and only changed documents are
    # rewritten, so an incremental build writes and deletes few files.
    sync_documents(source, wanted)
    # In place only over a bundle that a run completed: Pagefind keeps any file whose name exists, so one it
    # left half-written when stopped would be kept for good. Otherwise a fresh folder, swapped in at the end.
    if complete:
        output = target
        stamp.unlink()  # until this run has finished: a build stopped halfway indexes afresh
    else:
        output = target.with_name("_pagefind.new")
        shutil.rmtree(output, ignore_errors=True)
    process = _pagefind(source, output, log)
    try:
        words = si.vocabulary(pages)  # while Pagefind runs
    except BaseException:
        process.kill()
        process.wait()
        raise
    _RUNS[env] = _Run(process, output, source, log, words, digest, len(wanted), time.perf_counter() - wall,
                      _cpu_s() - cpu)


def finish_bundle(app: Sphinx, exception: Exception | None) -> None:
    run = _RUNS.pop(app.env, None)
    if run is None:
        return  # nothing started
    if run.process is None:
        logger.info("search index: unchanged (%d pages)", run.pages)
        return
    # a failed build waits too: the records were complete, so the index Pagefind writes is right
    wall, cpu = time.perf_counter(), _cpu_s()
    # os.wait4, not Popen.wait: the CPU time of Pagefind itself (Sphinx's writer processes are children too)
    _pid, status, usage = os.wait4(run.process.pid, 0)
    run.process.returncode = os.waitstatus_to_exitcode(status)
    target = Path(app.outdir) / "_pagefind"
    if run.process.returncode != 0:
        said = run.log.read_text(errors="replace").strip()[-500:] if run.log.is_file() else ""
        raise RuntimeError(f"pagefind exited with {run.process.returncode}: {said}")
    if run.output == target:
        try:
            prune_stale(target)
        except UnknownBundle as error:
            # never delete what cannot be told apart: index afresh into an empty folder, then swap it in
            logger.info("search index: %s; indexing afresh", error)
            run.output = target.with_name("_pagefind.new")
            shutil.rmtree(run.output, ignore_errors=True)
            run_pagefind(run.source, run.output, run.log)
    if run.output != target:
        # the new bundle replaces the old one whole: a page's old fragment or an old chunk never lingers
        old = target.with_name("_pagefind.old")
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        run.output.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    for unused in _UNUSED:
        (target / unused).unlink(missing_ok=True)
    words_dir = target / "portal-words"
    shutil.rmtree(words_dir, ignore_errors=True)  # 26 files at most: a letter no longer used leaves no list
    words_dir.mkdir()
    for letter, items in run.words.items():
        (words_dir / f"{letter}.json").write_text(json.dumps(items, separators=(",", ":")), encoding="utf-8")
    (target / _STAMP).write_text(run.digest)
    # what search added to the build's wall time (Pagefind ran alongside the writing), and all it cost in CPU
    logger.info("search index: %d pages in %.2f s (CPU %.2f s)", run.pages,
                run.started + time.perf_counter() - wall,
                run.cpu + _cpu_s() - cpu + usage.ru_utime + usage.ru_stime)


class UnknownBundle(Exception):
    """The bundle's files are not laid out as :func:`prune_stale` expects (another Pagefind version)."""


#: a CBOR text string of 1 to 23 bytes (its head byte holds its length) that starts like a file name of the
#: language (``en_1a2b3c4``); Pagefind's metadata names its fragments and index chunks with these
_CBOR_SHORT_TEXT = b"[\x61-\x77]"


def prune_stale(bundle: Path) -> int:
    """Delete the fragments, index chunks and metadata of earlier runs that *bundle* no longer uses; returns
    how many. Raises :class:`UnknownBundle`, deleting nothing, unless every page's fragment is found.

    The names in use are in each language's ``pagefind.<hash>.pf_meta`` (gzip, Pagefind's signature, then
    CBOR), which is Pagefind's private format: checked against Pagefind 1.5.2, and
    ``tests/test_upstream.py`` fails if it changes.
    """
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        languages = {lang: (info["hash"], int(info["page_count"])) for lang, info in entry["languages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UnknownBundle(f"pagefind-entry.json unreadable ({error})") from None
    used: set[str] = set()
    metas = set()
    for lang, (meta_hash, page_count) in languages.items():
        meta = f"pagefind.{meta_hash}.pf_meta"
        try:
            data = gzip.decompress((bundle / meta).read_bytes())
        except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as error:
            raise UnknownBundle(f"{meta} unreadable ({error})") from None
        if not data.startswith(b"pagefind_dcd"):
            raise UnknownBundle(f"{meta} has no Pagefind signature")
        name = re.compile(re.escape(lang.encode()) + rb"_[0-9a-f]+\Z")
        names = set()
        for found in re.finditer(_CBOR_SHORT_TEXT + re.escape(lang.encode()) + b"_", data):
            text = data[found.start() + 1:found.start() + 1 + data[found.start()] - 0x60]
            if name.match(text):
                names.add(text.decode())
        fragments = {n for n in names if (bundle / "fragment" / f"{n}.pf_fragment").is_file()}
        if len(fragments) != page_count:
            raise UnknownBundle(f"{meta} names {len(fragments)} fragments for {page_count} pages")
        used |= names
        metas.add(meta)
    stale = [path for folder, suffix in (("fragment", ".pf_fragment"), ("index", ".pf_index"),
                                         ("filter", ".pf_filter"))
             for path in (bundle / folder).glob(f"*{suffix}") if path.stem not in used]
    stale += [path for path in bundle.glob("pagefind.*.pf_meta") if path.name not in metas]
    for path in stale:
        path.unlink()
    return len(stale)


def sync_documents(folder: Path, wanted: Mapping[str, tuple[str, Callable[[], str]]]) -> None:
    """Make *folder* hold exactly the documents of *wanted* (relative path -> (key, render)), rendering and
    writing only those whose key changed since the last call."""
    manifest_path = folder / ".manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError):
        manifest = None
    kept = manifest.get("files") if isinstance(manifest, dict) and manifest.get("code") == _CODE else None
    if not isinstance(kept, dict):  # none yet, unreadable, or written by other code: start afresh
        shutil.rmtree(folder, ignore_errors=True)
        kept = {}
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path.unlink(missing_ok=True)  # a sync stopped halfway leaves none: the next one starts afresh
    for rel, (key, render) in wanted.items():
        if kept.get(rel) != key:
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(), encoding="utf-8")
    for rel in kept.keys() - wanted.keys():
        (folder / rel).unlink(missing_ok=True)
    files = {rel: key for rel, (key, _render) in wanted.items()}
    manifest_path.write_text(json.dumps({"code": _CODE, "files": files}))


def _executable() -> Path:
    from pagefind.service import get_executable  # the pagefind package's own search for its binary

    binary = get_executable()
    if binary is None:
        raise RuntimeError("the pagefind binary is missing: install `pagefind[bin]`")
    return binary


def _pagefind_version() -> str:
    """Which Pagefind binary (another one may write another bundle from the same documents)."""
    binary = _executable()
    return f"{binary}:{binary.stat().st_size}:{binary.stat().st_mtime_ns}"


def _pagefind(folder: Path, output: Path, log: Path) -> subprocess.Popen:
    """Start the Pagefind binary (from the ``pagefind[bin]`` wheel) over *folder*, writing the bundle to
    *output* and what it says to *log* (a file, not a pipe: nobody reads a pipe while Sphinx writes)."""
    binary = _executable()
    with log.open("wb") as out:
        return subprocess.Popen([str(binary), "--site", str(folder), "--output-path", str(output),
                                 "--force-language", "en", "--keep-index-url", "--silent"],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)


def run_pagefind(folder: Path, output: Path, log: Path | None = None) -> None:
    """Index *folder* into *output* and wait, Pagefind's messages going to *log* (beside *output* if not given)."""
    log = log or output.with_name(output.name + ".log")
    process = _pagefind(folder, output, log)
    if process.wait() != 0:
        raise RuntimeError(f"pagefind exited with {process.returncode}: {log.read_text(errors='replace')[-500:]}")
    log.unlink()
