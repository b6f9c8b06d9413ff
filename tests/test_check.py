"""`python -m devportal check`: one table of problems and a count, on fixture projects.

The command runs as a writer runs it (a subprocess that runs Sphinx in another subprocess); the table
is checked row by row: type, file:line, message.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from devportal.writers import check

from .conftest import copy_root


def run_check(root: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "devportal", "check", "--docs", str(root), "-j", "1", *args],
                          capture_output=True, text=True, cwd=cwd or root.parent, check=False)


def test_a_clean_portal_has_no_problems_and_exits_0(tmp_path):
    root = copy_root("authoring", tmp_path)
    result = run_check(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "No problems.\n"


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A portal with three mistakes of three kinds, in two files."""
    root = copy_root("authoring", tmp_path_factory.mktemp("check"))
    page = root / "admin" / "users-api" / "methods" / "get-users.md"
    page.parent.mkdir()
    page.write_text("---\nsummary: Lists users.\norder: soon\n---\n# Get users\n\nSee {doc}`/admin/nope`.\n\n"
                    "## Request\n\n```{api-request} GET https://{domain}/api/users?v=4\n```\n\n"
                    "## Response\n\n```{api-response}\n```\n")
    (root / "index.md").write_text((root / "index.md").read_text() + "\nSee {doc}`/missing/page`.\n")
    return root, run_check(root)


def test_problems_are_one_table_with_type_location_and_message(broken):
    _root, result = broken
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    header = lines[0].split()
    assert header == ["TYPE", "FILE:LINE", "MESSAGE"]
    rows = [line.split(None, 2) for line in lines[1:lines.index("")]]
    page = "authoring/admin/users-api/methods/get-users.md"
    assert rows == [
        ["portal.bad_value", f"{page}:3", "`order` must be a number, not 'soon'"],
        ["ref.doc", f"{page}:7", "unknown document: '/admin/nope'"],
        ["portal.url_query", f"{page}:11", "the URL has a query string ('?v=4'); drop it from the URL and "
                                           "document each query parameter under `query:`"],
        ["ref.doc", "authoring/index.md:5", "unknown document: '/missing/page'"],
    ]
    # the columns line up
    assert len({line.index("FILE:LINE" if i == 0 else line.split()[1]) for i, line in enumerate(lines[:5])}) == 1


def test_a_summary_counts_the_problems_by_type(broken):
    _root, result = broken
    assert result.stdout.splitlines()[-1] == "4 problems: 2 ref.doc, 1 portal.bad_value, 1 portal.url_query."


def test_places_still_to_write_are_listed_and_count_only_with_strict(tmp_path):
    root = copy_root("authoring", tmp_path)
    subprocess.run([sys.executable, "-m", "devportal", "new", "document", "--docs", str(root), "--section",
                    "admin", "Skills API", "--summary", "Manages skills."], check=True, capture_output=True)
    result = run_check(root)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "No problems."
    assert lines[2] == "Still to write: 12 places marked `Write:` in 4 files:"
    assert lines[3:] == ["  authoring/admin/skills-api/appendix.md  lines 6, 11, 15",
                         "  authoring/admin/skills-api/getting-started.md  lines 6, 11, 16",
                         "  authoring/admin/skills-api/index.md  lines 6, 11, 17, 22, 26",
                         "  authoring/admin/skills-api/methods/index.md  line 6"]
    strict = run_check(root, "--strict")
    assert strict.returncode == 1 and "(problems, with --strict)" in strict.stdout


def test_a_build_that_cannot_run_exits_2_with_sphinxs_reason(tmp_path):
    root = copy_root("authoring", tmp_path)
    (root / "conf.py").write_text("raise RuntimeError('conf.py is broken')\n")
    result = run_check(root)
    assert result.returncode == 2
    assert "devportal check: Sphinx stopped" in result.stderr and "conf.py is broken" in result.stderr


def test_a_folder_without_conf_py_is_refused(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode == 2 and "conf.py does not exist" in result.stderr


# ---------------------------------------------------------------------------------------------
# reading Sphinx's warning file


def test_warning_records_are_parsed_with_continuations_and_without_colours():
    text = ("/p/docs/a.md:12: WARNING: first line\n  second line [portal.api_block]\n"
            "\x1b[91m/p/docs/b.md: WARNING: no line [ref.doc]\x1b[39;49;00m\n"
            "WARNING: nowhere\n"
            "/p/docs/a.md:3: ERROR: Unknown directive type: 'nope' [myst.directive_unknown]\n")
    problems = check.parse(text, Path("/p"))
    assert [(p.type, p.location, p.message, p.level) for p in problems] == [
        ("", "-", "nowhere", "WARNING"),
        ("myst.directive_unknown", "docs/a.md:3", "Unknown directive type: 'nope'", "ERROR"),
        ("portal.api_block", "docs/a.md:12", "first line second line", "WARNING"),
        ("ref.doc", "docs/b.md", "no line", "WARNING"),
    ]
    assert check.summary(problems) == ("4 problems: 1 myst.directive_unknown, 1 portal.api_block, 1 ref.doc, "
                                       "1 warning.")
    width = len("myst.directive_unknown"), len("docs/a.md:12")
    assert check.table(problems).splitlines()[1] == f"{'warning':<{width[0]}}  {'-':<{width[1]}}  nowhere"
