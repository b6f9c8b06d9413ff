"""Relevance: the page that answers a developer's query comes first (≥ 90 %) or in the first three (≥ 97 %).

Each query of search_queries.py runs through the portal's own search module in Chromium, against the built
portal, exactly as the dialog runs it. The tuned set and the held-out set (written after tuning, never tuned
on) are reported apart and held to the goal together. A query whose answers are all missing from the build is
stale (a page was renamed): listed, left out, and the suite fails if more than a tenth are.
"""

from __future__ import annotations

import pytest

from .search_queries import HELD_OUT, QUERIES

TOP1_GOAL, TOP3_GOAL = 0.90, 0.97


@pytest.fixture(scope="module")
def rank(browser, portal):
    """``rank(query, answers)``: the 0-based position of the first answer in the results, or None."""
    context = browser.new_context(base_url=portal.url)
    page = context.new_page()
    page.goto("index.html", wait_until="load")
    page.evaluate("async () => { window.portalSearch = await import(new URL('_static/portal-search-ui.js',"
                  " location.href).href); portalSearch.init(new URL('./', location.href).href); }")

    def rank_(query: str, answers: tuple[str, ...]) -> tuple[int | None, list[str]]:
        urls = page.evaluate("async (q) => (await portalSearch.search(q, 5))"
                             ".map(r => r.data.url.replace(/^\\//, '').split('#')[0])", query)
        return next((i for i, url in enumerate(urls) if url in answers), None), urls

    yield rank_
    context.close()


def score(rank, portal, queries) -> tuple[int, int, int, list[str], list[str]]:
    top1 = top3 = 0
    stale, misses = [], []
    for kind, query, answers in queries:
        if not any(portal.exists(a) for a in answers):
            stale.append(f"{query!r} -> {answers}")
            continue
        position, urls = rank(query, answers)
        top1 += position == 0
        top3 += position is not None and position < 3
        if position != 0:
            misses.append(f"{kind:6} {query!r}: answer at {position if position is None else position + 1}, "
                          f"first three {urls[:3]}")
    return top1, top3, len(queries) - len(stale), stale, misses


def test_the_answering_page_comes_first(rank, portal, capsys):
    results = {name: score(rank, portal, queries) for name, queries in (("tuned", QUERIES), ("held-out", HELD_OUT))}
    lines = []
    for name, (top1, top3, n, stale, misses) in results.items():
        lines.append(f"{name}: {n} queries, top-1 {top1 / n:.0%} ({top1}), top-3 {top3 / n:.0%} ({top3})"
                     + (f", {len(stale)} stale" if stale else ""))
        lines += [f"    stale: {s}" for s in stale] + [f"    {m}" for m in misses]
    top1 = sum(r[0] for r in results.values())
    top3 = sum(r[1] for r in results.values())
    n = sum(r[2] for r in results.values())
    stale_count = sum(len(r[3]) for r in results.values())
    report = "\n".join(lines + [f"all: top-1 {top1 / n:.1%}, top-3 {top3 / n:.1%} of {n}"])
    with capsys.disabled():
        print("\nsearch relevance\n" + report)
    assert len(QUERIES) + len(HELD_OUT) >= 60
    assert stale_count <= (len(QUERIES) + len(HELD_OUT)) // 10, f"too many stale queries:\n{report}"
    assert top1 / n >= TOP1_GOAL and top3 / n >= TOP3_GOAL, f"below the goal (90 % / 97 %):\n{report}"
