"""Old URLs: ``redirect_from`` / ``permalink`` front matter values and conf.py ``portal_redirects``
(``core.redirects.claims_from_front_matter``, ``claims_from_config``, ``plan``), and the redirect pages
written from the plan (``relative_url``, ``render``).

Property: no exception escapes; every problem is typed and at a line of its page or of conf.py; the same
claims give the same plan; valid claims give none; every redirect leads to a real page, relatively.
"""

from __future__ import annotations

import json

from hypothesis import example, given, settings
from hypothesis import strategies as st

from devportal.core import redirects

from .strategies import assert_problems, count, examples, texts, values

URLS = ["old.html", "/old.html", "a/b.htm", "dir/", "/", "", "old.html#x", "old.html?x=1", "../up.html", "a\\b.html",
        "http://evil.example/x.html", "//evil.example/x.html", "mailto:x", "x.txt", "guides/index.html", "page.html",
        "%2e%2e/x.html", "a/./b.html", "a//b.html", "\x00.html", "ÿ.html", "a b.html", "  old.html  "]
PAGES = {"index.html": "index", "guides/index.html": "guides/index", "page.html": "page", "a/b/c.html": "a/b/c"}
DOCNAMES = ["index", "guides/index", "page", "a/b/c"]
urls = st.one_of(st.sampled_from(URLS), texts, st.from_regex(r"/?([a-z]{1,4}/){0,2}[a-z]{1,4}\.html?", fullmatch=True))
targets = st.one_of(st.sampled_from(["/page", "page", "/guides/index", "old.html", "dir/", "/x.html", "https://x/",
                                     "nope", ""]), urls, texts)


def conf_text(mapping) -> str:
    """conf.py as a writer lays the value out: one old URL per line."""
    if not isinstance(mapping, dict):
        return f"portal_redirects = {mapping!r}\n"
    return "portal_redirects = {\n" + "".join(f"    {json.dumps(str(k))}: {json.dumps(str(v))},\n"
                                             for k, v in mapping.items()) + "}\n"


def plan_all(front_matter: dict, mapping):
    problems, claims = [], []
    for docname, data in front_matter.items():
        lines = {key: i + 2 for i, key in enumerate(data)}
        more_claims, more = redirects.claims_from_front_matter(docname, data, lines)
        claims += more_claims
        problems += more
    text = conf_text(mapping)
    more_claims, more = redirects.claims_from_config(mapping, "conf.py", text)
    claims += more_claims
    problems += more
    plan = redirects.plan(claims, PAGES)
    return plan, problems + plan.problems, text


redirect_values = st.one_of(urls, st.lists(urls, max_size=4), values(max_leaves=3))
front_matters = st.dictionaries(st.sampled_from(DOCNAMES), st.dictionaries(
    st.sampled_from(["permalink", "redirect_from"]), redirect_values, max_size=2), max_size=4)
config = st.one_of(st.dictionaries(urls, targets, max_size=6), values(max_leaves=3))


@settings(max_examples=examples(200, 25000))
@given(front_matters, config)
@example({}, {"a.html": "b.html", "b.html": "a.html"})  # a loop
@example({"page": {"redirect_from": ["x.html", "x.html"]}}, {"x.html": "/page"})
@example({}, {"a.html": "b.html", "b.html": "c.html", "c.html": "/page"})  # a chain
def test_redirect_claims(front_matter, mapping):
    count("redirects")
    plan, problems, text = plan_all(front_matter, mapping)
    page_lines = 2 + max((len(data) for data in front_matter.values()), default=0)
    for problem in problems:
        if problem.docname is None:  # conf.py
            assert_problems([problem], text)
        else:
            assert problem.docname in front_matter
            assert_problems([problem], lines=page_lines)
    again = plan_all(front_matter, mapping)
    assert (again[0].redirects, again[1]) == (plan.redirects, problems)  # deterministic
    for source, redirect in plan.redirects.items():
        assert redirect.docname in PAGES.values()
        assert source not in PAGES and source.endswith((".html", ".htm"))
        target = PAGES_URI[redirect.docname]
        rel = redirects.relative_url(source, target)
        assert "://" not in rel and not rel.startswith("/")
        html = redirects.render(rel, "<b>Title</b> & co", "https://example.com/" + target)
        assert "<b>Title</b>" not in html and redirects.is_redirect_page(html)


PAGES_URI = {docname: path for path, docname in PAGES.items()}


@settings(max_examples=examples(60, 8000))
@given(st.dictionaries(st.sampled_from(DOCNAMES), st.lists(
    st.from_regex(r"old-[a-z]{1,6}(/[a-z]{1,4})?\.html", fullmatch=True), min_size=1, max_size=3), max_size=4))
def test_valid_claims_give_no_problem(claimed):
    count("redirects (valid)")
    seen, front_matter = set(), {}
    for docname, old in claimed.items():
        fresh = [u for u in old if u not in seen]
        seen.update(fresh)
        if fresh:
            front_matter[docname] = {"redirect_from": fresh}
    plan, problems, _text = plan_all(front_matter, {})
    assert problems == []
    assert set(plan.redirects) == seen
