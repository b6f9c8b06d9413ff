"""Compare search engines on the relevance queries (tests/browser/search_queries.py) over a built portal.

    python benchmarks/compare_engines.py --portal build/html --sphinx SPHINX_HTML

*--portal*: the portal as `make html` builds it (devportal.search: the weighted Pagefind index).
*--sphinx*: the same docs built with ``-D portal_search=0`` (Sphinx's own search: searchindex.js), over whose
HTML ``python -m pagefind --site SPHINX_HTML --output-subdir _pagefind_default`` has also been run (Pagefind
with default settings, as the issue measured it). Prints top-1 and top-3 per engine and query set.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser.search_queries import HELD_OUT, QUERIES

ENGINES = {
    # page -> urls (site-relative, no anchor), best first
    "portal": ("index.html", """async (q) => {
        window.S ??= await import(new URL('_static/portal-search-ui.js', location.href).href);
        S.init(new URL('./', location.href).href);
        return (await S.search(q, 5)).map(r => r.data.url.replace(/^\\//, '').split('#')[0]); }"""),
    "sphinx": ("index.html", """async (q) => {
        while (!Search.hasIndex()) await new Promise(r => setTimeout(r, 50));
        const results = Search._performSearch(...Search._parseQuery(q));
        return results.reverse().slice(0, 5).map(r => r[5] ? r[0] + '.html' : r[0] + '.html'); }"""),
    "minisearch": ("index.html", """async (q) => {
        if (!window.MS) {
          const docs = await (await fetch('docs.json')).json();
          window.MS = new MiniSearch({fields: ['title', 'method', 'keywords', 'headings', 'summary', 'fields', 'body'],
                                      storeFields: ['url'], idField: 'url'});
          MS.addAll(docs);
        }
        return MS.search(q, {prefix: true, fuzzy: (term) => term.length >= 5 ? 1 : 0,
          boost: {title: 10, method: 7, keywords: 7, headings: 5, summary: 4, fields: 3, body: 1}})
          .slice(0, 5).map(r => r.url); }"""),
    "pagefind-default": ("index.html", """async (q) => {
        window.PF ??= await import(new URL('_pagefind_default/pagefind.js', location.href).href);
        const r = await PF.search(q);
        const data = await Promise.all(r.results.slice(0, 5).map(x => x.data()));
        return data.map(d => d.url.replace(/^\\//, '').split('#')[0].replace(/(^|\\/)$/, '$1index.html')); }"""),
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def evaluate(browser, folder: Path, engine: str, queries) -> tuple[int, int, int]:
    page_path, script = ENGINES[engine]
    server, url = serve(folder)
    page = browser.new_page()
    page.goto(url + page_path, wait_until="load")
    top1 = top3 = n = 0
    for _kind, query, answers in queries:
        if not any((folder / a).is_file() for a in answers):
            continue
        urls = page.evaluate(script, query)
        position = next((i for i, u in enumerate(urls) if u in answers), None)
        n += 1
        top1 += position == 0
        top3 += position is not None and position < 3
    page.close()
    server.shutdown()
    return top1, top3, n


def minisearch_site(doctrees: Path, minisearch_js: Path, dest: Path) -> Path:
    """A folder with MiniSearch and the same per-page records the portal indexes, one JSON document per page."""
    import json
    import pickle
    import shutil

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ext"))
    from devportal.core import search_index as si

    env = pickle.loads((doctrees / "environment.pickle").read_bytes())
    records = env.portal_search
    skip = si.boilerplate(records.values())
    docs = []
    for docname, r in sorted(records.items()):
        docs.append({
            "url": docname + ".html", "title": f"{r.title} {si.spelled_out(r.title)}",
            "method": " ".join(f"{m.method} {m.route} {' '.join(si.identifier_words(m.route))} {m.verbs}"
                               for m in r.methods),
            "keywords": " ".join(r.keywords), "summary": r.summary,
            "headings": " ".join(b.heading for b in r.blocks),
            "fields": " ".join(f"{f.name} {' '.join(si.identifier_words(f.name))}" for f in r.fields),
            "body": " ".join(t for b in r.blocks for t in b.texts if si.normalize(t) not in skip),
        })
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "docs.json").write_text(json.dumps(docs))
    shutil.copy(minisearch_js, dest / "minisearch.js")
    (dest / "index.html").write_text('<!doctype html><script src="minisearch.js"></script>')
    for doc in docs:  # the answers must exist for a query to count
        (dest / doc["url"]).parent.mkdir(parents=True, exist_ok=True)
        (dest / doc["url"]).touch()
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--portal", type=Path, required=True)
    parser.add_argument("--sphinx", type=Path, required=True)
    parser.add_argument("--minisearch", type=Path,
                        help="MiniSearch's UMD build (node_modules/minisearch/dist/umd/index.js)")
    args = parser.parse_args()
    runs = [("sphinx", args.sphinx), ("pagefind-default", args.sphinx), ("portal", args.portal)]
    if args.minisearch:
        site = minisearch_site(args.portal / ".doctrees", args.minisearch, Path("/tmp/portal-minisearch"))
        runs.insert(2, ("minisearch", site))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        print("| engine | query set | queries | top-1 | top-3 |\n|---|---|---|---|---|")
        for engine, folder in runs:
            for name, queries in (("tuned", QUERIES), ("held-out", HELD_OUT), ("all", QUERIES + HELD_OUT)):
                top1, top3, n = evaluate(browser, folder, engine, queries)
                print(f"| {engine} | {name} | {n} | {top1 / n:.0%} | {top3 / n:.0%} |")
        browser.close()


if __name__ == "__main__":
    main()
