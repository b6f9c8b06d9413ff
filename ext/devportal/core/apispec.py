"""API methods as data: parse the ``api-request`` / ``api-response`` blocks and check them.

Sphinx-free. A block's content is a YAML mapping (see docs/contributing/api-methods/index.md);
field lines use the shorthand ``type[, required][, read-only][, default VALUE] — description``.
Every check returns :class:`~devportal.core.diagnostics.Problem` objects whose line is the line of the
offending text in the Markdown file: the caller passes the file line of the block's first content
line, and YAML marks (0-based within the block) are added to it.

The site-wide checks (method pages, API document structure) take the Sphinx-free taxonomy
(:class:`~devportal.core.taxonomy.Site`) plus what each page's blocks recorded (:class:`PageBlocks`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import diagnostics as d
from . import taxonomy
from .frontmatter import InputLimit, compose, error_line, error_reason

# warning subtypes live in the registry; named here for readability
HTTP_METHOD, URL_PLACEHOLDER, URL_QUERY, STATUS_CODE = d.HTTP_METHOD, d.URL_PLACEHOLDER, d.URL_QUERY, d.STATUS_CODE
JSON_EXAMPLE, EXAMPLE_FIELDS, API_BLOCK = d.JSON_EXAMPLE, d.EXAMPLE_FIELDS, d.API_BLOCK
METHOD_PARTS, API_STRUCTURE = d.METHOD_PARTS, d.API_STRUCTURE
EXAMPLE_VALUE, DUPLICATE_METHOD = d.EXAMPLE_VALUE, d.DUPLICATE_METHOD

HTTP_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
DOMAIN_PLACEHOLDER = "domain"
SEPARATORS = (" — ", " -- ", " – ")  # em dash (the documented one), double hyphen, en dash
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
PLACEHOLDER_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
REQUEST_KEYS = ("title", "variant", "service", "auth", "headers", "path", "query", "body", "example", "samples", "note")
AUTH_SCHEMES = ("bearer", "oauth1", "none")  # how samples authenticate (see core/samples.py)
RESPONSE_KEYS = ("headers", "elements", "codes", "example", "examples", "note")
#: status keys besides 100-599: OpenAPI's `default` and ranges such as `4XX`
STATUS_WORDS = {"default": "Any other status", **{f"{n}XX": f"Any {n}xx status" for n in range(1, 6)}}
FIELDS_KEYS = ("fields", "example", "note")
TRUE = {"true", "yes", "on", "y"}


# ---------------------------------------------------------------------------------------------
# data


@dataclass
class Field:
    """One row of a table: a header, parameter, body field or response element."""

    name: str  # full path for nested fields: "a.b", "list[].item"
    type: str = ""
    required: bool = False
    read_only: bool = False
    default: str | None = None
    description: str = ""
    line: int = 0
    enum: list[Any] = field(default_factory=list)  # mapping form `enum: [a, b]`
    format: str = ""  # `format: date-time`
    minimum: str | None = None
    maximum: str | None = None
    pattern: str = ""

    @property
    def segments(self) -> list[str]:
        """``a[].b.c`` -> ``["a", "b", "c"]`` (array markers dropped)."""
        return [s.removesuffix("[]") for s in self.name.split(".") if s.removesuffix("[]")]

    @property
    def parent(self) -> str:
        """The part of the name before the last segment, with its separator (``a[].``)."""
        head, sep, _tail = self.name.rpartition(".")
        return head + sep

    @property
    def leaf(self) -> str:
        return self.name.rpartition(".")[2]


@dataclass
class StatusCode:
    code: str
    meaning: str
    line: int = 0

    @property
    def value(self) -> int | None:
        return int(self.code) if self.code.isdigit() and 100 <= int(self.code) <= 599 else None

    @property
    def valid(self) -> bool:
        return self.value is not None or self.code.upper() in STATUS_WORDS or self.code == "default"

    @property
    def label(self) -> str:
        """``404``, or ``Any other status`` for ``default``, ``Any 4xx status`` for ``4XX``."""
        return STATUS_WORDS.get(self.code if self.code == "default" else self.code.upper(), self.code)


@dataclass
class Example:
    text: str
    line: int  # file line of the example's first line of JSON
    key_line: int  # file line of the `example:` key
    data: Any = None
    valid: bool = False

    def pretty(self) -> str:
        """The example as readers see it: re-indented when it is valid JSON, as written otherwise."""
        if not self.valid:
            return self.text.rstrip("\n")
        return json.dumps(self.data, indent=2, ensure_ascii=False)

    def line_of_key(self, key: str) -> int:
        match = re.search(r'"' + re.escape(key) + r'"\s*:', self.text)
        return self.line + self.text[: match.start()].count("\n") if match else self.line


@dataclass
class Block:
    """What every API block has: a start line, a note and an example."""

    line: int = 0
    note: str = ""
    example: Example | None = None
    parsed: bool = True  # False when the YAML did not parse (content checks would only add noise)


@dataclass
class RequestSpec(Block):
    method: str = ""
    url: str = ""
    title: str = ""
    services: list[str] = field(default_factory=list)
    headers: list[Field] = field(default_factory=list)
    path: list[Field] = field(default_factory=list)
    query: list[Field] = field(default_factory=list)
    body: list[Field] = field(default_factory=list)
    variant: str = ""  # `variant:`: one of several ways to call the same METHOD and URL (e.g. another body)
    auth: list[str] = field(default_factory=list)  # `auth:`; empty: read from the Authorization header
    samples: dict[str, str | None] = field(default_factory=dict)  # `samples:` language -> code (None: hidden)

    @property
    def placeholders(self) -> list[str]:
        return [m.group(1) for m in PLACEHOLDER_RE.finditer(self.url)]

    @property
    def route(self) -> str:
        """The URL without scheme and host: the key sphinxcontrib-httpdomain files the method under."""
        return url_route(self.url)


@dataclass
class ResponseSpec(Block):
    headers: list[Field] = field(default_factory=list)
    elements: list[Field] = field(default_factory=list)
    codes: list[StatusCode] = field(default_factory=list)
    examples: list[tuple[StatusCode, Example]] = field(default_factory=list)  # `examples:` by status code


@dataclass
class FieldsSpec(Block):
    """An entity table (``api-fields``), e.g. in an appendix."""

    caption: str = ""
    fields: list[Field] = field(default_factory=list)


def url_route(url: str) -> str:
    url = url.split("?", 1)[0]
    match = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]*", url)
    if match:
        rest = url[match.end():]
    elif url.startswith("/"):
        rest = url
    else:  # "{domain}/api/..." — a host without scheme
        rest = url[url.index("/"):] if "/" in url else ""
    return rest or "/"


# ---------------------------------------------------------------------------------------------
# parsing


class _Reader:
    """Turns one block's YAML into values, collecting problems at file lines."""

    def __init__(self, docname: str | None, content_line: int):
        self.docname = docname
        self.base = content_line  # file line of the block's first content line
        self.problems: list[d.Problem] = []
        self.valid = True  # False when the YAML does not parse: checks of its content are skipped

    def line(self, node: yaml.Node) -> int:
        return self.base + node.start_mark.line

    def problem(self, subtype: str, message: str, line: int) -> None:
        self.problems.append(d.Problem(subtype, message, self.docname, line=line))

    def root(self, text: str, what: str, allowed: tuple[str, ...], directive_line: int) -> dict[str, tuple]:
        """The top-level mapping: key -> (key node, value node)."""
        if not text.strip():
            return {}
        try:
            node = compose(text)
        except yaml.YAMLError as exc:
            at = error_line(exc, text)
            reason = error_reason(exc)
            if "mapping values are not allowed" in reason:
                reason += " (a value that contains `: ` must be put in double quotes, or reworded)"
            self.valid = False
            limit = isinstance(exc, InputLimit)  # too big, too deep, aliases expanding too far
            self.problem(d.INPUT_LIMIT if limit else API_BLOCK,
                         f"the {what} block is {'not read' if limit else 'not valid YAML'}: {reason}",
                         self.base + at if at is not None else directive_line)
            return {}
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.problem(API_BLOCK, f"the {what} block must be a YAML mapping (`key: value` lines), "
                         f"with keys from: {', '.join(allowed)}", self.line(node))
            return {}
        result = self.mapping(node, what)
        for key, (key_node, _value) in result.items():
            if key not in allowed:
                hint = d.closest(key, allowed)
                self.problem(API_BLOCK, f"unknown key {key!r} in the {what} block (known: {', '.join(allowed)})"
                             + (f"; did you mean {hint!r}?" if hint else ""), self.line(key_node))
        return {k: v for k, v in result.items() if k in allowed}

    def mapping(self, node: yaml.MappingNode, what: str) -> dict[str, tuple]:
        result: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value).strip() if isinstance(key_node, yaml.ScalarNode) else ""
            if not key:
                self.problem(API_BLOCK, f"a key in {what} is not a plain name", self.line(key_node))
                continue
            if key in result:
                self.problem(API_BLOCK, f"{key!r} appears twice in {what} (first on line "
                             f"{self.line(result[key][0])})", self.line(key_node))
                continue
            result[key] = (key_node, value_node)
        return result

    def text(self, node: yaml.Node, what: str) -> str:
        if isinstance(node, yaml.ScalarNode):
            return "" if node.tag.endswith(":null") else " ".join(str(node.value).split())
        if isinstance(node, yaml.SequenceNode) and all(isinstance(i, yaml.ScalarNode) for i in node.value):
            return ", ".join(str(i.value).strip() for i in node.value)
        self.problem(API_BLOCK, f"{what} must be text", self.line(node))
        return ""

    def section(self, node: yaml.Node, what: str) -> dict[str, tuple]:
        """A mapping section such as `path:`; an empty value is an empty section."""
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.problem(API_BLOCK, f"`{what}:` must be a mapping of `name: ...` lines", self.line(node))
            return {}
        return self.mapping(node, f"`{what}:`")

    def fields(self, node: yaml.Node, what: str, *, plain: bool = False) -> list[Field]:
        """Field lines: the shorthand, or the mapping form. *plain*: the value is only a description."""
        result = []
        for name, (key_node, value_node) in self.section(node, what).items():
            line = self.line(key_node)
            item = Field(name=name, line=line)
            if isinstance(value_node, yaml.MappingNode):
                self._field_mapping(item, value_node, what)
            elif isinstance(value_node, yaml.ScalarNode):
                value = "" if value_node.tag.endswith(":null") else " ".join(str(value_node.value).split())
                if plain:
                    # headers: a description, optionally flagged `required — ...` / `optional — ...`
                    flag, rest, separated = split_shorthand(value)
                    if separated and flag.lower() in ("required", "optional"):
                        item.required, item.description = flag.lower() == "required", rest
                    else:
                        item.description = value
                else:
                    self._field_shorthand(item, value, what)
            else:
                self.problem(API_BLOCK, f"{what} entry {name!r} must be a line of text or a mapping", line)
            result.append(item)
        return result

    def _field_mapping(self, item: Field, node: yaml.MappingNode, what: str) -> None:
        for key, (key_node, value_node) in self.mapping(node, f"{what} entry {item.name!r}").items():
            if key == "enum":
                if isinstance(value_node, yaml.SequenceNode) and all(isinstance(v, yaml.ScalarNode)
                                                                      for v in value_node.value):
                    item.enum = [yaml.safe_load(yaml.serialize(v)) for v in value_node.value]
                else:
                    self.problem(API_BLOCK, f"`enum` of {item.name!r} must be a list of values, e.g. "
                                 "`enum: [ACTIVE, DISABLED]`", self.line(value_node))
                continue
            value = self.text(value_node, f"`{key}` of {item.name!r}")
            if key in ("format", "pattern"):
                setattr(item, key, value)
                continue
            if key in ("minimum", "maximum"):
                try:
                    float(value)
                    setattr(item, key, value)
                except ValueError:
                    self.problem(API_BLOCK, f"`{key}` of {item.name!r} must be a number", self.line(value_node))
                continue
            if key == "type":
                item.type = value
            elif key in ("required",):
                item.required = value.lower() in TRUE
            elif key in ("read-only", "readonly", "read_only"):
                item.read_only = value.lower() in TRUE
            elif key == "default":
                item.default = value
            elif key == "description":
                item.description = value
            else:
                self.problem(API_BLOCK, f"unknown key {key!r} for {item.name!r} in {what} (known: type, required, "
                             "read-only, default, description, enum, format, minimum, maximum, pattern)",
                             self.line(key_node))

    def _field_shorthand(self, item: Field, value: str, what: str) -> None:
        spec, description, separated = split_shorthand(value)
        if not separated and " - " in value:
            # a plain hyphen is the commonest slip: read the line as meant, and say so
            head, _, tail = value.partition(" - ")
            if not parse_spec(head)[1] and not _looks_like_prose(head):
                self.problem(API_BLOCK, f"{what} entry {item.name!r}: separate the description with ` — ` (an em "
                             "dash with spaces) or ` -- `, not ` - `", item.line)
                spec, description, separated = head.strip(), tail.strip(), True
        parsed, error = parse_spec(spec)
        if not separated and (error or _looks_like_prose(spec)):
            # no dash and not a clean `type, flags` list: the writer meant a description
            item.description = value
            if value:
                self.problem(API_BLOCK, f"{what} entry {item.name!r} has no ` — ` between its type and its "
                             "description (write `type[, required][, default VALUE] — description`)", item.line)
            return
        if error:
            hint = " (separate the description with ` — `, an em dash with spaces, or ` -- `)" if " - " in spec else ""
            self.problem(API_BLOCK, f"{what} entry {item.name!r}: {error}{hint}", item.line)
        item.type, item.required, item.read_only, item.default = parsed
        item.description = description

    def example(self, key_node: yaml.Node, node: yaml.Node, what: str) -> Example | None:
        if not isinstance(node, yaml.ScalarNode):
            self.problem(API_BLOCK, f"`example:` of the {what} must be a literal block (`example: |`) holding JSON",
                         self.line(node))
            return None
        first = self.line(node) + (1 if node.style in ("|", ">") else 0)
        ex = Example(text=str(node.value), line=first, key_line=self.line(key_node))
        if not ex.text.strip():
            return None
        try:
            ex.data = json.loads(ex.text)
            ex.valid = True
        except json.JSONDecodeError as exc:
            self.problem(JSON_EXAMPLE, f"the {what} example is not valid JSON: {exc.msg} "
                         f"(line {exc.lineno}, column {exc.colno} of the example)", first + exc.lineno - 1)
        except RecursionError:  # json's parser is recursive: an example nested ~1,000 levels deep
            self.problem(d.INPUT_LIMIT, f"the {what} example is nested too deeply to be read", first)
        return ex


def _looks_like_prose(spec: str) -> bool:
    head = _split_items(spec)[0] if spec else ""
    return len(head.split()) > 4 or head.endswith(".")


def split_shorthand(value: str) -> tuple[str, str, bool]:
    """``"string, required — ID."`` -> ``("string, required", "ID.", True)``."""
    text = value.strip()
    for dash in ("—", "--", "–"):
        if text.startswith(dash + " ") or text == dash:
            return "", text[len(dash):].strip(), True
    positions = [(text.find(sep), sep) for sep in SEPARATORS if sep in text]
    if not positions:
        return text, "", False
    pos, sep = min(positions)
    return text[:pos].strip(), text[pos + len(sep):].strip(), True


def _split_items(spec: str) -> list[str]:
    """Split at commas outside brackets (``Map<String, Long>`` stays one item)."""
    items, depth, current = [], 0, ""
    for ch in spec:
        if ch in "<[{(":
            depth += 1
        elif ch in ">]})":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += ch
    items.append(current.strip())
    return items


def parse_spec(spec: str) -> tuple[tuple[str, bool, bool, str | None], str | None]:
    """``"number, required, default 4.0"`` -> ``(("number", True, False, "4.0"), None)``; error text if malformed."""
    default = None
    match = re.search(r"(?:^|,)\s*default(?:\s+(.*)|\s*)$", spec)
    if match:
        default = (match.group(1) or "").strip()
        spec = spec[: match.start()]
        if len(default) >= 2 and default[0] == default[-1] and default[0] in "\"'`":
            default = default[1:-1]
        if not default:
            return ("", False, False, None), "`default` needs a value (`default VALUE`)"
    items = [i for i in _split_items(spec)] if spec.strip() else []
    type_, required, read_only, error = "", False, False, None
    for index, item in enumerate(items):
        word = item.lower().replace("_", "-").replace(" ", "-")
        if word == "required":
            required = True
        elif word in ("read-only", "readonly"):
            read_only = True
        elif word == "optional":
            pass
        elif index == 0:
            type_ = item
        elif not item:
            error = "empty item between commas"
        else:
            error = error or (f"unknown item {item!r} (expected `type[, required][, read-only][, default VALUE]"
                              " — description`)")
    return (type_, required, read_only, default), error


def parse_request(argument: str, content: str, *, docname: str | None = None, line: int = 0,
                  content_line: int = 0) -> tuple[RequestSpec, list[d.Problem]]:
    """Parse an ``api-request``: *argument* is ``METHOD URL``; *line* the directive's file line;
    *content_line* the file line of the first content line."""
    reader = _Reader(docname, content_line or line + 1)
    spec = RequestSpec(line=line)
    words = argument.split()
    if len(words) >= 2:
        spec.method, spec.url = words[0], " ".join(words[1:])
        if len(words) > 2:
            reader.problem(API_BLOCK, f"the URL must not contain spaces: {spec.url!r}", line)
            spec.url = words[1]
    elif len(words) == 1 and ("/" in words[0] or "{" in words[0]):
        spec.url = words[0]
    elif words:
        spec.method = words[0]
    if not spec.method:
        reader.problem(HTTP_METHOD, "api-request needs `METHOD URL`; the HTTP method is missing", line)
    elif spec.method.upper() not in HTTP_METHODS:
        hint = d.closest(spec.method.upper(), HTTP_METHODS)
        reader.problem(HTTP_METHOD, f"unknown HTTP method {spec.method!r} (use one of {', '.join(HTTP_METHODS)})"
                       + (f"; did you mean {hint}?" if hint else ""), line)
    else:
        spec.method = spec.method.upper()
    if not spec.url:
        reader.problem(API_BLOCK, "api-request needs `METHOD URL`; the URL is missing", line)

    values = reader.root(content, "api-request", REQUEST_KEYS, line)
    spec.parsed = reader.valid
    for key, (key_node, node) in values.items():
        if key == "title":
            spec.title = reader.text(node, "`title:`")
        elif key == "variant":
            spec.variant = reader.text(node, "`variant:`")
        elif key == "service":
            spec.services = [s.strip() for s in reader.text(node, "`service:`").split(",") if s.strip()]
        elif key == "note":
            spec.note = reader.text(node, "`note:`")
        elif key == "headers":
            spec.headers = reader.fields(node, "headers", plain=True)
        elif key in ("path", "query", "body"):
            setattr(spec, key, reader.fields(node, key))
        elif key == "example":
            spec.example = reader.example(key_node, node, "request")
        elif key == "auth":
            for scheme in [a.strip().lower() for a in reader.text(node, "`auth:`").split(",") if a.strip()]:
                if scheme in AUTH_SCHEMES:
                    spec.auth.append(scheme)
                else:
                    hint = d.closest(scheme, AUTH_SCHEMES)
                    reader.problem(API_BLOCK, f"unknown `auth:` scheme {scheme!r} (use {', '.join(AUTH_SCHEMES)})"
                                   + (f"; did you mean {hint!r}?" if hint else ""), reader.line(node))
        elif key == "samples":
            for language, (lang_node, code_node) in reader.section(node, "samples").items():
                if isinstance(code_node, yaml.ScalarNode) and (code_node.tag.endswith(":null")
                                                                or str(code_node.value).strip() == "none"):
                    spec.samples[language] = None
                elif isinstance(code_node, yaml.ScalarNode) and str(code_node.value).strip():
                    spec.samples[language] = str(code_node.value)
                else:
                    reader.problem(API_BLOCK, f"`samples:` entry {language!r} must be a literal block "
                                   f"(`{language}: |`) holding the code, or `none` to leave it out",
                                   reader.line(lang_node))
    return spec, reader.problems


def parse_response(content: str, *, docname: str | None = None, line: int = 0,
                   content_line: int = 0) -> tuple[ResponseSpec, list[d.Problem]]:
    reader = _Reader(docname, content_line or line + 1)
    spec = ResponseSpec(line=line)
    values = reader.root(content, "api-response", RESPONSE_KEYS, line)
    spec.parsed = reader.valid
    for key, (key_node, node) in values.items():
        if key == "note":
            spec.note = reader.text(node, "`note:`")
        elif key == "headers":
            spec.headers = reader.fields(node, "headers", plain=True)
        elif key == "elements":
            spec.elements = reader.fields(node, "elements")
        elif key == "codes":
            for code, (code_node, meaning_node) in reader.section(node, "codes").items():
                spec.codes.append(StatusCode(code, reader.text(meaning_node, f"the meaning of {code}"),
                                             reader.line(code_node)))
        elif key == "example":
            spec.example = reader.example(key_node, node, "response")
        elif key == "examples":
            for code, (code_node, example_node) in reader.section(node, "examples").items():
                example = reader.example(code_node, example_node, f"{code} response")
                if example is not None:
                    spec.examples.append((StatusCode(code, "", reader.line(code_node)), example))
    return spec, reader.problems


def parse_fields(caption: str, content: str, *, docname: str | None = None, line: int = 0,
                 content_line: int = 0) -> tuple[FieldsSpec, list[d.Problem]]:
    reader = _Reader(docname, content_line or line + 1)
    spec = FieldsSpec(line=line, caption=caption.strip())
    values = reader.root(content, "api-fields", FIELDS_KEYS, line)
    spec.parsed = reader.valid
    for key, (key_node, node) in values.items():
        if key == "note":
            spec.note = reader.text(node, "`note:`")
        elif key == "fields":
            spec.fields = reader.fields(node, "fields")
        elif key == "example":
            spec.example = reader.example(key_node, node, "entity")
    return spec, reader.problems


# ---------------------------------------------------------------------------------------------
# checks of one block


def check_request(spec: RequestSpec, docname: str | None = None) -> list[d.Problem]:
    problems: list[d.Problem] = []

    def problem(subtype: str, message: str, line: int) -> None:
        problems.append(d.Problem(subtype, message, docname, line=line))

    if "?" in spec.url:
        query = spec.url.split("?", 1)[1]
        problem(URL_QUERY, f"the URL has a query string ({'?' + query!r}); drop it from the URL and document each "
                "query parameter under `query:`", spec.line)
    if re.search(r"<[A-Za-z][^<>]*>", spec.url):
        problem(URL_PLACEHOLDER, "write URL placeholders in curly braces, e.g. {domain}, not <domain>", spec.line)
    if spec.url.count("{") != spec.url.count("}"):
        problem(URL_PLACEHOLDER, f"unbalanced braces in the URL {spec.url!r}", spec.line)
    if not spec.parsed:
        return problems
    documented = {f.name: f for f in spec.path}
    in_url = []
    for name in spec.placeholders:
        if not PLACEHOLDER_NAME_RE.match(name):
            problem(URL_PLACEHOLDER, f"placeholder {{{name}}} is not a single name (letters, digits, _ . -)",
                    spec.line)
            continue
        in_url.append(name)
        if name == DOMAIN_PLACEHOLDER or name in documented:
            continue
        hint = next((f.name for f in spec.path if f.name.lower() == name.lower()), None)
        problem(URL_PLACEHOLDER, f"URL placeholder {{{name}}} is not documented under `path:`"
                + (f" (`path:` has {hint!r}; the spelling must match)" if hint else ""), spec.line)
    for item in spec.path:
        if item.name not in in_url:
            problem(URL_PLACEHOLDER, f"path parameter {item.name!r} does not appear in the URL as {{{item.name}}}",
                    item.line)
    if spec.example is not None:
        problems += check_example(spec.example, spec.body, "request body", "body", docname)
    return problems


def check_response(spec: ResponseSpec, docname: str | None = None) -> list[d.Problem]:
    problems: list[d.Problem] = []
    for code in spec.codes + [c for c, _e in spec.examples]:
        if not code.valid:
            problems.append(d.Problem(STATUS_CODE, f"{code.code!r} is not an HTTP status code (use a number from "
                                      "100 to 599, a range such as 4XX, or default)", docname, line=code.line))
    if spec.example is not None:
        problems += check_example(spec.example, spec.elements, "response", "elements", docname)
    for code, example in spec.examples:
        # success bodies are what `elements:` describes (errors have their own shape); without a table, the
        # example stands alone (an OpenAPI response given only by examples)
        if code.code.startswith("2") and spec.elements:
            problems += check_example(example, spec.elements, f"{code.code} response", "elements", docname)
    return problems


def check_fields(spec: FieldsSpec, docname: str | None = None) -> list[d.Problem]:
    if spec.example is None:
        return []
    return check_example(spec.example, spec.fields, "entity", "fields", docname)


@dataclass
class _Tree:
    item: Field | None = None
    children: dict[str, _Tree] = field(default_factory=dict)


def _field_tree(fields: list[Field]) -> _Tree:
    root = _Tree()
    for item in fields:
        node = root
        for segment in item.segments:
            node = node.children.setdefault(segment, _Tree())
        node.item = item
    return root


def _objects(value) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def check_example(example: Example, fields: list[Field], what: str, key: str,
                  docname: str | None = None) -> list[d.Problem]:
    """Each key of the example is described (top level always; below, where the table describes
    children), and each field marked required appears wherever its parent object appears."""
    if not example.valid:
        return []
    problems: list[d.Problem] = []
    reported: set[tuple[str, str]] = set()

    def walk(objects: list[dict], node: _Tree, prefix: str, top: bool) -> None:
        for obj in objects:
            if top or node.children:
                for name in obj:
                    if name not in node.children and ("extra", prefix + name) not in reported:
                        reported.add(("extra", prefix + name))
                        where = f"under `{key}:`" if fields else f"(the block has no `{key}:` table)"
                        problems.append(d.Problem(EXAMPLE_FIELDS, f"the {what} example has field "
                                                  f"{prefix + name!r}, which is not described {where}",
                                                  docname, line=example.line_of_key(name)))
            for name, child in node.children.items():
                if child.item is not None and child.item.required and name not in obj:
                    if ("missing", prefix + name) not in reported:
                        reported.add(("missing", prefix + name))
                        problems.append(d.Problem(EXAMPLE_FIELDS, f"the {what} example lacks {prefix + name!r}, "
                                                  f"which `{key}:` marks required (line {child.item.line})",
                                                  docname, line=example.key_line))
                if name in obj and child.children:
                    value = obj[name]
                    walk(_objects(value), child, prefix + name + ("[]." if isinstance(value, list) else "."), False)

    walk(_objects(example.data), _field_tree(fields), "", True)
    return problems + check_example_values(example, fields, what, key, docname)


#: declared type (lowercase, singular) -> the JSON types its values may have
JSON_TYPES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("string", "str", "text", "uuid", "email", "uri", "url"), ("string",)),
    **dict.fromkeys(("int", "integer", "long", "int32", "int64", "short"), ("integer",)),
    **dict.fromkeys(("number", "double", "float", "decimal", "numeric"), ("integer", "number")),
    **dict.fromkeys(("boolean", "bool"), ("boolean",)),
    **dict.fromkeys(("object", "map", "dict", "json"), ("object",)),
    **dict.fromkeys(("array", "list"), ("array",)),
    # dates are written as text or as epoch numbers
    **dict.fromkeys(("date", "datetime", "date-time", "timestamp", "time"), ("string", "integer", "number")),
}


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _singular(word: str) -> str:
    word = word.strip().lower()
    if word in JSON_TYPES:
        return word
    return word[:-1] if word.endswith("s") and word[:-1] in JSON_TYPES else word


def value_problem(declared: str, value: Any) -> str | None:
    """Why *value* does not fit the *declared* type (``"array of longs"``, ``"Map<String, Long>"``), or None.
    ``null`` fits every type; a type the portal does not know is not checked."""
    if value is None:
        return None
    text = declared.strip().lower()
    text = re.sub(r"\s*\(.*\)$", "", text)  # "string (date-time)" from OpenAPI
    inner = None
    match = re.match(r"^(?:array|list)(?:\s+of\s+(.+)|<(.+)>)$", text) or re.match(r"^(.+)\[\]$", text)
    if match:
        text, inner = "array", next(g for g in match.groups() if g)
    elif re.match(r"^(map|dict)\s*<", text):
        text = "object"
    allowed = JSON_TYPES.get(_singular(text))
    if allowed is None:
        return None
    got = json_type(value)
    if got not in allowed:
        return f"is {_a(got)} ({json.dumps(value, ensure_ascii=False)[:40]}), but the table declares {declared!r}"
    if inner is not None and isinstance(value, list):
        for index, element in enumerate(value):
            problem = value_problem(inner, element)
            if problem:
                return f"item {index} {problem.removesuffix(f', but the table declares {inner!r}')}, but the " \
                       f"table declares {declared!r}"
    return None


def _a(kind: str) -> str:
    return {"integer": "an integer", "array": "an array", "object": "an object"}.get(kind, f"a {kind}")


def _values_at(data: Any, segments: list[str]) -> list[Any]:
    """Every value the field path reaches in *data*, going through arrays on the way."""
    current = [data]
    for segment in segments:
        found = []
        for value in current:
            for obj in _objects(value):
                if segment in obj:
                    found.append(obj[segment])
        current = found
    return current


def check_example_values(example: Example, fields: list[Field], what: str, key: str,
                         docname: str | None = None) -> list[d.Problem]:
    """Each value of the example fits the type its field declares, and its enum when it has one."""
    problems: list[d.Problem] = []
    for item in fields:
        if not item.type and not item.enum:
            continue
        for value in _values_at(example.data, item.segments):
            problem = value_problem(item.type, value) if item.type else None
            if problem is None and item.enum and value is not None and not any(
                    value == allowed or str(value) == str(allowed) for allowed in item.enum):
                problem = (f"is {json.dumps(value, ensure_ascii=False)[:40]}, which is not one of "
                           f"{', '.join(str(v) for v in item.enum)}")
            if problem:
                problems.append(d.Problem(EXAMPLE_VALUE, f"the {what} example's {item.name!r} {problem} "
                                          f"(`{key}:` line {item.line})", docname,
                                          line=example.line_of_key(item.leaf.removesuffix("[]"))))
                break  # one report per field
    return problems


# ---------------------------------------------------------------------------------------------
# the method registry and site-wide checks


@dataclass(frozen=True)
class MethodEntry:
    """One documented method, as the endpoint index, the role and search need it (pickled in the env)."""

    docname: str
    method: str
    url: str
    anchor: str
    line: int
    title: str = ""  # explicit `title:`; else the page title is used
    services: tuple[str, ...] = ()
    terms: tuple[tuple[str, str, str], ...] = ()  # (kind, name, anchor) of parameters and fields
    request: RequestSpec | None = field(default=None, compare=False, hash=False)  # the block as parsed

    @property
    def route(self) -> str:
        return url_route(self.url)


@dataclass
class PageBlocks:
    """The API blocks one page holds, by kind, with their lines."""

    requests: list[int] = field(default_factory=list)
    responses: list[int] = field(default_factory=list)
    order: list[str] = field(default_factory=list)  # "request"/"response" in reading order


def check_duplicate_methods(entries: list[MethodEntry]) -> list[d.Problem]:
    """Two pages documenting the same METHOD and route: each copy after the first is reported, naming both —
    unless one of them says it is a `variant:` (one endpoint called in two documented ways)."""
    problems: list[d.Problem] = []
    first: dict[tuple[str, str], MethodEntry] = {}
    for entry in sorted(entries, key=lambda e: (e.docname, e.line)):
        key = (entry.method, _normalized_route(entry.route))
        if key not in first:
            first[key] = entry
            continue
        other = first[key]
        if other.docname == entry.docname:
            continue  # two blocks on one page: method_parts says so
        if any(e.request is not None and e.request.variant for e in (entry, other)):
            continue
        problems.append(d.Problem(DUPLICATE_METHOD, f"{entry.method} {entry.url} is documented twice: here and in "
                                  f"{other.docname} (line {other.line}); change the method or URL of the copy, or "
                                  "remove one page", entry.docname, line=entry.line))
    return problems


def _normalized_route(route: str) -> str:
    """Placeholder names do not make two routes different: /users/{id} = /users/{userId}."""
    return PLACEHOLDER_RE.sub("{}", route.rstrip("/") or "/")


def check_method_pages(site: taxonomy.Site, blocks: dict[str, PageBlocks]) -> list[d.Problem]:
    """A page in methods/ holds one api-request, then one api-response; methods/index holds none."""
    problems: list[d.Problem] = []
    for docname in site.order:
        page = blocks.get(docname, PageBlocks())
        loc = site.locations.get(docname)
        if loc is None or loc.subfolder != "methods":
            continue
        if docname.endswith("/methods/index"):
            for line in page.requests + page.responses:
                problems.append(d.Problem(METHOD_PARTS, "methods/index.md is the methods overview and holds no "
                                          "method blocks; give each method its own page in methods/",
                                          docname, line=line))
            continue
        if not page.requests:
            problems.append(d.Problem(METHOD_PARTS, "method page has no api-request block (each page in methods/ "
                                      "documents one method: an api-request, then an api-response)", docname,
                                      line=page.responses[0] if page.responses else 1))
        if not page.responses:
            problems.append(d.Problem(METHOD_PARTS, "method page has no api-response block (each page in methods/ "
                                      "documents one method: an api-request, then an api-response)", docname,
                                      line=page.requests[0] if page.requests else 1))
        for extra in page.requests[1:]:
            problems.append(d.Problem(METHOD_PARTS, "a method page holds one api-request; move this method to its "
                                      "own page in methods/", docname, line=extra))
        for extra in page.responses[1:]:
            problems.append(d.Problem(METHOD_PARTS, "a method page holds one api-response", docname, line=extra))
        if page.requests and page.responses and page.order and page.order[0] == "response":
            problems.append(d.Problem(METHOD_PARTS, "the api-response comes before the api-request; put the "
                                      "Request first", docname, line=page.responses[0]))
    return problems


def check_api_documents(site: taxonomy.Site, blocks: dict[str, PageBlocks],
                        pages: dict[str, taxonomy.PageInfo]) -> list[d.Problem]:
    """An API document (one with an api-request) has an Overview and a methods/ folder, and no page's
    `order:` contradicts the standard order of parts.

    The taxonomy places parts by rank whatever their `order:` says; a page whose `order:` would put it
    before a part that ranks earlier (e.g. appendix.md `order: 10`, getting-started.md `order: 20`) states
    an order the reader will not see, so it is reported.
    """
    problems: list[d.Problem] = []
    for doc in site.documents.values():
        docnames = [p.docname for p in doc.pages()]
        with_requests = [n for n in docnames if blocks.get(n) and blocks[n].requests]
        if not with_requests:
            continue
        first = with_requests[0]
        first_line = blocks[first].requests[0]
        if doc.overview is None:
            problems.append(d.Problem(API_STRUCTURE, f"API document {doc.key!r} has no Overview: add "
                                      f"{doc.key}/index.md", first, line=first_line))
        if not any(isinstance(i, taxonomy.Subfolder) and i.slug == "methods" for i in doc.items):
            problems.append(d.Problem(API_STRUCTURE, f"API document {doc.key!r} has no methods/ folder: put each "
                                      f"method on its own page in {doc.key}/methods/", first, line=first_line))
        parts = [i for i in doc.items if isinstance(i, taxonomy.Page) and i.docname != doc.overview]
        for later in parts:
            rank_later = taxonomy.part_rank(later.docname.rsplit("/", 1)[1])
            if later.order is None:
                continue
            for earlier in parts:
                rank_earlier = taxonomy.part_rank(earlier.docname.rsplit("/", 1)[1])
                if earlier.order is None or rank_earlier >= rank_later or earlier.order <= later.order:
                    continue
                info = pages.get(later.docname)
                problems.append(d.Problem(API_STRUCTURE, f"`order: {_num(later.order)}` would put "
                                          f"{_part_name(later.docname)!r} before {_part_name(earlier.docname)!r} "
                                          f"(`order: {_num(earlier.order)}`), but the parts of an API document "
                                          "always read Overview, Getting Started, Methods, further topics, "
                                          "Appendix; change or remove `order:`", later.docname,
                                          line=info.lines.get("order", 1) if info else 1))
                break
    return problems


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _part_name(docname: str) -> str:
    slug = docname.rsplit("/", 1)[1]
    return taxonomy.PART_TITLES.get(slug, slug)
