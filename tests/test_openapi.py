"""Methods filled from OpenAPI 3: the Sphinx-free core (devportal.core.openapi) and real builds of
tests/roots/test-openapi (filled == hand-written) and tests/roots/test-openapi-warnings (typed warnings
naming the spec file and the JSON pointer)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from devportal.core import apispec, openapi
from devportal.core import diagnostics as d

from .conftest import ROOTS, build, copy_root, read_html, warnings_of, write

SPEC = ROOTS / "test-openapi" / "admin" / "users-api" / "openapi.yaml"
REAL_SPEC = Path(__file__).resolve().parent.parent / "docs" / "admin" / "users-api" / "openapi.yaml"


# =============================================================================================
# the core, without Sphinx


def test_pointers_escape_and_find_their_lines():
    assert openapi.join("/paths", "/api/{id}", "get") == "/paths/~1api~1{id}/get"
    assert openapi.join("", "a~b") == "/a~0b"
    spec = openapi.load(str(SPEC), "users.yaml")
    assert spec.problems == []
    pointer = "/paths/~1api~1account~1{accountId}~1users~1{userId}/get"
    assert SPEC.read_text().splitlines()[spec.line(pointer) - 1].strip() == "get:"
    assert spec.line(pointer + "/no/such/child") == spec.line(pointer)  # nearest ancestor
    # status codes stay strings, as in JSON
    assert "200" in spec.get(pointer + "/responses")[1]


def test_an_operation_is_found_by_id_or_pointer_and_a_typo_gets_a_hint():
    spec = openapi.load(str(SPEC))
    by_id, _ = openapi.find_operation(spec, "createUsers")
    by_pointer, _ = openapi.find_operation(spec, "/paths/~1api~1account~1{accountId}~1users/post")
    assert by_id == by_pointer and (by_id.method, by_id.path) == ("POST", "/api/account/{accountId}/users")
    missing, reason = openapi.find_operation(spec, "getUsers")
    assert missing is None and "did you mean 'getUser'?" in reason
    assert openapi.split_reference("../openapi.yaml#getUser") == ("../openapi.yaml", "getUser")
    assert openapi.split_reference("spec.yaml getUser") == ("spec.yaml", "getUser")
    assert openapi.split_reference("spec.yaml") == ("spec.yaml", "")


def test_conversion_gives_the_blocks_a_writer_would_type():
    spec = openapi.load(str(SPEC))
    operation = openapi.find_operation(spec, "getUser")[0]
    assert operation is not None
    conversion = openapi.convert(spec, operation)
    request, response = conversion.request, conversion.response
    assert request.argument == "GET https://{domain}/api/account/{accountId}/users/{userId}"
    assert request.lines[:5] == [
        "service: accountConfigReadOnly",
        "headers:",
        "  Authorization: required — Bearer token from the Login Service.",
        "  If-Match: Known revision.",
        "path:",
    ]
    assert "  v: number, required, default 4.0 — API version." in request.lines
    assert "  skills[].id: integer — Skill ID." in response.lines
    assert "  userType: integer — Kind of user. One of `0`, `1`, `2`." in response.lines
    assert request.problems == response.problems == []
    # every generated line remembers where in the spec it came from
    assert len(request.pointers) == len(request.lines)
    userid = request.pointers[request.lines.index("  userId: long, required — ID of the user.")]
    assert userid == "/paths/~1api~1account~1{accountId}~1users~1{userId}/parameters/1"


def test_generated_blocks_parse_cleanly_and_round_trip():
    """What the converter writes is read back by apispec exactly: shorthand only where it is lossless."""
    spec = openapi.load(str(REAL_SPEC), "openapi.yaml")
    assert spec.problems == []
    for operation in openapi.operations(spec):
        conversion = openapi.convert(spec, operation)
        req, problems = apispec.parse_request(conversion.request.argument, conversion.request.text, line=1,
                                              content_line=2)
        res, more = apispec.parse_response(conversion.response.text, line=1, content_line=2)
        assert problems + more + apispec.check_request(req) + apispec.check_response(res) == [], operation.id
        assert conversion.request.problems + conversion.response.problems == [], operation.id


def test_a_body_that_is_an_array_of_objects_lists_item_fields_and_allof_is_merged():
    spec = openapi.load(str(SPEC))
    operation = openapi.find_operation(spec, "createUsers")[0]
    assert operation is not None
    conversion = openapi.convert(spec, operation)
    body = conversion.request.lines[conversion.request.lines.index("body:") + 1:]
    names = [line.split(":")[0].strip() for line in body if line.startswith("  ") and not line.startswith("    ")]
    assert names[:3] == ["id", "loginName", "email"]
    assert "  loginName: string, required — Login name." in body
    assert "  id: long, read-only — User ID." in body


def test_file_level_problems_are_typed_and_name_the_json_pointer(tmp_path):
    def problems(text):
        path = tmp_path / "spec.yaml"
        path.write_text(text)
        return openapi.parse(text, str(path), "spec.yaml").problems

    assert [p.subtype for p in problems("openapi: [")] == [d.OPENAPI_FILE]
    assert "Swagger 2.0" in problems('swagger: "2.0"\n')[0].message
    assert "openapi: 3.x.y" in problems("title: nothing\n")[0].message
    base = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\n'
    loop = problems(base + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n"
                    "    B: {$ref: '#/components/schemas/A'}\n")
    assert {p.subtype for p in loop} == {d.OPENAPI_REF} and "loops" in loop[0].message
    external = problems(base + "paths:\n  /a:\n    $ref: 'other.yaml#/x'\n")
    assert external[0].subtype == d.OPENAPI_REF and "leaves the file" in external[0].message
    dup = problems(base + "paths:\n  /a:\n    get: {operationId: x, responses: {'200': {description: ok}}}\n"
                   "    put: {operationId: x, responses: {'200': {description: ok}}}\n")
    assert [(p.subtype, p.line) for p in dup] == [(d.OPENAPI_INVALID, 6)]  # the `put:` line
    assert dup[0].message.startswith("spec.yaml#/paths/~1a/put/operationId: operationId 'x' is also used")
    path_param = problems(base + "paths:\n  /a/{id}:\n    get: {responses: {'200': {description: ok}}}\n")
    assert "path placeholder {id} has no `in: path` parameter" in path_param[0].message
    schema = problems(base + "paths:\n  /a:\n    get:\n      responses:\n        abc: {description: ok}\n")
    assert schema[0].subtype == d.OPENAPI_INVALID
    assert schema[0].message.startswith("spec.yaml#/paths/~1a/get/responses: 'abc' does not match")
    assert schema[0].line == 6


def test_the_openapi_command_prints_the_blocks(tmp_path):
    result = subprocess.run([sys.executable, "-m", "devportal", "openapi", f"{SPEC}#getUser"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("## Request\n\n```{api-request} GET https://{domain}/api/account/{accountId}")
    assert "```{api-response}\nelements:\n  id: long, read-only — User ID." in result.stdout
    bad = subprocess.run([sys.executable, "-m", "devportal", "openapi", f"{SPEC}#nope"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 1 and "has no operation 'nope'" in bad.stderr


# =============================================================================================
# real builds


def api_blocks(app, pagename: str) -> list[str]:
    return [str(c) for c in read_html(app, pagename).select(".portal-api")]


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    return build(copy_root("openapi", tmp_path_factory.mktemp("filled")), freshenv=True)


@pytest.fixture(scope="module")
def handwritten(tmp_path_factory):
    """The same project with get-user.md written by hand from the same facts."""
    root = copy_root("openapi", tmp_path_factory.mktemp("handwritten"))
    shutil.copy(root / "_handwritten" / "get-user.md", root / "admin" / "users-api" / "methods" / "get-user.md")
    return build(root, freshenv=True)


def test_the_filled_project_builds_without_a_warning(filled, handwritten):
    assert warnings_of(filled) == ""
    assert warnings_of(handwritten) == ""


def test_a_filled_method_renders_exactly_like_a_hand_written_one(filled, handwritten):
    page = "admin/users-api/methods/get-user"
    blocks = api_blocks(filled, page)
    assert len(blocks) == 2  # the request, then the response
    assert blocks == api_blocks(handwritten, page)  # same nodes: tables, rows, anchors, classes, examples
    headings = [h.get_text(strip=True) for h in read_html(filled, page).select("article h2, article h3")]
    assert headings == [h.get_text(strip=True) for h in read_html(handwritten, page).select("article h2, article h3")]
    assert headings == ["Request#", "Request headers", "Path parameters", "Query parameters", "Response#",
                        "Response elements", "Response example", "Response headers", "Response codes"]


def test_a_filled_method_is_registered_like_a_hand_written_one(filled, handwritten):
    def entries(app):
        return [(e.docname, e.method, e.url, e.anchor, e.services, e.terms)
                for e in app.env.get_domain("api").entries()]

    filled_entries = entries(filled)
    assert [e[1:3] for e in filled_entries] == [
        ("POST", "https://{domain}/api/account/{accountId}/users"),
        ("GET", "https://{domain}/api/account/{accountId}/users/{userId}"),
    ]
    by_doc = {e[0]: e for e in entries(handwritten)}
    assert next(e for e in filled_entries if e[0].endswith("get-user")) == by_doc["admin/users-api/methods/get-user"]
    routes = filled.env.domaindata["http"]["get"]
    assert "/api/account/{accountId}/users/{userId}" in routes


def test_keys_written_in_a_filled_block_replace_the_specs(filled):
    html = read_html(filled, "admin/users-api/methods/create-users")
    request = html.select_one(".portal-api-request")
    assert request.select_one(".admonition.note").get_text(" ", strip=True).endswith(
        "Send the users as a list, even for one user.")
    rows = [r.select("td")[0].get_text(strip=True) for r in request.select(".portal-api-fields tbody tr")]
    assert rows[:3] == ["id", "loginName", "email"]


WARNINGS = [
    # whole-file problems: once per build, at the spec's line, naming file and JSON pointer
    ("broken.yaml:16", "broken.yaml#/paths/~1api~1things~1{thingId}/get/parameters/1/in: \"quer\" is not one of "
     "\"path\", \"query\", \"header\", \"cookie\"", "openapi_invalid"),
    ("broken.yaml:42", "broken.yaml#/paths/~1api~1things/put/requestBody/$ref: `$ref: #/components/requestBodies/"
     "Missing` points nowhere", "openapi_ref"),
    ("swagger.yaml:1", "swagger.yaml: a Swagger 2.0 document; convert it to OpenAPI 3", "openapi_file"),
    # what a filled block cannot show, and what the block checks find in generated lines: in the spec
    ("broken.yaml:32", "broken.yaml#/paths/~1api~1things/post/requestBody/content: the request body is text/csv; "
     "only JSON bodies are shown as fields", "openapi_unsupported"),
    ("broken.yaml:26", "broken.yaml#/paths/~1api~1things~1{thingId}/get/responses/default: response 'default' is "
     "not listed", "openapi_unsupported"),
    ("broken.yaml:24", "broken.yaml#/paths/~1api~1things~1{thingId}/get/responses/200/content/application~1json/"
     "example: the response example lacks 'name', which `elements:` marks required (filling "
     "admin/broken-api/methods/get-thing)", "example_fields"),
    # what the page gets wrong: on the page
    ("methods/unknown-operation.md:11", "broken.yaml has no operation 'getThings'; did you mean 'getThing'?",
     "openapi_operation"),
    ("methods/missing-file.md:11", "cannot fill the api-request from admin/broken-api/nothere.yaml: the OpenAPI "
     "file does not exist", "openapi_file"),
    ("methods/mismatch.md:11", "the api-request says 'GET https://{domain}/api/other' but the spec's operation is "
     "'GET /api/things/{thingId}'", "openapi_operation"),
    ("methods/malformed.md:11", "`:openapi: ../broken.yaml` must name a spec file and an operation",
     "openapi_operation"),
    ("methods/swagger.md:11", "cannot fill the api-request from admin/broken-api/swagger.yaml: a Swagger 2.0 "
     "document", "openapi_file"),
    ("methods/override.md:14", "unknown key 'bogus' in the api-request block", "api_block"),  # the writer's line
]


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    return build(copy_root("openapi-warnings", tmp_path_factory.mktemp("broken")), freshenv=True)


@pytest.mark.parametrize("where, message, subtype", WARNINGS, ids=[w[0] for w in WARNINGS])
def test_each_mistake_is_a_typed_warning_at_its_place(broken, where, message, subtype):
    pattern = re.escape(f"{where}: WARNING: ") + r"(admin/broken-api/)?" + re.escape(message) + \
        r".*" + re.escape(f"[portal.{subtype}]")
    assert re.search(pattern, warnings_of(broken)), warnings_of(broken)


def test_no_other_warnings_and_each_whole_file_problem_once(broken):
    lines = [line for line in warnings_of(broken).splitlines() if "WARNING" in line]
    assert len(lines) == len(WARNINGS) + 1  # + the unknown operation's api-response
    assert sum("parameters/1/in" in line for line in lines) == 1


def test_a_block_that_cannot_be_filled_still_counts_for_the_page_structure(broken):
    assert "method_parts" not in warnings_of(broken)


def test_parallel_build_reports_the_same_warnings(tmp_path, broken):
    parallel = build(copy_root("openapi-warnings", tmp_path), freshenv=True, parallel=2)

    def normal(app):
        return sorted(re.sub(r"^.*?/openapi-warnings/", "", line) for line in warnings_of(app).splitlines())

    assert normal(parallel) == normal(broken)


def test_editing_the_spec_rebuilds_the_pages_that_use_it(tmp_path):
    root = copy_root("openapi", tmp_path)
    first = build(root, freshenv=True)
    assert warnings_of(first) == ""
    spec = root / "admin" / "users-api" / "openapi.yaml"
    write(spec, spec.read_text().replace("description: Login name.", "description: The login name."))
    second = build(root)
    html = read_html(second, "admin/users-api/methods/get-user").select_one(".portal-api-response")
    assert "The login name." in html.get_text()
    assert warnings_of(second) == ""


def test_a_missing_spec_is_read_again_once_it_exists(tmp_path):
    root = copy_root("openapi", tmp_path)
    spec = root / "admin" / "users-api" / "openapi.yaml"
    moved = spec.with_name("later.yaml")
    spec.rename(moved)
    first = build(root, freshenv=True)
    assert "the OpenAPI file does not exist [portal.openapi_file]" in warnings_of(first)
    moved.rename(spec)
    second = build(root)
    assert warnings_of(second) == ""
    assert read_html(second, "admin/users-api/methods/get-user").select(".portal-api-response table")
