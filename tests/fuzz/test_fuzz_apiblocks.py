"""``api-request`` / ``api-response`` / ``api-fields`` blocks: ``core.apispec``'s parsers (argument and
content) and the checks of one block.

Property: no exception escapes; every problem is typed and on a line of the block (the directive line or a
content line); the same block gives the same problems; a valid block gives none.
"""

from __future__ import annotations

import json
import re
from functools import cache

from hypothesis import example, given, settings
from hypothesis import strategies as st

from devportal.core import apispec

from .strategies import assert_problems, count, examples, line_count, mutated, real_files, texts, values, yaml_text

KINDS = ("api-request", "api-response", "api-fields")
BLOCK_RE = re.compile(r"^```\{(api-request|api-response|api-fields)\}(.*)\n(.*?)^```$", re.M | re.S)


@cache
def real_blocks() -> tuple[tuple[str, str, str], ...]:
    """(kind, argument, content) of every API block in docs/ and tests/."""
    return tuple((m.group(1), m.group(2).strip(), m.group(3)) for _name, text in real_files(".md")
                 for m in BLOCK_RE.finditer(text))


DIRECTIVE_LINE, CONTENT_LINE = 10, 11


def parse(kind: str, argument: str, content: str):
    docname, line, first = "s/d/methods/m", DIRECTIVE_LINE, CONTENT_LINE
    if kind == "api-request":
        request, problems = apispec.parse_request(argument, content, docname=docname, line=line, content_line=first)
        return problems + apispec.check_request(request, docname)
    if kind == "api-response":
        response, problems = apispec.parse_response(content, docname=docname, line=line, content_line=first)
        return problems + apispec.check_response(response, docname)
    fields, problems = apispec.parse_fields(argument, content, docname=docname, line=line, content_line=first)
    return problems + apispec.check_fields(fields, docname)


def check(kind: str, argument: str, content: str):
    problems = parse(kind, argument, content)
    # inside the block: from the directive line to its last content line
    assert_problems(problems, first_line=DIRECTIVE_LINE, lines=1 + line_count(content))
    assert parse(kind, argument, content) == problems  # deterministic
    return problems


# -- generated: the keys a block knows, with field lines, codes and examples that are almost right -----------
TYPES = ["string", "number", "integer", "boolean", "object", "array", "array of string", "Map<String, Long>",
         "long", "", "str ing", "[", "<"]
FLAGS = ["required", "optional", "read-only", "readonly", "read_only", "default 4.0", "default", "default \"x\"",
         "", "requried", "Required", ",", "default `a`"]
# the keys of a field's mapping form, and a typo
FIELD_KEYS = ["type", "required", "read-only", "readonly", "read_only", "default", "description", "typ"]
SEPS = [" — ", " -- ", " – ", " - ", "—", " ", "", ": "]


@st.composite
def field_line(draw) -> str:
    items = [draw(st.sampled_from(TYPES))] + draw(st.lists(st.sampled_from(FLAGS), max_size=3))
    return ", ".join(items) + draw(st.sampled_from(SEPS)) + draw(texts)


@st.composite
def json_example(draw) -> str:
    value = draw(values(["accountId", "id", "name", "a", "b"], 8))
    text = json.dumps(value, indent=draw(st.sampled_from([None, 2])), default=str)
    return draw(st.one_of(st.just(text), mutated(text, 2), st.just("[" * 3000 + "]" * 3000)))


field_maps = st.dictionaries(st.one_of(st.sampled_from(["accountId", "a.b", "a[].b", "a", "items[]", "x-y"]), texts),
                             st.one_of(field_line(), st.dictionaries(
                                 st.sampled_from(FIELD_KEYS), texts, max_size=4),
                                 values(max_leaves=3)),
                             max_size=5)


@st.composite
def block_text(draw, kind: str) -> str:
    keys = {"api-request": apispec.REQUEST_KEYS, "api-response": apispec.RESPONSE_KEYS,
            "api-fields": apispec.FIELDS_KEYS}[kind]
    data = {}
    for key in draw(st.lists(st.sampled_from(list(keys) + ["exmple", "codes"]), max_size=5, unique=True)):
        if key in ("path", "query", "body", "headers", "elements", "fields"):
            data[key] = draw(field_maps)
        elif key == "codes":
            data[key] = draw(st.dictionaries(st.one_of(st.integers(-1, 1000), texts), texts, max_size=4))
        else:
            data[key] = draw(st.one_of(texts, values(max_leaves=3)))
    lines = draw(yaml_text(st.just({k: v for k, v in data.items() if k != "example"}))).split("\n")
    if draw(st.booleans()):
        example_text = draw(json_example())
        lines += ["example: |"] + ["  " + line for line in example_text.split("\n")]
    return "\n".join(line for line in lines if line != "{}")


arguments = st.one_of(
    st.tuples(st.sampled_from(["GET", "get", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "FETCH", ""]),
              st.sampled_from(["https://{domain}/api/account/{accountId}/x", "{domain}/a", "/a/{b}/{c}", "/a?b=c",
                               "/a/<id>", "/a/{", "/a/}", "/{a b}", "https://h/{}", "", "x y", "{domain}"]),
              texts).map(lambda t: " ".join(x for x in t if x)),
    texts,
)


@st.composite
def blocks(draw):
    if draw(st.integers(0, 2)) == 0:
        kind, argument, content = draw(st.sampled_from(real_blocks()))
        return kind, draw(st.one_of(st.just(argument), mutated(argument, 1))), draw(mutated(content))
    kind = draw(st.sampled_from(KINDS))
    argument = draw(arguments) if kind != "api-response" else ""
    return kind, argument, draw(block_text(kind))


@settings(max_examples=examples(200, 8000))
@given(blocks())
@example(("api-request", "GET /a", 'example: |\n  ' + "[" * 3000 + "]" * 3000))  # found: RecursionError from json
@example(("api-response", "", "codes:\n  &a x: *a"))
@example(("api-request", "GET /a", "\u2028î"))  # YAML breaks lines at U+2028 too: still a line of the block
@example(("api-request", "GET /a", "[" * 5000 + "]" * 5000))  # libyaml's nesting limit: a YAML error, typed
@example(("api-fields", "", "fields: &a\n  a: *a"))
def test_api_block(block):
    count("api blocks")
    check(*block)


@st.composite
def valid_request(draw):
    names = draw(st.lists(st.from_regex(r"[a-z][A-Za-z0-9]{0,8}", fullmatch=True), min_size=1, max_size=4,
                          unique=True).filter(lambda ns: "domain" not in ns))
    placeholders = names[: draw(st.integers(0, len(names)))]
    url = "https://{domain}/api" + "".join(f"/{{{n}}}/x" for n in placeholders)
    body = {n: draw(st.sampled_from(["string", "number", "boolean"])) for n in names}
    required = {n for n in names if draw(st.booleans())}
    lines = ["path:"] + [f"  {n}: string, required — The {n}." for n in placeholders]
    lines += ["body:"] + [f"  {n}: {t}{', required' if n in required else ''} — The {n}." for n, t in body.items()]
    example_value = {n: {"string": "x", "number": 1, "boolean": True}[t] for n, t in body.items()
                     if n in required or draw(st.booleans())}
    lines += ["example: |", "  " + json.dumps(example_value)]
    if not placeholders:
        lines.remove("path:")
    return draw(st.sampled_from(apispec.HTTP_METHODS)) + " " + url, "\n".join(lines)


@settings(max_examples=examples(60, 5000))
@given(valid_request())
def test_valid_request_gives_no_problem(request):
    count("api blocks (valid)")
    argument, content = request
    assert check("api-request", argument, content) == []


@settings(max_examples=examples(40, 12000))
@given(st.dictionaries(st.integers(100, 599), st.text(st.characters(categories=["L"]), min_size=1), max_size=5))
def test_valid_response_gives_no_problem(codes):
    count("api blocks (valid)")
    content = "codes:\n" + "".join(f"  {code}: {json.dumps(text, ensure_ascii=False)}\n"
                                    for code, text in codes.items())
    assert check("api-response", "", content) == []
