"""Every taxonomy mistake is a typed warning with file and line; no page is lost."""

from __future__ import annotations

import re

import pytest

from .conftest import build, copy_root, read_html, warnings_of


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return build(copy_root("taxonomy-warnings", tmp_path_factory.mktemp("warn")))


@pytest.fixture(scope="module")
def warnings(app):
    return warnings_of(app)


@pytest.mark.parametrize("location, subtype, text", [
    ("sections.yaml:7", "invalid_slug", "invalid slug 'Not_A_Slug'"),
    ("sections.yaml:10", "duplicate_section", "declared twice"),
    ("guides/start/claims.md:2", "folder_mismatch", "section 'admin'"),
    ("guides/start/claims.md:4", "folder_mismatch", "subfolder 'methods'"),
    ("guides/start/unknown.md:2", "unknown_section", "unknown section 'marketing'"),
    ("guides/start/unknown.md:3", "unknown_document", "unknown document 'Nope API'"),
    ("guides/start/unknown.md:4", "unknown_subfolder", "unknown subfolder 'widgets'"),
    ("admin/skills-api/index.md:3", "bad_value", "unknown indicator 'sms'"),
    ("admin/skills-api/methods/c.md:3", "bad_value", "`order` must be a number"),
    ("admin/skills-api/methods/b.md:2", "duplicate_order", "`order: 10`"),
    ("admin/no-overview/page.md:1", "missing_overview", "'admin/no-overview' has no index.md"),
    ("elsewhere/stray.md:1", "outside_section", "outside every section"),
    ("guides/start/badyaml.md:2", "front_matter", "not valid YAML"),
])
def test_each_mistake_is_a_typed_warning_at_its_line(warnings, location, subtype, text):
    pattern = rf"{re.escape(location)}: WARNING: .*{re.escape(text)}.* \[portal\.{subtype}\]"
    assert re.search(pattern, warnings), warnings


def test_no_traceback_and_no_other_warnings(warnings):
    assert "Traceback" not in warnings
    # MyST also reports the malformed front matter it skipped; everything else is ours
    others = [line for line in warnings.splitlines() if "[portal." not in line and "[myst.topmatter]" not in line]
    assert others == []
    assert "kept.md" not in warnings  # orphan: true is respected


def test_nothing_is_dropped_from_navigation(app):
    html = read_html(app, "admin/skills-api/methods/a")
    sidebar = [a.get_text() for a in html.select("nav.portal-sidebar a")]
    assert {"Method A", "Method B", "Method C", "No Overview"} <= set(sidebar)
    # a document without overview still shows, and links to its first page
    link = html.select_one('nav.portal-sidebar a[href$="no-overview/page.html"]')
    assert link is not None and link.get_text() == "No Overview"
    # a subfolder without index.md is a plain crumb
    crumb = html.select("nav.portal-breadcrumbs li")[3]
    assert crumb.get_text() == "Methods" and crumb.a is None
    start = read_html(app, "guides/start/index")
    assert {"Claims", "Unknown", "Bad YAML"} <= {a.get_text() for a in start.select("nav.portal-sidebar a")}


def test_warnings_fail_the_build_with_W_and_keep_going_builds_every_page(tmp_path):
    # the command writers run, for its exit status (the one build here that is not conftest.build)
    import subprocess
    import sys

    src = copy_root("taxonomy-warnings", tmp_path)
    result = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                             str(src), str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode != 0
    assert "[portal.duplicate_order]" in result.stderr and "Traceback" not in result.stderr
    for page in ["admin/skills-api/methods/a", "admin/skills-api/methods/c", "guides/start/unknown",
                 "admin/no-overview/page"]:
        assert (tmp_path / "out" / f"{page}.html").exists()


def test_a_warning_can_be_suppressed_by_subtype(tmp_path):
    app = build(copy_root("taxonomy-warnings", tmp_path),
                confoverrides={"suppress_warnings": ["portal.duplicate_order"]})
    assert "[portal.duplicate_order]" not in warnings_of(app)
    assert "[portal.bad_value]" in warnings_of(app)
