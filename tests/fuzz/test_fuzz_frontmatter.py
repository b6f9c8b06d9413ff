"""Front matter: ``core.frontmatter.parse``/``read_file``, then what the portal reads from it
(``taxonomy.page_info_from_front_matter``, ``frontmatter_keys.check``, ``redirects.claims_from_front_matter``).

Property: no exception escapes; every problem is typed and on a line of the page; the same page gives the
same problems; a valid front matter gives none.
"""

from __future__ import annotations

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from devportal.core import diagnostics as d
from devportal.core import frontmatter, frontmatter_keys, redirects, taxonomy

from .strategies import assert_problems, count, damaged_file, examples, values, yaml_text

KEYS = sorted(frontmatter_keys.KEYS) + ["og:image", "unknown_key", "Order", "summery"]


def read_all(text: str, docname: str = "s/d/page"):
    """Everything the portal derives from one page's front matter, as problems."""
    fm = frontmatter.parse(text, docname)
    problems = list(fm.problems)
    assert isinstance(fm.data, dict)
    _info, more = taxonomy.page_info_from_front_matter(docname, fm.data, fm.lines)
    problems += more
    warnings, infos = frontmatter_keys.check(docname, fm.data, fm.lines)
    problems += warnings + infos
    _claims, more = redirects.claims_from_front_matter(docname, fm.data, fm.lines)
    problems += more
    return problems


def check(text: str) -> list[d.Problem]:
    problems = read_all(text)
    assert_problems(problems, text)
    assert read_all(text) == problems  # deterministic
    return problems


pages = st.one_of(
    yaml_text(values(KEYS)).map(lambda y: f"---\n{y}\n---\n# Title\n"),
    yaml_text(st.dictionaries(st.sampled_from(KEYS), values(KEYS, 6), max_size=8)).map(
        lambda y: f"---\n{y}\n---\n# Title\n"),
    damaged_file(".md", contains="---"),
)


@settings(max_examples=examples(150, 15000))
@given(pages)
@example("---\norder: !!int abc\n---\n")  # found: ValueError from PyYAML's int constructor escaped
@example("---\norder: " + "9" * 5000 + "\n---\n")  # found: Python's int digit limit (ValueError) escaped
@example("---\norder: " + "9" * 400 + "\n---\n")  # found: float(int) OverflowError escaped
@example('---\n!!int ""\n---\n# Title\n')  # found: IndexError from PyYAML's int constructor escaped
@example('---\n!!bool ""\n---\n# Title\n')  # found: KeyError from PyYAML's bool constructor escaped
@example("---\norder: .inf\n---\n")  # an order with no place among siblings
@example("---\n? [a, b]\n: c\n---\n")  # a non-scalar key
@example("---\nsummary: &a [*a]\n---\n")  # an alias inside its own anchor
def test_front_matter(page):
    if isinstance(page, tuple):
        page = page[1]
    count("front matter")
    check(page)


valid_values = {
    "summary": st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=30),
    "order": st.one_of(st.integers(-10**6, 10**6), st.floats(-1e6, 1e6)),
    "indicator": st.sampled_from(["chat", "messaging", "both"]),
    "title": st.text(st.characters(categories=["L"]), min_size=1, max_size=20),
    "keywords": st.lists(st.text(st.characters(categories=["L"]), min_size=1, max_size=10), max_size=3),
    "redirect_from": st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,12}\.html", fullmatch=True), max_size=3),
    "permalink": st.from_regex(r"[a-z][a-z0-9-]{0,12}\.html", fullmatch=True),
    "orphan": st.booleans(),
}


@settings(max_examples=examples(60, 8000))
@given(st.fixed_dictionaries({}, optional=valid_values))
def test_valid_front_matter_gives_no_problem(data):
    count("front matter (valid)")
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n# Title\n"
    assert check(text) == []


@settings(max_examples=examples(20, 500))
@given(st.data())
def test_read_file_reads_what_parse_reads(tmp_path_factory, data):
    """``read_file`` (the build's reader: only the head of the page) agrees with ``parse`` on a damaged page,
    also when its bytes are not UTF-8."""
    count("front matter (file)")
    _name, text = data.draw(damaged_file(".md", contains="---"))
    raw = text.encode("utf-8")
    if data.draw(st.booleans()):
        pos = data.draw(st.integers(0, max(0, len(raw) - 1)))
        raw = raw[:pos] + data.draw(st.sampled_from([b"\xff", b"\xc3", b"\xe2\x80", b"\x80"])) + raw[pos:]
    path = tmp_path_factory.mktemp("page") / "page.md"
    path.write_bytes(raw)
    fm = frontmatter.read_file(str(path), "page")
    assert_problems(fm.problems, raw.decode("utf-8", "replace"))
    if raw.startswith(b"---"):
        assert fm == frontmatter.parse(raw.decode("utf-8-sig", "replace"), "page")


def test_undecodable_page_is_read():
    """Regression: a page with bytes that are not UTF-8 raised UnicodeDecodeError from read_file; Sphinx
    warns about the bytes itself, and the front matter is still read."""
    import tempfile

    with tempfile.NamedTemporaryFile("wb", suffix=".md", delete=False) as fh:
        fh.write(b"---\nsummary: caf\xe9\norder: 10\n---\n# T\n")
    fm = frontmatter.read_file(fh.name, "page")
    assert fm.problems == [] and fm.data["order"] == 10
