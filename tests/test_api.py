"""API methods: the Sphinx-free core (apispec) and real builds of tests/roots/test-api*."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from devportal.core import apispec, taxonomy
from devportal.core import diagnostics as d

from .conftest import build, copy_root, edit_then_build_both_ways, read_html, warnings_of, write, written_pages

STATIC = Path(__file__).parent.parent / "ext" / "devportal" / "api" / "static"



# =============================================================================================
# apispec, without Sphinx


REQUEST = """\
service: accountConfigReadOnly
headers:
  Authorization: Bearer token from the Login Service.
path:
  accountId: string, required — LivePerson account ID.
query:
  v: number, required, default 4.0 — API version.
  select: string, default id,deleted,name — Fields to return.
  mapped: {type: string, default: "a, b", description: "Mapping form: key: value"}
body:
  name: string, required — Unique name.
  routing: array — Routing per agent group.
  routing[].priority: number, required — Cascade order.
example: |
  {"name": "Sales", "routing": [{"priority": 1}]}
"""


def test_request_parses_shorthand_and_mapping_form():
    spec, problems = apispec.parse_request("get https://{domain}/api/account/{accountId}/skills", REQUEST,
                                           docname="p", line=10, content_line=11)
    assert problems == []
    assert (spec.method, spec.url, spec.route) == ("GET", "https://{domain}/api/account/{accountId}/skills",
                                                   "/api/account/{accountId}/skills")
    assert spec.services == ["accountConfigReadOnly"]
    assert spec.headers[0].description == "Bearer token from the Login Service."
    v, select, mapped = spec.query
    assert (v.type, v.required, v.default, v.description, v.line) == ("number", True, "4.0", "API version.", 17)
    assert (select.required, select.default) == (False, "id,deleted,name")  # commas stay in the default
    assert (mapped.type, mapped.default, mapped.description) == ("string", "a, b", "Mapping form: key: value")
    assert [f.name for f in spec.body] == ["name", "routing", "routing[].priority"]
    assert (spec.body[2].parent, spec.body[2].leaf, spec.body[2].segments) == ("routing[].", "priority",
                                                                              ["routing", "priority"])
    assert spec.example.valid and (spec.example.key_line, spec.example.line) == (24, 25)
    assert apispec.check_request(spec, "p") == []


@pytest.mark.parametrize("line, expected", [
    ("string, required — ID.", ("string", True, False, None, "ID.")),
    ("string -- ID.", ("string", False, False, None, "ID.")),
    ("Long, read-only — Object ID.", ("Long", False, True, None, "Object ID.")),
    ("List<Long>, optional — Lines of business.", ("List<Long>", False, False, None, "Lines of business.")),
    ("Map<String, Long> — Counts.", ("Map<String, Long>", False, False, None, "Counts.")),
    ("boolean, default false — Include deleted items — or not.",
     ("boolean", False, False, "false", "Include deleted items — or not.")),
    ("int", ("int", False, False, None, "")),
])
def test_field_shorthand(line, expected):
    spec, problems = apispec.parse_fields("", f"fields:\n  x: {line}\n", line=1, content_line=2)
    f = spec.fields[0]
    assert problems == []
    assert (f.type, f.required, f.read_only, f.default, f.description) == expected


def test_malformed_field_lines_are_reported_at_their_line():
    text = "fields:\n  a: string, requird — Typo.\n  b: string, required - Hyphen.\n  c: The name of the thing.\n"
    spec, problems = apispec.parse_fields("", text, docname="p", line=5, content_line=6)
    assert [(p.subtype, p.line) for p in problems] == [("api_block", 7), ("api_block", 8), ("api_block", 9)]
    assert "unknown item 'requird'" in problems[0].message
    assert "not ` - `" in problems[1].message
    assert spec.fields[1].required and spec.fields[1].description == "Hyphen."  # read as meant
    assert spec.fields[2].description == "The name of the thing."


def test_block_must_be_a_mapping_with_known_keys():
    _, problems = apispec.parse_response("- 200\n- 401\n", docname="p", line=3, content_line=4)
    assert [(p.subtype, p.line) for p in problems] == [("api_block", 4)]
    _, problems = apispec.parse_response("codes:\n  200: OK\nelement:\n  id: long — ID.\ncodes:\n  201: x\n",
                                         docname="p", line=3, content_line=4)
    assert [(p.subtype, p.line) for p in problems] == [("api_block", 8), ("api_block", 6)]
    assert "did you mean 'elements'" in problems[1].message
    _, problems = apispec.parse_response("codes: [\n", docname="p", line=3, content_line=4)
    assert problems[0].subtype == "api_block" and "not valid YAML" in problems[0].message


def test_http_method_checks():
    _, problems = apispec.parse_request("FETCH /x", "", docname="p", line=3)
    assert [(p.subtype, p.line) for p in problems] == [("http_method", 3)]
    _, problems = apispec.parse_request("https://{domain}/x", "", docname="p", line=3)
    assert problems[0].subtype == "http_method" and "missing" in problems[0].message
    for method in apispec.HTTP_METHODS:
        assert apispec.parse_request(f"{method} /x", "")[1] == []


def test_url_checks_point_at_the_url_or_the_path_entry():
    content = "path:\n  accountId: string, required — ID.\n  extra: string — Not in the URL.\n"
    spec, _ = apispec.parse_request("GET https://{domain}/a/{accountID}/b/{user!}?v=1", content,
                                    docname="p", line=20, content_line=21)
    problems = apispec.check_request(spec, "p")
    got = [(p.subtype, p.line) for p in problems]
    assert got == [("url_query", 20), ("url_placeholder", 20), ("url_placeholder", 20),
                   ("url_placeholder", 22), ("url_placeholder", 23)]
    assert "`path:` has 'accountId'" in problems[1].message
    assert "{user!} is not a single name" in problems[2].message
    spec, _ = apispec.parse_request("GET https://<domain>/a", "")
    assert [p.subtype for p in apispec.check_request(spec)] == ["url_placeholder"]


def test_status_codes():
    spec, _ = apispec.parse_response("codes:\n  200: OK\n  99: Too low\n  600: Too high\n  2xx: Pattern\n",
                                     docname="p", line=1, content_line=2)
    problems = apispec.check_response(spec, "p")
    assert [(p.subtype, p.line) for p in problems] == [("status_code", 4), ("status_code", 5), ("status_code", 6)]
    assert [c.value for c in spec.codes] == [200, None, None, None]


def test_json_example_that_does_not_parse_points_at_the_bad_line():
    content = 'elements:\n  id: long — ID.\nexample: |\n  {\n    "id": 1,\n  }\n'
    spec, problems = apispec.parse_response(content, docname="p", line=10, content_line=11)
    assert [(p.subtype, p.line) for p in problems] == [("json_example", 16)]
    assert not spec.example.valid and spec.example.pretty().startswith("{")


def test_example_fields_must_match_the_table():
    content = """\
elements:
  id: long, required — ID.
  name: string, required — Name.
  routing: array — Routing.
  routing[].priority: number, required — Order.
  routing[].agentGroupId: string — Group.
example: |
  [{"id": 1, "colour": "red",
    "routing": [{"agentGroupId": "1", "weight": 3}]}]
"""
    spec, problems = apispec.parse_response(content, docname="p", line=1, content_line=2)
    assert problems == []
    problems = apispec.check_response(spec, "p")
    messages = sorted((p.line, p.message) for p in problems)
    assert all(p.subtype == "example_fields" for p in problems)
    assert sorted(m for _, m in messages) == sorted([
        "the response example has field 'colour', which is not described under `elements:`",
        "the response example lacks 'name', which `elements:` marks required (line 4)",
        "the response example lacks 'routing[].priority', which `elements:` marks required (line 6)",
        "the response example has field 'routing[].weight', which is not described under `elements:`",
    ])
    lines = {p.message.split("'")[1]: p.line for p in problems}
    assert lines == {"colour": 9, "name": 8, "routing[].priority": 8, "routing[].weight": 10}


def test_example_without_a_table_is_reported_and_arrays_of_scalars_are_fine():
    spec, _ = apispec.parse_request("DELETE /x", 'example: |\n  ["987654321", "1232455"]\n')
    assert apispec.check_request(spec) == []
    spec, _ = apispec.parse_request("POST /x", 'example: |\n  {"csrf": "abc"}\n', docname="p", line=1,
                                    content_line=2)
    problems = apispec.check_request(spec, "p")
    assert [(p.subtype, p.line) for p in problems] == [("example_fields", 3)]
    assert "no `body:` table" in problems[0].message


def _site(pages: dict[str, dict]) -> tuple[taxonomy.Site, dict]:
    infos = {}
    for docname, fm in pages.items():
        info, _ = taxonomy.page_info_from_front_matter(docname, fm, {k: 2 for k in fm})
        info.title = docname.rsplit("/", 1)[1].title()
        infos[docname] = info
    sections = [taxonomy.Section("admin", "Admin", "Admin things.")]
    return taxonomy.build_site(sections, infos), infos


def test_method_pages_hold_one_request_then_one_response():
    site, _ = _site({"admin/a/index": {"summary": "A."}, "admin/a/methods/index": {},
                     "admin/a/methods/ok": {}, "admin/a/methods/none": {}, "admin/a/methods/two": {},
                     "admin/a/methods/backwards": {}})
    blocks = {
        "admin/a/methods/index": apispec.PageBlocks([5], [], ["request"]),
        "admin/a/methods/ok": apispec.PageBlocks([5], [9], ["request", "response"]),
        "admin/a/methods/two": apispec.PageBlocks([5, 12], [9], ["request", "response", "request"]),
        "admin/a/methods/backwards": apispec.PageBlocks([12], [5], ["response", "request"]),
    }
    got = [(p.docname, p.line, p.subtype) for p in apispec.check_method_pages(site, blocks)]
    assert sorted(got) == sorted([
        ("admin/a/methods/index", 5, "method_parts"),
        ("admin/a/methods/none", 1, "method_parts"), ("admin/a/methods/none", 1, "method_parts"),
        ("admin/a/methods/two", 12, "method_parts"),
        ("admin/a/methods/backwards", 5, "method_parts"),
    ])


def test_api_document_structure():
    site, infos = _site({"admin/flat/index": {"summary": "F."}, "admin/nodoc/methods/get": {},
                         "admin/fine/index": {"summary": "Fine."}, "admin/fine/methods/get": {},
                         "admin/fine/getting-started": {"order": 20}, "admin/fine/appendix": {"order": 30},
                         "admin/late/index": {"summary": "L."}, "admin/late/methods/get": {},
                         "admin/late/getting-started": {"order": 20}, "admin/late/limits": {"order": 30},
                         "admin/late/appendix": {"order": 10}, "admin/prose/index": {"summary": "No API."}})
    blocks = {name: apispec.PageBlocks([7], [12], ["request", "response"])
              for name in ("admin/flat/index", "admin/nodoc/methods/get", "admin/fine/methods/get",
                           "admin/late/methods/get")}
    got = sorted((p.docname, p.line, p.message.split(":")[0]) for p in apispec.check_api_documents(site, blocks, infos))
    assert got == [
        ("admin/flat/index", 7, "API document 'admin/flat' has no methods/ folder"),
        ("admin/late/appendix", 2, "`order"),
        ("admin/nodoc/methods/get", 7, "API document 'admin/nodoc' has no Overview"),
    ]


# =============================================================================================
# a real build: what readers see



@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture project tests/roots/test-api, built once."""
    return build(copy_root("api", tmp_path_factory.mktemp("api")))


def test_fixture_builds_without_warnings(site):
    assert warnings_of(site) == ""


def test_request_line_has_badge_url_placeholders_and_domain_link(site):
    html = read_html(site, "admin/skills-api/methods/get-all-skills")
    block = html.select_one("div.portal-api-request")
    assert block["id"] == "get--api-account-accountId-configuration-le-users-skills"  # httpdomain's anchor
    badge = block.select_one(".portal-api-signature .portal-method")
    assert badge.get_text() == "GET" and "portal-method-get" in badge["class"]
    url = block.select_one("code.portal-api-url")
    assert url.get_text() == "https://{domain}/api/account/{accountId}/configuration/le-users/skills"
    assert [p.get_text() for p in url.select(".portal-api-placeholder")] == ["{domain}", "{accountId}"]
    domain = url.select_one("a.portal-api-domain")
    assert domain["href"] == "../../../guides/retrieve-api-domains/index.html"
    service = block.select_one(".portal-api-service")
    assert "accountConfigReadOnly" in service.get_text() and service.select_one("a.portal-api-domain")
    note = block.select_one("div.admonition.note")
    assert note.get_text(" ", strip=True) == "Note Use select to keep responses small."


def _tables(block) -> dict[str, list[list[str]]]:
    """rubric text -> rows (header row first) of the table after it."""
    result = {}
    for rubric in block.select(".portal-api-rubric"):
        wrapper = rubric.find_next_sibling()
        if wrapper is not None and "portal-api-table-wrapper" in wrapper.get("class", []):
            result[rubric.get_text()] = [[" ".join(c.get_text().split()) for c in tr.select("th, td")]
                                         for tr in wrapper.select("tr")]
    return result


def test_request_tables(site):
    block = read_html(site, "admin/skills-api/methods/get-all-skills").select_one("div.portal-api-request")
    tables = _tables(block)
    assert tables["Request headers"] == [["Name", "Description"], ["Authorization", "Bearer token from the "
                                         "Login Service, or an OAuth 1.0 header signed with an API key."]]
    assert tables["Path parameters"] == [["Name", "Type", "Required", "Description"],
                                         ["accountId", "string", "Yes", "LivePerson account ID."]]
    assert tables["Query parameters"] == [["Name", "Type", "Required", "Default", "Description"],
                                          ["v", "number", "Yes", "4.0", "API version."],
                                          ["select", "string", "No", "id,deleted,name",
                                           "Fields to return, in the YOGA gdata dialect."]]
    assert [r.get_text() for r in block.select("h3.portal-api-rubric")] == [
        "Request headers", "Path parameters", "Query parameters"]  # h3 under "## Request"


def test_request_body_and_example(site):
    html = read_html(site, "admin/skills-api/methods/create-skills")
    block = html.select_one("div.portal-api-request")
    assert block.select_one(".portal-method").get_text() == "POST"
    body = _tables(block)["Request body"]
    assert body[0] == ["Name", "Type", "Required", "Description"]
    assert [row[0] for row in body[1:]] == ["name", "skillRoutingConfiguration",
                                            "skillRoutingConfiguration[].priority",
                                            "skillRoutingConfiguration[].agentGroupId"]
    nested = block.select("tr#request-body-skillroutingconfiguration-priority .portal-api-parent")
    assert [n.get_text() for n in nested] == ["skillRoutingConfiguration[]."]
    example = block.select_one("div.highlight-json pre")  # the selector sphinx-copybutton attaches to
    assert json.loads(example.get_text()) == [{"name": "Sales", "skillRoutingConfiguration": [
        {"priority": 1, "agentGroupId": "1234"}]}]
    assert "\n  " in example.get_text()  # re-indented for reading


def test_response_parts(site):
    block = read_html(site, "admin/skills-api/methods/get-all-skills").select_one("div.portal-api-response")
    tables = _tables(block)
    assert tables["Response elements"][1:] == [["id", "long", "Yes", "Skill ID."],
                                               ["name", "string", "Yes", "Skill name."],
                                               ["maxWaitTime", "int", "No",
                                                "Seconds a conversation may wait for an agent."]]
    assert tables["Response headers"] == [["Name", "Description"], ["ac-revision", "Revision of the skills "
                                          "collection; send it back in If-Match."]]
    assert tables["Response codes"] == [["Code", "Meaning"], ["200", "OK"], ["401", "Not authenticated."],
                                        ["403", "Not authorized."]]
    assert [r.get_text() for r in block.select(".portal-api-rubric")] == [
        "Response elements", "Response example", "Response headers", "Response codes"]
    assert json.loads(block.select_one("div.highlight-json pre").get_text()) == [
        {"id": 12, "name": "Sales", "maxWaitTime": 120}]


def test_every_table_scrolls_inside_its_own_wrapper(site):
    html = read_html(site, "admin/skills-api/methods/get-all-skills")
    tables = html.select("table.portal-api-table")
    assert len(tables) == 6
    assert all(t.find_parent("div", class_="portal-api-table-wrapper") for t in tables)
    css = (Path(site.outdir) / "_static" / "api.css").read_text()
    assert re.search(r"\.portal-api-table-wrapper \{[^}]*overflow-x: auto", css)
    assert html.select_one('link[href*="_static/api.css"]') is not None


def test_copy_buttons_are_set_up(site):
    html = read_html(site, "admin/skills-api/methods/get-all-skills")
    assert html.select_one('script[src*="_static/copybutton.js"]') is not None
    assert (Path(site.outdir) / "_static" / "copybutton.js").exists()


def test_entity_table_in_the_appendix(site):
    html = read_html(site, "admin/skills-api/appendix")
    block = html.select_one("div.portal-api-entity")
    rows = [[c.get_text(strip=True) for c in tr.select("td")] for tr in block.select("tbody tr")]
    assert rows == [["id", "long", "Read-only", "", "Skill ID."],
                    ["name", "string", "Yes", "", "Unique name of the skill."],
                    ["maxWaitTime", "int", "No", "120", "Seconds a conversation may wait."]]
    assert block.select_one("tr#skill-field-maxwaittime") is not None


def test_all_endpoints_page_groups_by_section_and_document(site):
    html = read_html(site, "guides/all-endpoints/index")
    index = html.select_one("div.portal-api-endpoints")
    headings = [(h.name, h.get_text()) for h in index.select(".portal-api-rubric")]
    assert headings == [("h2", "Admin"), ("h3", "Skills API"), ("h3", "Users API")]
    tables = index.select("table.portal-api-endpoints")
    skills = [(tr.select_one(".portal-method").get_text(), tr.select_one("a").get_text(),
               tr.select_one("a")["href"], tr.select_one("code").get_text()) for tr in tables[0].select("tbody tr")]
    assert skills == [
        ("GET", "Get all skills",
         "../../admin/skills-api/methods/get-all-skills.html#get--api-account-accountId-configuration-le-users-skills",
         "https://{domain}/api/account/{accountId}/configuration/le-users/skills"),
        ("POST", "Create skills",
         "../../admin/skills-api/methods/create-skills.html#post--api-account-accountId-configuration-le-users-skills",
         "https://{domain}/api/account/{accountId}/configuration/le-users/skills"),
    ]
    assert [a.get_text() for a in tables[1].select("a")] == ["Get user by ID"]


def test_method_role_links_from_any_page(site):
    html = read_html(site, "guides/links/index")
    links = [(a.get_text(" ", strip=True), a["href"]) for a in html.select("article a.reference.internal")]
    assert links == [
        ("GET Get all skills",
         "../../admin/skills-api/methods/get-all-skills.html#get--api-account-accountId-configuration-le-users-skills"),
        ("creating skills",
         "../../admin/skills-api/methods/create-skills.html#post--api-account-accountId-configuration-le-users-skills"),
        ("POST Create skills",
         "../../admin/skills-api/methods/create-skills.html#post--api-account-accountId-configuration-le-users-skills"),
        ("GET /api/account/{accountId}/configuration/le-users/skills",  # httpdomain's own role
         "../../admin/skills-api/methods/get-all-skills.html#get--api-account-accountId-configuration-le-users-skills"),
    ]
    assert html.select_one("article a .portal-method-get") is not None


def test_httpdomain_routing_table_lists_the_methods(site):
    table = read_html(site, "http-routingtable")
    entries = [a.get_text(" ", strip=True) for a in table.select("table.indextable a")]
    assert "GET /api/account/{accountId}/configuration/le-users/skills" in entries
    assert "POST /api/account/{accountId}/configuration/le-users/skills" in entries
    assert "GET /api/account/{accountId}/configuration/le-users/users/{userId}" in entries


def _search_index(outdir) -> dict:
    text = (Path(outdir) / "searchindex.js").read_text()
    return json.loads(text[text.index("(") + 1: text.rindex(")")])


def test_search_finds_methods_by_name_and_fields_by_name(site):
    index = _search_index(site.outdir)
    docs = index["docnames"]

    def docs_of(term):
        found = index["terms"].get(term, [])
        return {docs[i] for i in ([found] if isinstance(found, int) else found)}

    # full-text: the stemmed field name leads to the Skills API pages
    assert docs_of("maxwaittim") == {"admin/skills-api/methods/get-all-skills", "admin/skills-api/appendix"}
    assert "admin/skills-api/methods/create-skills" in docs_of("skillroutingconfigur")
    # objects: what the search box ranks first
    objects = {(prefix, entry[4]): (docs[entry[0]], index["objnames"][str(entry[1])][1], entry[3])
               for prefix, entries in index["objects"].items() for entry in entries}
    assert objects[("", "Get all skills")] == ("admin/skills-api/methods/get-all-skills", "method",
                                               "get--api-account-accountId-configuration-le-users-skills")
    assert objects[("Get all skills", "maxWaitTime")] == ("admin/skills-api/methods/get-all-skills", "field",
                                                          "response-maxwaittime")
    assert objects[("Get all skills", "select")][1] == "parameter"
    assert objects[("Skill", "maxWaitTime")][0] == "admin/skills-api/appendix"
    assert objects[("Create skills.skillRoutingConfiguration[]", "priority")][0] == \
        "admin/skills-api/methods/create-skills"


def test_domain_placeholder_without_a_domain_page_is_marked_not_linked(tmp_path):
    app = build(copy_root("api", tmp_path), confoverrides={"portal_domain_api_doc": "guides/no-such-page/index"})
    assert warnings_of(app) == ""
    url = read_html(app, "admin/skills-api/methods/get-all-skills").select_one("code.portal-api-url")
    assert url.select_one("a") is None
    assert [p.get_text() for p in url.select(".portal-api-placeholder")] == ["{domain}", "{accountId}"]


# =============================================================================================
# what writers are told


@pytest.fixture(scope="module")
def warned(tmp_path_factory):
    return build(copy_root("api-warnings", tmp_path_factory.mktemp("api-warnings")))


EXPECTED_WARNINGS = [
    ("admin/skills-api/methods/bad-method.md", 9, "http_method", "unknown HTTP method 'FETCH'"),
    ("admin/skills-api/methods/bad-method.md", 9, "url_placeholder", "URL placeholder {accountID} is not documented"),
    ("admin/skills-api/methods/bad-method.md", 11, "url_placeholder", "path parameter 'accountId' does not appear"),
    ("admin/skills-api/methods/bad-method.md", 13, "url_placeholder", "path parameter 'unused' does not appear"),
    ("admin/skills-api/methods/bad-method.md", 21, "status_code", "'999' is not an HTTP status code"),
    ("admin/skills-api/methods/bad-method.md", 22, "status_code", "'OK' is not an HTTP status code"),
    ("admin/skills-api/methods/bad-json.md", 9, "url_query", "the URL has a query string ('?v=4.0')"),
    ("admin/skills-api/methods/bad-json.md", 19, "json_example", "the request example is not valid JSON"),
    ("admin/skills-api/methods/bad-json.md", 31, "example_fields", "has field 'colour', which is not described"),
    ("admin/skills-api/methods/bad-json.md", 28, "example_fields", "lacks 'name', which `elements:` marks required"),
    ("admin/skills-api/methods/no-response.md", 13, "api_block", "unknown key 'quer'"),
    ("admin/skills-api/methods/no-response.md", 9, "method_parts", "method page has no api-response"),
    ("admin/skills-api/methods/no-request.md", 11, "method_parts", "method page has no api-request"),
    ("admin/nooverview-api/methods/get.md", 6, "api_structure", "API document 'admin/nooverview-api' has no Overview"),
    ("admin/flat-api/index.md", 6, "api_structure", "API document 'admin/flat-api' has no methods/ folder"),
    ("admin/order-api/appendix.md", 3, "api_structure", "`order: 10` would put 'Appendix' before 'Getting Started'"),
    ("guides/refs/index.md", 6, "api_reference", "no documented API method matches '/admin/skills-api/methods/nope'"),
    ("guides/refs/index.md", 8, "endpoint_index", "unknown section 'nowhere'"),
]


@pytest.mark.parametrize("path, line, subtype, text", EXPECTED_WARNINGS,
                         ids=[f"{w[2]}-{w[0].rsplit('/', 1)[1]}:{w[1]}" for w in EXPECTED_WARNINGS])
def test_each_problem_is_a_typed_warning_at_its_line(warned, path, line, subtype, text):
    pattern = re.escape(f"{path}:{line}: WARNING: ") + r"[^\n]*" + re.escape(text) + r"[^\n]*" \
        + re.escape(f"[portal.{subtype}]")
    assert re.search(pattern, warnings_of(warned)), warnings_of(warned)


def test_no_other_warnings(warned):
    lines = [line for line in warnings_of(warned).splitlines() if "WARNING" in line]
    expected = {(p, ln, s) for p, ln, s, _ in EXPECTED_WARNINGS}
    extra = [line for line in lines
             if not any(f"{p}:{ln}: WARNING" in line and f"[portal.{s}]" in line for p, ln, s in expected)]
    # the taxonomy's own check also names the folder without an overview
    assert extra == [line for line in extra if "[portal.missing_overview]" in line] and len(extra) == 1


def test_subtypes_are_registered_with_meanings(warned):
    emitted = set(re.findall(r"\[portal\.(\w+)\]", warnings_of(warned)))
    # the fixture exercises every API check ...
    assert {"http_method", "url_placeholder", "url_query", "status_code", "json_example", "example_fields",
            "api_block", "method_parts", "api_structure", "api_reference", "endpoint_index"} <= emitted
    # ... and each subtype a writer sees is registered (so listed on the Contributing page) with a one-line meaning
    for name in emitted:
        meaning = d.SUBTYPES.get(name, "")
        assert meaning.endswith(".") and "\n" not in meaning, name


# =============================================================================================
# incremental and parallel builds


NEW_METHOD = """\
---
summary: Deletes one skill.
order: 30
---
# Delete skill

## Request

```{api-request} DELETE https://{domain}/api/account/{accountId}/configuration/le-users/skills/{skillId}
path:
  accountId: string, required — LivePerson account ID.
  skillId: long, required — Skill ID.
```

## Response

```{api-response}
codes:
  200: OK
```
"""


def _pages(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*.html"))}


def _add_method(src: Path) -> None:
    write(src / "admin/skills-api/methods/delete-skill.md", NEW_METHOD)


def _retitle_and_move(src: Path) -> None:
    path = src / "admin/skills-api/methods/get-all-skills.md"  # referenced by docname from guides/links
    write(path, path.read_text().replace("# Get all skills", "# List skills"))
    path = src / "admin/users-api/methods/get-user.md"
    write(path, path.read_text().replace("/users/{userId}\n", "/people/{userId}\n"))


@pytest.mark.parametrize("edit, changed", [
    (_add_method, "Delete skill"),
    (_retitle_and_move, "/people/"),
])
def test_incremental_build_refreshes_the_index_and_references(tmp_path, edit, changed):
    seen = {}

    def read_then_edit(src: Path) -> None:
        seen["before"] = (src / "_build/html/guides/all-endpoints/index.html").read_text()
        edit(src)

    incremental, clean = edit_then_build_both_ways("api", tmp_path, read_then_edit)
    before, out, written = seen["before"], Path(incremental.outdir), written_pages(incremental)
    assert warnings_of(incremental) == ""
    # only what changed is rewritten — and that includes the pages rendering the method registry
    assert "guides/all-endpoints/index" in written and "guides/retrieve-api-domains/index" not in written
    inc, ref = _pages(out), _pages(Path(clean.outdir))
    assert sorted(inc) == sorted(ref)
    assert [name for name in inc if inc[name] != ref[name]] == []
    after = (out / "guides/all-endpoints/index.html").read_text()
    assert changed not in before and changed in after
    if edit is _retitle_and_move:
        assert "guides/links/index" in written
        assert "List skills" in (out / "guides/links/index.html").read_text()


def test_parallel_build_equals_serial_build(tmp_path):
    serial = build(copy_root("api", tmp_path / "serial"), freshenv=True)
    parallel = build(copy_root("api", tmp_path / "parallel"), freshenv=True, parallel=2)
    assert warnings_of(parallel) == ""
    a, b = _pages(Path(parallel.outdir)), _pages(Path(serial.outdir))
    assert sorted(a) == sorted(b) and [n for n in a if a[n] != b[n]] == []
    assert _search_index(parallel.outdir)["objects"] == _search_index(serial.outdir)["objects"]


def test_parallel_build_reports_the_same_warnings(tmp_path):
    serial = build(copy_root("api-warnings", tmp_path / "serial"), freshenv=True)
    parallel = build(copy_root("api-warnings", tmp_path / "parallel"), freshenv=True, parallel=2)

    def normal(app):
        text = warnings_of(app).replace(str(app.srcdir), "")
        return sorted(line for line in text.splitlines() if "WARNING" in line)

    assert normal(parallel) == normal(serial) and len(normal(serial)) == len(EXPECTED_WARNINGS) + 1


# =============================================================================================
# colours


def _luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_badges_and_placeholders_meet_wcag_aa(scheme):
    css = (STATIC / "api.css").read_text()
    block = re.search(r'html\[data-theme="' + scheme + r'"\][^{]*\{([^}]*)\}', css).group(1)
    colours = dict(re.findall(r"--portal-([a-z-]+):\s*(#[0-9a-fA-F]{6})", block))
    methods = [k for k in colours if k.startswith("method-") and k != "method-fg"]
    assert len(methods) == 6
    for name in methods:
        assert _contrast(colours["method-fg"], colours[name]) >= 4.5, (scheme, name)
    assert _contrast(colours["url-fg"], colours["url-bg"]) >= 4.5
    assert _contrast(colours["placeholder"], colours["url-bg"]) >= 4.5


def test_headers_are_descriptions_optionally_flagged_required():
    content = "headers:\n  Authorization: required — Bearer token.\n  If-Match: Revision — the one you hold.\n"
    spec, problems = apispec.parse_request("GET /x", content)
    auth, match = spec.headers
    assert problems == []
    assert (auth.required, auth.description) == (True, "Bearer token.")
    assert (match.required, match.description) == (False, "Revision — the one you hold.")


def test_unparsable_block_gets_one_warning_with_a_hint():
    content = "path:\n  accountId: string, required — Account: the site ID.\n"
    spec, problems = apispec.parse_request("GET /a/{accountId}", content, docname="p", line=1, content_line=2)
    problems += apispec.check_request(spec, "p")
    assert [(p.subtype, p.line) for p in problems] == [("api_block", 3)]
    assert "double quotes" in problems[0].message


def test_contributing_page_documents_every_api_warning():
    page = (Path(__file__).parent.parent / "docs" / "contributing" / "api-methods" / "index.md").read_text()
    api_subtypes = list(d.SUBTYPES)[list(d.SUBTYPES).index("http_method"):list(d.SUBTYPES).index("endpoint_index") + 1]
    assert len(api_subtypes) == 11
    for name in api_subtypes:
        assert f"`portal.{name}`" in page, name


def test_the_documented_example_method_passes_every_check():
    example = Path(__file__).parent.parent / "docs" / "contributing" / "api-methods" / "api-method-example.txt"
    text = example.read_text()
    request = re.search(r"```\{api-request\} ([^\n]*)\n(.*?)```", text, re.DOTALL)
    response = re.search(r"```\{api-response\}\n(.*?)```", text, re.DOTALL)
    spec, problems = apispec.parse_request(request.group(1), request.group(2))
    problems += apispec.check_request(spec)
    answer, more = apispec.parse_response(response.group(1))
    problems += more + apispec.check_response(answer)
    assert problems == []
    assert [f.name for f in spec.query] == ["v", "select"] and [c.code for c in answer.codes] == ["200", "401"]


@pytest.mark.parametrize("line, expected", [
    ("required — ID of the visitor.", ("", True, "ID of the visitor.")),
    ("— ID of the session.", ("", False, "ID of the session.")),
])
def test_field_lines_without_a_type(line, expected):
    spec, problems = apispec.parse_fields("", f"fields:\n  x: {line}\n")
    f = spec.fields[0]
    assert problems == [] and (f.type, f.required, f.description) == expected
