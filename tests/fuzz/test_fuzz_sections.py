"""``sections.yaml``: ``taxonomy.load_sections``, and ``taxonomy.build_site`` over the sections it gives.

Property: no exception escapes; every problem is typed and on a line of the file; the same file gives the
same problems; a valid file gives none.
"""

from __future__ import annotations

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from devportal.core import taxonomy

from .strategies import assert_problems, count, damaged_file, examples, texts, values, yaml_text

SECTION_KEYS = ["slug", "name", "summary", "sections"]

files = st.one_of(
    yaml_text(values(SECTION_KEYS)),
    yaml_text(st.lists(st.dictionaries(st.sampled_from(SECTION_KEYS), values(SECTION_KEYS, 4), max_size=4),
                       max_size=5)),
    damaged_file(".yaml", contains="slug:").map(lambda f: f[1]),
)


def load(text: str):
    sections, problems = taxonomy.load_sections(text, "sections.yaml")
    assert all(isinstance(s, taxonomy.Section) for s in sections)
    assert_problems(problems, text)
    assert all(p.path == "sections.yaml" for p in problems)
    assert taxonomy.load_sections(text, "sections.yaml") == (sections, problems)  # deterministic
    return sections, problems


@settings(max_examples=examples(150, 15000))
@given(files)
@example("- {[a]: b}")  # found: a non-scalar key made the section's values unhashable (TypeError)
@example("[" * 5000 + "]" * 5000)  # deep nesting: the pure-Python parser's RecursionError escaped
@example("- &a [*a]")
@example("- slug: a\n  name: A\n  summary: x\n- slug: a\n  name: A\n  summary: [")
def test_sections_file(text):
    count("sections.yaml")
    sections, _problems = load(text)
    # the site built over whatever sections came out places pages without raising
    pages = {f"{s.slug}/doc/index": taxonomy.PageInfo(f"{s.slug}/doc/index", title=s.name) for s in sections}
    site = taxonomy.build_site(sections, pages)
    assert set(site.order) == set(pages)


slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
names = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=20).filter(lambda n: n.strip())


@settings(max_examples=examples(50, 5000))
@given(st.lists(st.tuples(slugs, names, names), max_size=6, unique_by=(lambda t: t[0], lambda t: t[1].lower())))
def test_valid_sections_file_gives_no_problem(items):
    count("sections.yaml (valid)")
    text = yaml.safe_dump([{"slug": s, "name": n, "summary": m} for s, n, m in items], allow_unicode=True)
    sections, problems = load(text)
    assert problems == [] and [s.slug for s in sections] == [i[0] for i in items]


page_values = st.one_of(st.sampled_from(["chat", "messaging", "both", "10", "x", ""]), texts)


@settings(max_examples=examples(100, 5000))
@given(st.dictionaries(st.from_regex(r"(s|t|x)(/[a-z]{1,3}){0,4}", fullmatch=True),
                       st.dictionaries(st.sampled_from(["order", "indicator", "summary", "title", "orphan",
                                                        "section", "document", "subfolder", "documentname"]),
                                       st.one_of(page_values, values(max_leaves=3)), max_size=5),
                       max_size=12))
@example({"s": {}})  # found: a page named like a section (`admin.md` beside admin/) raised IndexError
def test_site_from_any_pages(pages):
    """Any set of pages and front matter builds a site: every page inside a section is placed once, and every
    problem is typed and on a line of its page."""
    count("taxonomy.build_site")
    sections = [taxonomy.Section("s", "S", "x", 1), taxonomy.Section("t", "Tee", "y", 2)]
    infos, problems = {}, []
    for docname, data in pages.items():
        lines = {key: i + 2 for i, key in enumerate(data)}
        infos[docname], more = taxonomy.page_info_from_front_matter(docname, data, lines)
        problems += more
    site = taxonomy.build_site(sections, infos)
    problems += site.problems
    for problem in problems:
        assert problem.docname in pages
    assert_problems(problems, lines=len(max(pages.values(), key=len, default={})) + 2)
    placed = [n for n in infos if n.split("/")[0] in ("s", "t") and n.count("/") >= 1]
    assert sorted(site.order) == sorted(placed)
