"""What search costs a reader and a build, measured on a built portal (used by run.py; also runnable alone).

- ``index_kb``: the bytes of ``_pagefind/`` (Pagefind's chunked index, fragments, engine and the typo word lists),
  what the server stores; a reader fetches only a few of its files.
- ``first_query_kb``: what the first query of a session transfers, compressed: Chromium opens a page, then the
  search dialog, types the query and waits for results; every response from then on counts at its gzip size
  (Pagefind's index files are gzip already; scripts are counted as a server would send them gzipped).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"


def index_kb(outdir: Path) -> float:
    return sum(p.stat().st_size for p in (outdir / "_pagefind").rglob("*") if p.is_file()) / 1024


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def first_query_kb(outdir: Path, page: str, query: str) -> float | None:
    """Compressed KB the first query transfers; None without Playwright and Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(outdir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            tab = browser.new_page()
            tab.goto(f"http://127.0.0.1:{server.server_address[1]}/{page}", wait_until="load")
            responses = []
            tab.on("response", lambda response: responses.append(response))
            tab.locator(".portal-search-button:visible").first.click()
            tab.locator("#portal-search-input").fill(query)
            tab.locator("#portal-search-listbox [role=option]").first.wait_for(timeout=30_000)
            tab.wait_for_load_state("networkidle")
            total = 0
            for response in responses:
                body = response.body()
                total += len(body) if body[:2] == b"\x1f\x8b" else len(gzip.compress(body, 6))
            browser.close()
    finally:
        server.shutdown()
    return total / 1024


def cpu_s() -> float:
    """CPU seconds of this process and its finished children (the machine's load does not change them)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def scaled_site(built: Path, pages: int, dest: Path) -> tuple[Path, float, float]:
    """A copy of *built* (a synthetic portal of fewer pages) whose search index holds *pages* pages: its
    records repeated under new names, each with the dozen words of its own seed (generate.page_words), run
    through the same index pipeline. For the search costs at a size whose Sphinx build this machine cannot
    afford; returns the folder and the seconds (wall, CPU) the index took."""
    import dataclasses
    import pickle
    import shutil
    import sys
    import time
    from functools import partial

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ext"))
    from generate import page_words

    from devportal.core import search_index as si
    from devportal.search.bundle import run_pagefind, sync_documents

    env = pickle.loads((built / ".doctrees" / "environment.pickle").read_bytes())
    base = sorted(env.portal_search.items())
    records = []
    for n in range(pages):
        docname, record = base[n % len(base)]
        copy = dataclasses.replace(record, docname=f"{docname}-{n // len(base)}",
                                   blocks=[dataclasses.replace(b) for b in record.blocks])
        if n >= len(base) and copy.blocks and "methods/" in docname:
            copy.blocks[0].texts = [*copy.blocks[0].texts[:-1], page_words(100_000 + n)]
        records.append(copy)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(built, dest, ignore=shutil.ignore_patterns("_pagefind", ".doctrees"))
    started, cpu_started = time.perf_counter(), cpu_s()
    skip, common = si.boilerplate(records), si.common_segments(records)
    docs = {f"{r.docname}.html": (r.digest, partial(si.index_html, r, f"/{r.docname}.html", "Section › Document",
                                                    skip, common)) for r in records}
    words = si.vocabulary(records)
    sync_documents(dest / ".search-src", docs)
    run_pagefind(dest / ".search-src", dest / "_pagefind")
    (dest / "_pagefind" / "portal-words").mkdir()
    for letter, items in words.items():
        (dest / "_pagefind" / "portal-words" / f"{letter}.json").write_text(json.dumps(items))
    elapsed, cpu = time.perf_counter() - started, cpu_s() - cpu_started
    shutil.rmtree(dest / ".search-src")
    return dest, elapsed, cpu


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--page", default="index.html")
    parser.add_argument("--query", action="append")
    parser.add_argument("--scale", type=int, help="index this many pages made from OUTDIR's (see scaled_site)")
    args = parser.parse_args()
    if args.scale:
        args.outdir, seconds, cpu = scaled_site(args.outdir, args.scale, args.outdir.with_name(f"scaled-{args.scale}"))
        print(f"pages={args.scale} search_s={seconds:.2f} search_cpu_s={cpu:.2f}")
    print(f"search_index_kb={index_kb(args.outdir):.0f}")
    for q in args.query or ["create widget"]:
        print(f"first_query_kb={first_query_kb(args.outdir, args.page, q):.1f} query={q!r}")
