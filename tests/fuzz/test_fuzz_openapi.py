"""OpenAPI documents (YAML and JSON): ``core.openapi.parse``/``load``, ``find_operation`` and ``convert`` of
every operation, and the generated blocks read back by ``core.apispec`` as a build does.

Property: no exception escapes; every problem is typed and on a line of the spec; the same spec gives the
same problems; a valid spec gives none.
"""

from __future__ import annotations

import json
from functools import cache

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from devportal.core import apispec, openapi

from .strategies import assert_problems, count, examples, mutated, real_files, texts, values, yaml_text

SCHEMA_NAMES = ["A", "B", "C"]
REFS = [f"#/components/schemas/{n}" for n in SCHEMA_NAMES] + ["#/components/schemas/Nope", "other.yaml#/x",
                                                                "#/paths", "#", "#/components/parameters/P"]
TYPES = ["object", "array", "string", "integer", "number", "boolean", "null", ["string", "null"], "thing", 5]


def schemas(depth: int = 3):
    leaf = st.one_of(
        st.fixed_dictionaries({"$ref": st.sampled_from(REFS)}),
        st.fixed_dictionaries({"type": st.sampled_from(TYPES)}, optional={
            "format": st.sampled_from(["int64", "int32", "double", "date-time", "x"]),
            "enum": st.lists(st.one_of(texts, st.integers()), max_size=3), "default": values(max_leaves=2),
            "description": texts, "readOnly": st.booleans(), "example": values(max_leaves=3)}),
        values(max_leaves=3),
    )
    if depth == 0:
        return leaf
    child = schemas(depth - 1)
    return st.one_of(leaf, st.fixed_dictionaries({"type": st.sampled_from(["object", "array"])}, optional={
        "properties": st.dictionaries(st.one_of(st.sampled_from(["id", "name", "a"]), texts), child, max_size=3),
        "items": child, "required": st.lists(st.one_of(st.sampled_from(["id", "name"]), texts), max_size=2),
        "allOf": st.lists(child, max_size=2), "oneOf": st.lists(child, max_size=2),
        "$ref": st.sampled_from(REFS), "description": texts}))


parameter = st.fixed_dictionaries(
    {"name": st.one_of(st.sampled_from(["accountId", "id", "v", "Authorization", "X-Key"]), texts)},
    optional={"in": st.sampled_from(["path", "query", "header", "cookie", "body", 5]), "required": st.booleans(),
              "schema": schemas(1), "description": texts, "deprecated": st.booleans(),
              "content": st.dictionaries(st.sampled_from(["application/json", "text/plain"]),
                                         st.fixed_dictionaries({"schema": schemas(1)}), max_size=1)})
media = st.dictionaries(st.sampled_from(["application/json", "application/xml", "*/*", "text/plain"]),
                        st.fixed_dictionaries({}, optional={"schema": schemas(), "example": values(max_leaves=4),
                                                            "examples": st.dictionaries(texts, st.fixed_dictionaries(
                                                                {"value": values(max_leaves=3)}), max_size=2)}),
                        max_size=2)
operation = st.fixed_dictionaries({}, optional={
    "operationId": st.one_of(st.sampled_from(["getUser", "getUsers", "x"]), texts),
    "summary": texts, "deprecated": st.booleans(),
    "parameters": st.lists(st.one_of(parameter, st.fixed_dictionaries({"$ref": st.sampled_from(REFS)})),
                           max_size=3),
    "requestBody": st.one_of(st.fixed_dictionaries({"content": media}), values(max_leaves=2)),
    "responses": st.dictionaries(st.sampled_from(["200", "201", "204", "404", "default", "2XX", "999", "abc"]),
                                 st.fixed_dictionaries({"description": texts}, optional={
                                     "content": media, "headers": st.dictionaries(texts, st.fixed_dictionaries(
                                         {"description": texts}), max_size=2)}), max_size=3),
    "security": st.lists(st.dictionaries(st.sampled_from(["bearer", "key", "nope"]), st.just([]), max_size=2),
                         max_size=2),
    "servers": st.lists(st.fixed_dictionaries({"url": st.sampled_from(["https://{domain}/api", "{x}/a", "", "/"])}),
                        max_size=1),
    "x-domain-service": st.one_of(texts, st.lists(texts, max_size=2)),
})
specs = st.fixed_dictionaries({
    "openapi": st.sampled_from(["3.0.3", "3.1.0", "3.0.0", "2.0", "3.9.9", "3", 3.0, ""]),
    "paths": st.dictionaries(st.sampled_from(["/users", "/users/{id}", "/a/{accountId}/b", "users", "/{x}"]),
                             st.dictionaries(st.sampled_from(["get", "post", "put", "delete", "trace", "parameters",
                                                              "$ref"]), operation, max_size=2), max_size=3),
}, optional={
    "info": st.fixed_dictionaries({"title": texts, "version": st.one_of(texts, st.integers())}),
    "servers": st.lists(st.fixed_dictionaries({"url": st.sampled_from(["https://{domain}/api", "https://h", "{x}"])},
                                              optional={"variables": values(["domain", "x"], 3)}), max_size=2),
    "components": st.fixed_dictionaries({}, optional={
        "schemas": st.fixed_dictionaries({}, optional={n: schemas() for n in SCHEMA_NAMES}),
        "securitySchemes": st.fixed_dictionaries({}, optional={
            "bearer": st.fixed_dictionaries({"type": st.sampled_from(["http", "apiKey", "oauth2", "x"])},
                                            optional={"scheme": texts, "in": st.sampled_from(["header", "query",
                                                                                             "cookie"]),
                                                      "name": texts}),
            "key": st.fixed_dictionaries({"$ref": st.sampled_from(REFS)})})}),
    "security": st.lists(st.dictionaries(st.sampled_from(["bearer", "key"]), st.just([]), max_size=2), max_size=2),
    "x-domain-service": texts,
})


@cache
def real_specs() -> tuple[str, ...]:
    return tuple(text for name, text in real_files(".yaml", ".json") if "openapi" in text or "swagger" in text)


@st.composite
def spec_texts(draw) -> str:
    kind = draw(st.integers(0, 3))
    if kind == 0:  # a real spec, damaged (as YAML, or as the JSON a tool would export)
        text = draw(st.sampled_from(real_specs()))
        if draw(st.booleans()):
            text = json.dumps(yaml.safe_load(text), indent=draw(st.sampled_from([None, 2])))
        return draw(mutated(text))
    spec = draw(specs)
    if kind == 1:
        return json.dumps(spec, indent=2, default=str)
    return draw(yaml_text(st.just(spec)))


def read(text: str):
    """Everything a build reads from a spec, as problems: the file's own, then each operation's blocks."""
    spec = openapi.parse(text, "spec.yaml", "spec.yaml")
    problems = list(spec.problems)
    if spec.ok:
        for op in openapi.operations(spec):
            for ref in (op.id, op.pointer):
                if ref:
                    found, _reason = openapi.find_operation(spec, ref)
                    assert found is None or found.pointer == op.pointer
            conversion = openapi.convert(spec, op)
            problems += conversion.request.problems + conversion.response.problems
            # the generated blocks go through the very parser a hand-written block does
            request, _ = apispec.parse_request(conversion.request.argument, conversion.request.text)
            apispec.check_request(request)
            response, _ = apispec.parse_response(conversion.response.text)
            apispec.check_response(response)
            openapi.markdown(conversion)
    return problems


def check(text: str):
    problems = read(text)
    assert_problems(problems, text)
    assert all(p.path == "spec.yaml" for p in problems)
    assert read(text) == problems  # deterministic
    return problems


CYCLE = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A'}
components:
  schemas:
    A: {type: array, items: {$ref: '#/components/schemas/A'}}
"""


@settings(max_examples=examples(60, 2500))
@given(spec_texts())
@example("openapi: 3.0.3\npaths: {}\nx: !!int abc\n")  # found: ValueError from PyYAML's int constructor escaped
@example("openapi: 3.0.3\npaths: {}\nx: !custom 1\n")  # found: ConstructorError outside the YAML try
@example("openapi: 3.0.3\npaths: &a {x: *a}\n")  # an alias inside its own anchor: _construct recursed forever
# found: an array of itself: RecursionError in type_name
@example(CYCLE.replace("      responses:", "      parameters: [{name: q, in: query, schema: {$ref: "
                                          "'#/components/schemas/A'}}]\n      responses:"))
@example(CYCLE.replace("{type: array, items: {$ref: '#/components/schemas/A'}}",
                       "{allOf: [{$ref: '#/components/schemas/A'}]}"))  # found: allOf cycle: RecursionError
@example('{"openapi": "3.0.3", "paths": {"/users": {"get": {"servers": [{"url": }]}}}}')  # found: `url:` empty,
# AttributeError on None
def test_openapi_document(text):
    count("openapi")
    check(text)


@st.composite
def valid_specs(draw):
    paths = {}
    for i in range(draw(st.integers(1, 3))):
        params = draw(st.lists(st.from_regex(r"[a-z][a-zA-Z]{0,6}", fullmatch=True), max_size=2, unique=True))
        path = f"/p{i}" + "".join(f"/{{{p}}}" for p in params)
        props = draw(st.dictionaries(st.from_regex(r"[a-z][a-zA-Z]{0,6}", fullmatch=True),
                                     st.sampled_from([{"type": "string"}, {"type": "integer", "format": "int64"},
                                                      {"type": "boolean"}]), max_size=3))
        paths[path] = {"get": {
            "operationId": f"op{i}",
            "parameters": [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                           for p in params] + [{"name": "v", "in": "query", "schema": {"type": "number"}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"type": "object", "properties": props}}}}, "404": {"description": "Not found"}}}}
    return {"openapi": draw(st.sampled_from(["3.0.3", "3.1.0"])), "info": {"title": "T", "version": "1"},
            "servers": [{"url": "https://{domain}/api"}], "paths": paths}


@settings(max_examples=examples(20, 500))
@given(valid_specs(), st.booleans())
def test_valid_openapi_document_gives_no_problem(spec, as_json):
    count("openapi (valid)")
    text = json.dumps(spec) if as_json else yaml.safe_dump(spec)
    assert check(text) == []


@settings(max_examples=examples(15, 400))
@given(st.data())
def test_load_reads_files(tmp_path_factory, data):
    """``load`` (what a build calls) on damaged bytes, also not UTF-8: typed problems, never an exception."""
    count("openapi (file)")
    raw = data.draw(spec_texts()).encode("utf-8", "surrogatepass")
    if data.draw(st.booleans()):
        pos = data.draw(st.integers(0, len(raw)))
        raw = raw[:pos] + b"\xff\xfe" + raw[pos:]
    path = tmp_path_factory.mktemp("spec") / "openapi.yaml"
    path.write_bytes(raw)
    spec = openapi.load(str(path), "openapi.yaml")
    assert_problems(spec.problems, raw.decode("utf-8", "replace"))
