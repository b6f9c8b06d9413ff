"""Writers' tools: `python -m devportal new …` on the fixture project tests/roots/test-authoring.

Each command runs as a writer runs it (a subprocess); what it creates is then built by Sphinx and must
build without a single warning. Every refusal prints its reason, exits 1 and writes nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from devportal.core import frontmatter
from devportal.writers import authoring

from .conftest import build, copy_root, read_html, warnings_of

REPO = Path(__file__).resolve().parent.parent
URL = "https://{domain}/api/account/{accountId}/configuration/le-users/agentGroups/{agentGroupId}"


def devportal(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "devportal", *args], capture_output=True, text=True, cwd=cwd,
                          check=False)


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def h1(path: Path) -> str:
    return next(line[2:] for line in path.read_text().splitlines() if line.startswith("# "))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> SimpleNamespace:
    """The fixture project after a writer's session: a new document, two methods, one from OpenAPI."""
    root = copy_root("authoring", tmp_path_factory.mktemp("authoring"))
    results = [
        devportal("new", "document", "--docs", str(root), "--section", "admin", "Agent Groups API"),
        devportal("new", "method", "--docs", str(root), "--document", "admin/agent-groups-api",
                  "Get agent group by ID", "GET", URL),
        devportal("new", "method", "--docs", str(root), "--document", "admin/agent-groups-api",
                  "Delete agent group", "delete", URL, "--service", "accountConfigReadWrite"),
        devportal("new", "method", "--docs", str(root), "--document", "admin/users-api",
                  "--openapi", "openapi.yaml#getUser"),
    ]
    for result in results:
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
    return SimpleNamespace(root=root, results=results)


@pytest.fixture(scope="module")
def app(project):
    return build(project.root, freshenv=True)


def test_new_document_creates_the_four_parts_and_says_so(project):
    out = project.results[0].stdout.splitlines()
    folder = project.root / "admin" / "agent-groups-api"
    assert out[:4] == [f"created {authoring.display(folder / name)}"
                       for name in ("index.md", "getting-started.md", "methods/index.md", "appendix.md")]
    assert "`Write:`" in out[4]
    assert [h1(folder / name) for name in ("index.md", "getting-started.md", "methods/index.md", "appendix.md")] == [
        "Agent Groups API", "Getting Started", "Methods", "Appendix"]


def test_front_matter_is_filled_in(project):
    folder = project.root / "admin" / "agent-groups-api"
    overview = frontmatter.read_file(str(folder / "index.md"))
    assert overview.problems == []
    assert overview.data["summary"] == "Write: one sentence saying what the Agent Groups API is for."
    for name in ("getting-started.md", "methods/index.md", "appendix.md"):
        data = frontmatter.read_file(str(folder / name)).data
        assert "Agent Groups API" in data["summary"] and "Write:" not in data["summary"]


def test_overview_headings_are_in_the_standard_order_with_marked_places(project):
    text = (project.root / "admin" / "agent-groups-api" / "index.md").read_text()
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# Agent Groups API", "## Domain API service", "## Authentication", "## Use cases",
                        "## Related documents"]
    assert text.count("\n% Write: ") == 5  # one marked place per part, in MyST comments


def test_new_method_fills_the_request_from_method_and_url(project):
    page = project.root / "admin" / "agent-groups-api" / "methods" / "get-agent-group-by-id.md"
    text = page.read_text()
    assert frontmatter.read_file(str(page)).data["order"] == 10
    assert f"```{{api-request}} GET {URL}\npath:\n" in text
    assert '  accountId: "string, required — Write: what accountId identifies."' in text
    assert '  agentGroupId: "string, required — Write: what agentGroupId identifies."' in text
    assert "domain:" not in text  # {domain} is the Domain API host, not a path parameter
    second = (project.root / "admin" / "agent-groups-api" / "methods" / "delete-agent-group.md").read_text()
    assert "order: 20" in second and f"```{{api-request}} DELETE {URL}\nservice: accountConfigReadWrite\n" in second


def test_new_method_from_openapi_names_the_operation_and_takes_its_title(project):
    methods = project.root / "admin" / "users-api" / "methods"
    assert project.results[3].stdout.splitlines()[:2] == [f"created {authoring.display(methods / 'get-user.md')}",
                                                         f"created {authoring.display(methods / 'index.md')}"]
    text = (methods / "get-user.md").read_text()
    assert h1(methods / "get-user.md") == "Get user"
    assert frontmatter.read_file(str(methods / "get-user.md")).data["summary"] == "Returns one user."
    assert "```{api-request}\n:openapi: ../openapi.yaml#getUser\n```" in text
    assert "```{api-response}\n:openapi: ../openapi.yaml#getUser\n```" in text


def test_everything_created_builds_without_a_warning(app):
    assert warnings_of(app) == ""


def test_created_pages_are_in_the_portal(app):
    landing = read_html(app, "admin/index")
    assert "agent-groups-api/index.html" in {a["href"] for a in landing.select("a")}
    method = read_html(app, "admin/agent-groups-api/methods/get-agent-group-by-id")
    rows = [r.select("td")[0].get_text(strip=True) for r in method.select(".portal-api-request tbody tr")]
    assert rows == ["accountId", "agentGroupId"]
    assert "Write: the response of this method" in method.select_one(".portal-api-response").get_text()
    index = read_html(app, "admin/agent-groups-api/methods/index")
    assert len(index.select(".portal-api-endpoints tbody tr")) == 2  # the generated list of the methods
    filled = read_html(app, "admin/users-api/methods/get-user")
    assert filled.select(".portal-api-response .portal-api-fields tbody tr")


def test_places_to_write_are_found(project):
    found = authoring.markers(project.root)
    files = {m.path.relative_to(project.root).as_posix() for m in found}
    assert files == {"admin/agent-groups-api/index.md", "admin/agent-groups-api/getting-started.md",
                     "admin/agent-groups-api/methods/index.md", "admin/agent-groups-api/appendix.md",
                     "admin/agent-groups-api/methods/get-agent-group-by-id.md",
                     "admin/agent-groups-api/methods/delete-agent-group.md", "admin/users-api/methods/get-user.md",
                     "admin/users-api/methods/index.md"}
    assert all("Write:" in m.text for m in found)


# ---------------------------------------------------------------------------------------------
# refusals: a clear message, exit status 1, nothing written

REFUSALS = [
    (["new", "document", "--section", "admin", "Users API"], "refusing to overwrite {docs}/admin/users-api: the "
     "document exists"),
    (["new", "document", "--section", "adminn", "Groups API"], "unknown section 'adminn'; the sections are: guides, "
     "admin"),
    (["new", "document", "--section", "admin", "Groups API", "--slug", "Bad_Slug"], "'Bad_Slug' is not a valid "
     "folder name"),
    (["new", "method", "--document", "admin/nope", "Get", "GET", URL], "unknown document admin/nope"),
    (["new", "method", "--document", "nope/users-api", "Get", "GET", URL], "unknown section 'nope'"),
    (["new", "method", "--document", "admin/users-api", "Get", "GET", URL + "?v=4"],
     "the URL has a query string ('?v=4')"),
    (["new", "method", "--document", "admin/users-api", "Get", "FETCH", URL], "unknown HTTP method 'FETCH'"),
    (["new", "method", "--document", "admin/users-api", "Get"], "give the method's HTTP method and URL"),
    (["new", "method", "--document", "admin/users-api", "--openapi", "openapi.yaml#getUsers"],
     "has no operation 'getUsers'; did you mean 'getUser'?"),
    (["new", "method", "--document", "admin/users-api", "--openapi", "nothere.yaml#getUser"],
     "no OpenAPI file 'nothere.yaml'"),
]


@pytest.mark.parametrize("args, message", REFUSALS, ids=[" ".join(a[:2]) + ": " + m[:30] for a, m in REFUSALS])
def test_refusals_print_their_reason_exit_1_and_write_nothing(tmp_path, args, message):
    root = copy_root("authoring", tmp_path)
    before = snapshot(root)
    result = devportal(*args, "--docs", str(root))
    assert result.returncode == 1
    assert message.format(docs=authoring.display(root)) in result.stderr
    assert result.stderr.startswith(f"devportal {args[0]}: ")
    assert result.stdout == ""
    assert snapshot(root) == before


def test_an_existing_method_page_is_never_overwritten(tmp_path):
    root = copy_root("authoring", tmp_path)
    args = ["new", "method", "--docs", str(root), "--document", "admin/users-api", "Get user", "GET", URL]
    assert devportal(*args).returncode == 0
    page = root / "admin" / "users-api" / "methods" / "get-user.md"
    page.write_text(page.read_text() + "\nWritten by a writer.\n")
    before = snapshot(root)
    result = devportal(*args)
    assert result.returncode == 1
    assert f"refusing to overwrite {authoring.display(page)}; nothing was written" in result.stderr
    assert snapshot(root) == before


def test_a_docs_folder_without_sections_is_refused(tmp_path):
    result = devportal("new", "document", "--docs", str(tmp_path), "--section", "admin", "X API")
    assert result.returncode == 1 and "sections.yaml does not exist" in result.stderr


def test_wrong_usage_is_an_argparse_error():
    result = devportal("new", "document", "X API")
    assert result.returncode == 2 and "--section" in result.stderr


def test_default_docs_folder_is_the_current_one(tmp_path):
    root = copy_root("authoring", tmp_path)
    shutil.move(str(root), str(tmp_path / "docs"))
    result = devportal("new", "document", "--section", "Admin", "Skills API", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("created docs/admin/skills-api/index.md\n")


def test_make_new_and_make_check_wrap_the_commands():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    new = subprocess.run(["make", "-n", "-C", str(REPO), "new", 'ARGS=document --section admin "X API"'],
                         capture_output=True, text=True, check=False)
    assert '.venv/bin/python -m devportal new document --section admin "X API"' in new.stdout
    check = subprocess.run(["make", "-n", "-C", str(REPO), "check"], capture_output=True, text=True, check=False)
    assert ".venv/bin/python -m devportal check --docs docs" in check.stdout
