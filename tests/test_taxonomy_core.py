"""The taxonomy core, without Sphinx: sections file, front matter, placement, problems."""

from __future__ import annotations

from devportal.core import frontmatter, taxonomy
from devportal.core.taxonomy import PageInfo

SECTIONS = """\
- slug: guides
  name: Guides
  summary: Guides.
- slug: admin
  name: Admin
  summary: Admin.
"""


def sections():
    result, problems = taxonomy.load_sections(SECTIONS, "sections.yaml")
    assert problems == []
    return result


def page(docname, title=None, **kw):
    return PageInfo(docname, title=title or docname.rsplit("/", 1)[-1].title(), **kw)


def test_sections_file_problems_name_their_line():
    text = SECTIONS + "- slug: Bad_Slug\n  name: Bad\n  summary: x\n- slug: admin\n  name: Admin again\n  summary: y\n"
    result, problems = taxonomy.load_sections(text, "sections.yaml")
    assert [s.slug for s in result] == ["guides", "admin"]
    assert [(p.subtype, p.line) for p in problems] == [("invalid_slug", 7), ("duplicate_section", 10)]


def test_sections_file_that_is_not_a_list():
    result, problems = taxonomy.load_sections("slug: guides\n", "s.yaml")
    assert result == [] and problems[0].subtype == "sections_file"


def test_parts_follow_the_standard_order_whatever_the_file_names():
    pages = {n: page(n) for n in [
        "admin/skills/index", "admin/skills/appendix", "admin/skills/limits", "admin/skills/getting-started",
        "admin/skills/methods/b", "admin/skills/methods/a"]}
    pages["admin/skills/methods/b"].order = 1.0
    pages["admin/skills/index"].summary = "Skills."
    site = taxonomy.build_site(sections(), pages)
    assert site.order == ["admin/skills/index", "admin/skills/getting-started", "admin/skills/methods/b",
                          "admin/skills/methods/a", "admin/skills/limits", "admin/skills/appendix"]
    assert site.problems == []


def test_documents_ordered_by_order_then_title():
    pages = {"admin/zeta/index": page("admin/zeta/index", "Zeta", summary="z", order=1.0),
             "admin/alpha/index": page("admin/alpha/index", "Alpha", summary="a"),
             "admin/beta/index": page("admin/beta/index", "Beta", summary="b")}
    site = taxonomy.build_site(sections(), pages)
    assert [d.title for d in site.section("admin").documents] == ["Zeta", "Alpha", "Beta"]


def test_problems_never_drop_a_page():
    pages = {"admin/skills/methods/get": page("admin/skills/methods/get"),  # no overview
             "admin/loose": page("admin/loose"),  # not in a document
             "elsewhere": page("elsewhere"),  # outside every section
             "kept": page("kept", orphan=True)}
    site = taxonomy.build_site(sections(), pages)
    subtypes = sorted(p.subtype for p in site.problems)
    assert subtypes == ["missing_overview", "outside_section", "outside_section"]
    assert "admin/skills/methods/get" in site.order and "admin/loose" in site.order


def test_claims_must_agree_with_the_folder():
    fm = frontmatter.parse("---\nsection: guides\ndocument: nowhere\nsubfolder: methods\norder: soon\n"
                           "indicator: sms\n---\n# T\n", "admin/skills/methods/x")
    info, problems = taxonomy.page_info_from_front_matter("admin/skills/methods/x", fm.data, fm.lines)
    assert [(p.subtype, p.line) for p in problems] == [("bad_value", 5), ("bad_value", 6)]
    info.title = "X"
    pages = {"admin/skills/index": page("admin/skills/index", summary="s"), info.docname: info,
             "guides/start/index": page("guides/start/index", summary="s")}
    site = taxonomy.build_site(sections(), pages)
    assert [(p.subtype, p.line) for p in site.problems] == [("folder_mismatch", 2), ("unknown_document", 3)]


def test_duplicate_order_in_one_folder():
    pages = {"admin/skills/index": page("admin/skills/index", summary="s"),
             "admin/skills/methods/a": page("admin/skills/methods/a", order=10.0, lines={"order": 3}),
             "admin/skills/methods/b": page("admin/skills/methods/b", order=10.0, lines={"order": 4})}
    site = taxonomy.build_site(sections(), pages)
    [problem] = site.problems
    assert problem.subtype == "duplicate_order" and problem.docname == "admin/skills/methods/b" and problem.line == 4


def test_front_matter_yaml_error_has_a_line():
    fm = frontmatter.parse("---\ntitle: ok\norder: [1\n---\n", "p")
    assert fm.problems[0].subtype == "front_matter" and (fm.problems[0].line or 0) >= 3


def test_a_subfolder_claim_naming_another_subfolder_of_the_document_is_a_mismatch():
    # "webhooks" sorts after "events": when the events page is checked, webhooks has no page placed yet
    pages = {n: page(n) for n in ["admin/skills/index", "admin/skills/events/a", "admin/skills/webhooks/b"]}
    pages["admin/skills/index"].summary = "Skills."
    pages["admin/skills/events/a"].claims = {"subfolder": "webhooks"}
    pages["admin/skills/events/a"].lines = {"subfolder": 3}
    site = taxonomy.build_site(sections(), pages)
    assert [(p.subtype, p.docname, p.line) for p in site.problems] == [
        ("folder_mismatch", "admin/skills/events/a", 3)]
    assert "subfolder 'webhooks' but the page is in 'events'" in site.problems[0].message
