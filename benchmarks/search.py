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
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"


def index_kb(outdir: Path) -> float:
    return sum(p.stat().st_size for p in (outdir / "_pagefind").rglob("*") if p.is_file()) / 1024


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
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


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--page", default="index.html")
    parser.add_argument("--query", action="append")
    args = parser.parse_args()
    print(f"search_index_kb={index_kb(args.outdir):.0f}")
    for q in args.query or ["create widget"]:
        print(f"first_query_kb={first_query_kb(args.outdir, args.page, q):.1f} query={q!r}")
