"""The prose rules: forbidden phrases, American spelling, one name per header in a document.

tests/roots/test-prose is a small project with one mistake of each kind at a known line, the same words
inside code, literals and URLs (never reported), a page that opts out of one rule, a malformed opt-out
and an excluded page. The rules are changed through conf.py values as a team would.
"""

from __future__ import annotations

import re

import pytest

from devportal.core import diagnostics as d
from devportal.core import prose

from .conftest import build, copy_root, warnings_of

WARNING_RE = re.compile(r"^(?P<file>[^\s:]+\.md|conf\.py)(?::(?P<line>\d+))?: WARNING: (?P<message>.*) "
                        r"\[portal\.(?P<subtype>\w+)\]$")


def findings(app) -> list[tuple[str, int | None, str, str]]:
    """(file relative to the project, line, subtype, message) of every prose warning."""
    out = []
    for line in warnings_of(app).splitlines():
        line = line.replace(str(app.srcdir) + "/", "")
        match = WARNING_RE.match(line)
        assert match, f"not a typed warning with a location: {line}"
        out.append((match["file"], int(match["line"]) if match["line"] else None, match["subtype"],
                    match["message"]))
    return sorted(out, key=lambda f: (f[0], f[1] or 0, f[2], f[3]))


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return build(copy_root("prose", tmp_path_factory.mktemp("prose")), freshenv=True)


def where(found, subtype=None):
    return [(f, line) for f, line, s, _ in found if subtype in (None, s)]


def test_forbidden_phrases_are_reported_at_their_line(app):
    found = findings(app)
    phrases = [(f, line, m) for f, line, s, m in found if s == d.STYLE_PHRASE]
    assert [(f, line) for f, line, _ in phrases] == [
        ("guides/api/index.md", 6),  # This portal
        ("guides/api/index.md", 10),  # the old site, on the third line of its paragraph
        ("guides/other/index.md", 10),  # the opt-out covers spelling only
    ]
    assert "'This portal'" in phrases[0][2] and "self-reference" in phrases[0][2]
    assert "'the old site'" in phrases[1][2] and "'sources'" in phrases[1][2]


def test_british_spelling_is_reported_with_the_american_word(app):
    spelling = [(f, line, m) for f, line, s, m in findings(app) if s == d.STYLE_SPELLING]
    assert spelling == [
        ("guides/api/index.md", 2, "'colour' is British spelling; write 'color'"),  # the summary
        ("guides/api/index.md", 9, "'organised' is British spelling; write 'organized'"),  # an inflection
        ("guides/api/index.md", 20, "'organisation' is British spelling; write 'organization'"),  # a table cell
    ]


def test_code_literals_urls_and_excluded_pages_are_never_read(app):
    found = findings(app)
    assert not [f for f in found if f[0] == "guides/api/index.md" and f[1] in (12, 13, 14, 15, 16)]
    assert not [f for f in found if f[0].startswith("writers/")]


def test_one_header_two_names_in_a_document_is_reported_where_the_rarer_name_is(app):
    names = [(f, line, m) for f, line, s, m in findings(app) if s == d.STYLE_NAMES]
    assert [(f, line) for f, line, _ in names] == [
        ("guides/api/appendix.md", 3),  # accountID beside accountId (case only)
        ("guides/api/methods.md", 5),  # eTag beside ac-revision (an equivalence group)
    ]
    assert "`eTag` and `ac-revision`" in names[1][2] and "`ac-revision` is used 2 time(s)" in names[1][2]
    # guides/other uses eTag alone: another document, no finding; PURCHASE / purchase is an enum, not a variant


def test_a_page_opts_out_of_one_rule_with_a_reason(app):
    other = [(line, s) for f, line, s, _ in findings(app) if f == "guides/other/index.md"]
    assert other == [(10, d.STYLE_PHRASE)]  # "Colour" allowed, "This portal" still reported


def test_a_malformed_opt_out_is_named_and_allows_nothing(app):
    bad = [(line, m) for f, line, s, m in findings(app) if s == d.STYLE_ALLOW]
    assert [line for line, _ in bad] == [2, 2]
    assert any("unknown rule 'spelin'" in m for _, m in bad)
    assert any("`prose-allow: names` needs a reason" in m for _, m in bad)


def test_every_finding_is_registered_and_nothing_else_is_warned(app):
    assert {s for _, _, s, _ in findings(app)} == {d.STYLE_PHRASE, d.STYLE_SPELLING, d.STYLE_NAMES, d.STYLE_ALLOW}
    assert all(s in d.SUBTYPES for s in (d.STYLE_PHRASE, d.STYLE_SPELLING, d.STYLE_NAMES, d.STYLE_ALLOW,
                                         d.STYLE_CONFIG))


def test_conf_py_changes_the_rules(tmp_path):
    src = copy_root("prose", tmp_path)
    app = build(src, freshenv=True, confoverrides={
        "portal_prose_phrases": {"marketing": [r"\bdocuments the API\b"]},
        "portal_prose_spelling": {"date": "day"},
        "portal_prose_names": [],
        "portal_prose_case_variants": False,
        "portal_prose_exclude": ["writers/*", "guides/other/*"],
    })
    found = findings(app)
    assert [(f, line, s) for f, line, s, _ in found] == [
        ("guides/api/index.md", 6, d.STYLE_PHRASE),  # the team's own phrase rule
        ("guides/api/index.md", 9, d.STYLE_SPELLING),  # the team's own word list
    ]
    assert "rule 'marketing'" in found[0][3] and "write 'day'" in found[1][3]


def test_a_malformed_rule_is_named_and_the_others_still_apply(tmp_path):
    src = copy_root("prose", tmp_path)
    app = build(src, freshenv=True, confoverrides={"portal_prose_phrases": {"broken": ["(unclosed"],
                                                                            "Bad Name": ["x"]}})
    found = findings(app)
    config = [m for f, _, s, m in found if s == d.STYLE_CONFIG]
    assert len(config) == 2 and any("'(unclosed' is not a regular expression" in m for m in config)
    assert any(s == d.STYLE_SPELLING for _, _, s, _ in found)  # spelling rules unaffected
    assert not any(s == d.STYLE_PHRASE for _, _, s, _ in found)  # the broken rule finds nothing


def test_parallel_and_incremental_builds_report_the_same(tmp_path):
    src = copy_root("prose", tmp_path)
    serial = findings(build(src, freshenv=True))
    parallel = findings(build(copy_root("prose", tmp_path / "p"), freshenv=True, parallel=2))
    assert parallel == serial
    # an incremental build after fixing one page: its findings go, the names check still sees every page
    page = src / "guides" / "api" / "methods.md"
    page.write_text(page.read_text().replace("`eTag`", "`ac-revision`"))
    again = findings(build(src))
    assert not [f for f in again if f[0] == "guides/api/methods.md"]
    assert ("guides/api/appendix.md", 3) in where(again, d.STYLE_NAMES)


def test_core_rules_without_sphinx():
    rules, problems = prose.compile_rules()
    assert problems == []
    segs = [prose.Segment("The colours are\ncustomised on the old site.", 4),
            prose.Segment("colour", 4, literal=True)]
    assert [(f.rule, f.line) for f in prose.check_text(segs, rules)] == [
        ("spelling", 4), ("sources", 5), ("spelling", 5)]
    assert prose.check_text(segs, rules, allow={"spelling", "sources"}) == []
    assert prose.parse_allow({"spelling": "why"}, rules.names) == ({"spelling": "why"}, [])
