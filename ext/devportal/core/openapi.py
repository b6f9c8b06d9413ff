"""API methods filled from an OpenAPI 3 document: loading, checking and conversion. Sphinx-free.

An operation of a spec becomes the two blocks a writer would have typed — the ``api-request``
argument (``METHOD URL``) and YAML content, and the ``api-response`` YAML content — so a method filled
from a spec goes through the very parser, checks and rendering of :mod:`devportal.core.apispec` and
:mod:`devportal.api` and renders exactly like a hand-written one. Each generated line remembers the JSON
pointer it came from, so any problem the block checks find is reported in the spec, not on the page.

Problems are typed (``portal.openapi_*``, or the block check's own subtype) and name the spec file and
the JSON pointer: ``admin/users-api/openapi.yaml#/paths/~1api~1.../get/responses: ...``; their location
is the spec file and the line the pointer starts on.

What the portal reads from a spec:

- the URL: the first ``servers`` entry (operation, path item, then root) joined to the path; server
  variables stay ``{placeholders}``; ``{domain}`` is the Domain API host, any other becomes a path parameter;
- ``x-domain-service`` (operation, path item or root): the Domain API service name(s) (``service:``);
- security schemes (operation, else root ``security``): the ``Authorization`` header (or API-key header);
- parameters (``path``, ``query``, ``header``) and the JSON request body: fields, flattened to
  ``parent.child`` / ``parent[].child`` names; a body that is an array of objects lists the item fields;
- ``responses``: every status code with its description; the first 2xx response with a JSON body gives
  the response elements, headers and example;
- examples: the media type's ``example``, else its first ``examples`` entry, else the schema's ``example``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import apispec, frontmatter
from . import diagnostics as d
from .frontmatter import compose, error_line, error_reason

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")  # trace: not a portal method
SERVICE_KEY = "x-domain-service"
#: header parameters OpenAPI says to ignore (they are described elsewhere: security, media types)
IGNORED_HEADERS = {"accept", "content-type", "authorization"}
MAX_DEPTH = 8


def escape(segment: str) -> str:
    """One JSON-pointer segment (RFC 6901)."""
    return str(segment).replace("~", "~0").replace("/", "~1")


def unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *segments) -> str:
    return pointer + "".join("/" + escape(s) for s in segments)


# ---------------------------------------------------------------------------------------------
# loading


@dataclass
class SpecFile:
    """One spec file: its data, the line of every JSON pointer, and what is wrong with the file as a whole."""

    path: str  # file path, used as the warning location
    name: str  # shown in messages (e.g. relative to the docs folder)
    data: Any = None  # None when the file could not be read as an OpenAPI 3 document
    lines: dict[str, int] = field(default_factory=dict)  # JSON pointer ("" = root) -> 1-based line
    problems: list[d.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return isinstance(self.data, dict)

    def line(self, pointer: str) -> int:
        """The line *pointer* starts on (or its nearest ancestor's)."""
        while pointer not in self.lines and pointer:
            pointer = pointer.rpartition("/")[0]
        return self.lines.get(pointer, 1)

    def problem(self, subtype: str, pointer: str, message: str) -> d.Problem:
        return d.Problem(subtype, f"{self.name}#{pointer}: {message}", path=self.path, line=self.line(pointer))

    def get(self, pointer: str) -> tuple[bool, Any]:
        """The value at *pointer* (``/a/b``), or ``(False, None)``."""
        value = self.data
        for raw in pointer.split("/")[1:] if pointer else []:
            key = unescape(raw)
            if isinstance(value, dict) and key in value:
                value = value[key]
            elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
                value = value[int(key)]
            else:
                return False, None
        return True, value

    def deref(self, value: Any, pointer: str) -> tuple[Any, str]:
        """Follow ``$ref`` chains (local ones); an unresolvable one gives ``({}, pointer)`` — the file check
        reports it."""
        seen = set()
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            ref = value["$ref"]
            if not ref.startswith("#") or ref in seen:
                return {}, pointer
            seen.add(ref)
            found, target = self.get(ref[1:])
            if not found:
                return {}, pointer
            value, pointer = target, ref[1:]
        return value, pointer


_CACHE: dict[str, tuple[tuple, SpecFile]] = {}


def load(path: str, name: str | None = None) -> SpecFile:
    """Read and check the spec at *path* (cached while the file is unchanged)."""
    name = name or os.path.basename(path)
    try:
        stat = os.stat(path)
    except OSError:
        spec = SpecFile(path, name)
        spec.problems.append(d.Problem(d.OPENAPI_FILE, f"{name}: the OpenAPI file does not exist", path=path,
                                       line=1))
        return spec
    key = (stat.st_mtime_ns, stat.st_size, name)
    cached = _CACHE.get(path)
    if cached and cached[0] == key:
        return cached[1]
    if stat.st_size > frontmatter.SPEC_LIMITS.max_chars * 4:  # not even read: a UTF-8 character is <= 4 bytes
        spec = SpecFile(path, name)
        spec.problems.append(d.Problem(d.INPUT_LIMIT, f"{name}: the OpenAPI file is not read: it is "
                                       f"{stat.st_size:,} bytes long", path=path, line=1))
        return spec
    try:
        with open(path, encoding="utf-8-sig") as fh:
            spec = parse(fh.read(), path, name)
    except UnicodeDecodeError as exc:
        spec = SpecFile(path, name)
        spec.problems.append(d.Problem(d.OPENAPI_FILE, f"{name}: not UTF-8 text (byte {exc.start:,})", path=path,
                                       line=1))
    _CACHE[path] = (key, spec)
    return spec


def parse(text: str, path: str, name: str | None = None) -> SpecFile:
    """Parse spec *text* (YAML or JSON) and check it: OpenAPI 3 schema, ``$ref`` targets, operations."""
    spec = SpecFile(path, name or os.path.basename(path))
    try:
        node = compose(text, frontmatter.SPEC_LIMITS)
        data = _construct(node, "", spec.lines, yaml.SafeLoader("")) if node is not None else None
    except yaml.YAMLError as exc:
        at = error_line(exc, text)
        reason = error_reason(exc)
        what = "not read" if isinstance(exc, frontmatter.InputLimit) else "not valid YAML or JSON"
        spec.problems.append(d.Problem(frontmatter.subtype(exc, d.OPENAPI_FILE), f"{spec.name}: {what}: {reason}",
                                       path=path, line=at + 1 if at is not None else 1))
        return spec
    version = str(data.get("openapi", "")) if isinstance(data, dict) else ""
    if not isinstance(data, dict) or not version.startswith("3."):
        what = ("a Swagger 2.0 document; convert it to OpenAPI 3" if isinstance(data, dict) and "swagger" in data
                else "not an OpenAPI 3 document (it needs `openapi: 3.x.y` at the top)")
        spec.problems.append(d.Problem(d.OPENAPI_FILE, f"{spec.name}: {what}", path=path, line=1))
        return spec
    spec.data = data
    refs_ok = _check_refs(spec)
    _check_schema(spec)
    if refs_ok:
        _check_operations(spec)
    return spec


def _construct(node: yaml.Node, pointer: str, lines: dict[str, int], loader: yaml.SafeLoader) -> Any:
    """Plain data from YAML nodes, recording each value's line. Mapping keys stay strings (``200:`` is
    the status code "200", as in JSON)."""
    lines.setdefault(pointer, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *anchor`
                merged = _construct(value_node, pointer, lines, loader)
                for item in merged if isinstance(merged, list) else [merged]:
                    if isinstance(item, dict):
                        for k, v in item.items():
                            result.setdefault(k, v)
                continue
            key = str(key_node.value)
            child = join(pointer, key)
            lines[child] = key_node.start_mark.line + 1
            result[key] = _construct(value_node, child, lines, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, join(pointer, i), lines, loader) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except Exception as exc:
        raise yaml.constructor.ConstructorError(None, None, f"a value cannot be read: {exc}", node.start_mark) from None


def _walk(value: Any, pointer: str = ""):
    yield pointer, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, join(pointer, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _walk(child, join(pointer, i))


def _check_refs(spec: SpecFile) -> bool:
    ok = True
    for pointer, value in _walk(spec.data):
        if not isinstance(value, dict) or "$ref" not in value:
            continue
        ref = value["$ref"]
        where = join(pointer, "$ref")
        if not isinstance(ref, str):
            spec.problems.append(spec.problem(d.OPENAPI_REF, where, "`$ref` must be a string"))
            ok = False
        elif not ref.startswith("#"):
            spec.problems.append(spec.problem(d.OPENAPI_REF, where, f"`$ref: {ref}` leaves the file; the portal "
                                              "reads one self-contained file (move the target under `components`)"))
            ok = False
        elif not spec.get(ref[1:])[0]:
            spec.problems.append(spec.problem(d.OPENAPI_REF, where, f"`$ref: {ref}` points nowhere"))
            ok = False
        else:
            chain, target = [ref], spec.get(ref[1:])[1]
            while isinstance(target, dict) and isinstance(target.get("$ref"), str) and target["$ref"].startswith("#"):
                if target["$ref"] in chain:
                    spec.problems.append(spec.problem(d.OPENAPI_REF, where, "`$ref` loops: "
                                                      + " -> ".join(chain + [target["$ref"]])))
                    ok = False
                    break
                chain.append(target["$ref"])
                target = spec.get(target["$ref"][1:])[1]
    return ok


def _check_schema(spec: SpecFile) -> None:
    """The OpenAPI 3.0/3.1 JSON schema, by openapi-spec-validator: every error at its JSON pointer."""
    try:
        from openapi_spec_validator.shortcuts import get_validator_cls
    except ImportError:  # pragma: no cover - a declared dependency
        return
    try:
        validator = get_validator_cls(spec.data).schema_validator
    except Exception:
        spec.problems.append(spec.problem(d.OPENAPI_FILE, "/openapi", f"unknown OpenAPI version "
                                          f"{spec.data.get('openapi')!r}"))
        return
    try:
        errors = sorted(validator.iter_errors(spec.data), key=lambda e: [str(p) for p in e.absolute_path])
    except RecursionError:  # the validator recurses per level; compose's depth limit keeps specs far below
        spec.problems.append(spec.problem(d.INPUT_LIMIT, "", "nested too deeply to be checked"))
        return
    for error in errors:
        path, message = _explain(error)
        spec.problems.append(spec.problem(d.OPENAPI_INVALID, join("", *path), message))


def _explain(error) -> tuple[list, str]:
    """The most specific reason for a schema error: ``oneOf`` failures are explained by their deepest
    sub-error (a Reference alternative's "`$ref` is required" says nothing)."""
    leaves = list(_leaves(error))
    useful = [e for e in leaves if not (e.validator == "required" and "'$ref'" in e.message)] or leaves
    depth = max(len(e.absolute_path) for e in useful)
    deepest = [e for e in useful if len(e.absolute_path) == depth]
    enums = [e for e in deepest if e.validator == "enum"]
    if enums and len(enums) == len(deepest):
        allowed = list(dict.fromkeys(json.dumps(v) for e in enums for v in e.validator_value))
        message = f"{json.dumps(enums[0].instance, default=str)} is not one of {', '.join(allowed)}"
    else:
        message = deepest[0].message
    if len(message) > 300:
        message = message[:297] + "..."
    return list(deepest[0].absolute_path), message


def _leaves(error):
    if error.context:
        for sub in error.context:
            yield from _leaves(sub)
    else:
        yield error


def _check_operations(spec: SpecFile) -> None:
    """What the schema cannot say: unique operationIds; path template names match path parameters."""
    seen: dict[str, str] = {}
    for op in operations(spec):
        if op.id:
            if op.id in seen:
                spec.problems.append(spec.problem(d.OPENAPI_INVALID, join(op.pointer, "operationId"),
                                                  f"operationId {op.id!r} is also used at {seen[op.id]}"))
            else:
                seen[op.id] = op.pointer
        declared = [p for p, _ptr in parameters(spec, op) if p.get("in") == "path"]
        names = [p.get("name") for p in declared]
        in_path = apispec.PLACEHOLDER_RE.findall(op.path)
        for name in in_path:
            if name not in names:
                spec.problems.append(spec.problem(d.OPENAPI_INVALID, op.pointer, f"path placeholder {{{name}}} "
                                                  "has no `in: path` parameter"))
        for param in declared:
            if param.get("name") not in in_path:
                spec.problems.append(spec.problem(d.OPENAPI_INVALID, op.pointer, f"path parameter "
                                                  f"{param.get('name')!r} is not in the path {op.path!r}"))


# ---------------------------------------------------------------------------------------------
# operations


@dataclass(frozen=True)
class Operation:
    id: str
    method: str  # upper case
    path: str  # the path template, e.g. /api/account/{accountId}/users
    pointer: str  # e.g. /paths/~1api~1.../get
    path_pointer: str  # the path item


def operations(spec: SpecFile) -> list[Operation]:
    result = []
    paths = spec.data.get("paths") if spec.ok else None
    for path, item in (paths or {}).items() if isinstance(paths, dict) else []:
        path_pointer = join("/paths", path)
        item, path_pointer_resolved = spec.deref(item, path_pointer)
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                result.append(Operation(str(op.get("operationId") or ""), method.upper(), path,
                                        join(path_pointer_resolved, method), path_pointer_resolved))
    return result


def find_operation(spec: SpecFile, ref: str) -> tuple[Operation | None, str]:
    """The operation *ref* names: an operationId, or a JSON pointer ``/paths/~1users/get``; else a reason."""
    ref = ref.strip()
    ops = operations(spec)
    if ref.startswith("/"):
        found = [op for op in ops if op.pointer == ref or join("/paths", op.path, op.method.lower()) == ref]
    else:
        found = [op for op in ops if op.id == ref]
    if len(found) == 1:
        return found[0], ""
    if found:
        return None, f"operationId {ref!r} is used by {len(found)} operations in {spec.name}"
    known = ", ".join(sorted(op.id for op in ops if op.id)) or "none"
    hint = d.closest(ref, [op.id for op in ops if op.id])
    return None, (f"{spec.name} has no operation {ref!r}" + (f"; did you mean {hint!r}?" if hint else "")
                  + f" (operationIds: {known})")


def split_reference(text: str) -> tuple[str, str]:
    """``users.yaml#getAllUsers`` / ``users.yaml#/paths/~1users/get`` / ``users.yaml getAllUsers``
    -> (file, operation); empty parts when malformed."""
    text = text.strip()
    if "#" in text:
        file, _, op = text.partition("#")
    else:
        file, _, op = text.partition(" ")
    return file.strip(), op.strip()


def parameters(spec: SpecFile, op: Operation) -> list[tuple[dict, str]]:
    """The operation's parameters (path-item ones first, overridden by the operation's), dereferenced."""
    result: dict[tuple, tuple[dict, str]] = {}
    for owner in (op.path_pointer, op.pointer):
        found, params = spec.get(join(owner, "parameters"))
        if not found or not isinstance(params, list):
            continue
        for i, raw in enumerate(params):
            param, pointer = spec.deref(raw, join(owner, "parameters", i))
            if isinstance(param, dict) and param.get("name"):
                result[(param.get("name"), param.get("in"))] = (param, pointer)
    return list(result.values())


# ---------------------------------------------------------------------------------------------
# conversion to method blocks


@dataclass
class Block:
    """One generated block: the directive argument and YAML lines, each with the pointer it came from."""

    argument: str = ""
    lines: list[str] = field(default_factory=list)
    pointers: list[str] = field(default_factory=list)
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)  # top-level key -> [start, end) of lines
    problems: list[d.Problem] = field(default_factory=list)  # what could not be shown

    def add(self, line: str, pointer: str) -> None:
        self.lines.append(line)
        self.pointers.append(pointer)

    def start(self, key: str, pointer: str, value: str = "") -> None:
        self.keys[key] = (len(self.lines), len(self.lines))
        self.add(f"{key}:" + (f" {value}" if value else ""), pointer)

    def end(self, key: str) -> None:
        self.keys[key] = (self.keys[key][0], len(self.lines))

    def fields(self, key: str, pointer: str, rows) -> None:
        """A top-level key holding one field line per row (nothing at all when there are no rows)."""
        if not rows:
            return
        self.start(key, pointer)
        for row in rows:
            self.add(row.line(), row.pointer)
        self.end(key)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def without(self, keys) -> tuple[list[str], list[str]]:
        """Lines and pointers less the top-level *keys* (a hand-written key replaces a generated one)."""
        drop: set[int] = set()
        for key in keys:
            if key in self.keys:
                drop.update(range(*self.keys[key]))
        kept = [i for i in range(len(self.lines)) if i not in drop]
        return [self.lines[i] for i in kept], [self.pointers[i] for i in kept]


@dataclass
class Conversion:
    operation: Operation
    request: Block
    response: Block


def quote(value: Any) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\[\]-]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def yaml_key(value: Any) -> str:
    """A mapping key, plain where YAML reads it back unchanged (``accountId``, ``200``, ``a[].b``)."""
    text = str(value)
    return text if _PLAIN_KEY.match(text) and text.lower() not in _YAML_WORDS else quote(text)


def scalar(value: Any) -> str:
    """A block-context value, plain where YAML reads it back unchanged (how a writer would type it)."""
    text = str(value)
    if text and text == text.strip() and "\n" not in text and text[0] not in "`'\"{[*&!|>%@#-?:,":
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return quote(text)


@dataclass
class _Row:
    name: str
    pointer: str
    type: str = ""
    required: bool = False
    read_only: bool = False
    default: Any = None
    description: str = ""
    schema: dict = field(default_factory=dict)  # enum, minimum, maximum, pattern are shown from it

    @property
    def constraints(self) -> list[str]:
        """``enum: [...]``, ``minimum: 1``… as mapping-form items (flow YAML: JSON is valid YAML)."""
        items = []
        enum = self.schema.get("enum")
        if isinstance(enum, list) and enum and all(isinstance(v, (str, int, float, bool)) for v in enum):
            items.append(f"enum: {json.dumps(enum, ensure_ascii=False)}")
        for key in ("minimum", "maximum"):
            if isinstance(self.schema.get(key), (int, float)) and not isinstance(self.schema.get(key), bool):
                items.append(f"{key}: {json.dumps(self.schema[key])}")
        if isinstance(self.schema.get("pattern"), str):
            items.append(f"pattern: {quote(self.schema['pattern'])}")
        return items

    @property
    def default_text(self) -> str | None:
        if self.default is None:
            return None
        return self.default if isinstance(self.default, str) else json.dumps(self.default, default=str)

    def line(self, *, header: bool = False) -> str:
        """The row as a writer types it: the shorthand when it reads back unchanged, else the mapping form."""
        short = None if self.constraints and not header else self._shorthand(header)
        if short is not None:
            return f"  {yaml_key(self.name)}: {short}"
        parts = []
        if self.type:
            parts.append(f"type: {quote(self.type)}")
        if self.required:
            parts.append("required: true")
        if self.read_only:
            parts.append("read-only: true")
        if self.default_text is not None:
            parts.append(f"default: {quote(self.default_text)}")
        parts += self.constraints
        parts.append(f"description: {quote(self.description)}")
        return f"  {yaml_key(self.name)}: {{{', '.join(parts)}}}"

    def _shorthand(self, header: bool) -> str | None:
        if header:
            text = f"required — {self.description}" if self.required else self.description
        else:
            items = [self.type] + (["required"] if self.required else []) + (["read-only"] if self.read_only else [])
            if self.default_text is not None:
                items.append(f"default {self.default_text}")
            text = ", ".join(i for i in items if i) + f" — {self.description}"
        value = scalar(text)
        # read it back exactly as the block parser will, and keep the shorthand only if nothing changed
        if header:
            spec, problems = apispec.parse_response(f"headers:\n  x: {value}")
            got = spec.headers[0] if spec.headers else None
            same = got is not None and (got.required, got.description) == (self.required, self.description)
        else:
            fields, problems = apispec.parse_fields("", f"fields:\n  x: {value}")
            got = fields.fields[0] if fields.fields else None
            same = got is not None and (got.type, got.required, got.read_only, got.default, got.description) == (
                self.type, self.required, self.read_only, self.default_text, self.description)
        return value if same and not problems else None


def convert(spec: SpecFile, op: Operation) -> Conversion:
    """The operation as an api-request and an api-response block."""
    return Conversion(op, RequestConverter(spec, op).block(), ResponseConverter(spec, op).block())

class SchemaFields:
    """A schema as the field rows a writer would type (``parent.child``, ``parent[].child``), and as an
    example when the spec gives one."""

    def __init__(self, spec: SpecFile):
        self.spec = spec

    def rows(self, schema: Any, pointer: str) -> list[_Row]:
        schema, pointer = self.spec.deref(schema or {}, pointer)
        if not isinstance(schema, dict):
            return []
        if _type(schema) == "array":  # a JSON array of objects: name the item fields directly
            items, items_pointer = self.spec.deref(schema.get("items") or {}, join(pointer, "items"))
            return self.object_rows(items, items_pointer, "", 0, (pointer,))
        return self.object_rows(schema, pointer, "", 0, ())

    def object_rows(self, schema: Any, pointer: str, prefix: str, depth: int, stack: tuple) -> list[_Row]:
        rows: list[_Row] = []
        if depth > MAX_DEPTH or pointer in stack:
            return rows
        stack = stack + (pointer,)
        properties, required = self.properties(schema, pointer)
        for name, (prop, prop_pointer) in properties.items():
            resolved, resolved_pointer = self.spec.deref(prop, prop_pointer)
            resolved = resolved if isinstance(resolved, dict) else {}
            # 3.1 allows siblings next to $ref: they describe this use of the schema
            description = _text(prop.get("description") if isinstance(prop, dict) else None) \
                or _text(resolved.get("description"))
            if _nullable(resolved):
                description = (description + " Can be `null`.").strip()
            rows.append(_Row(prefix + name, prop_pointer, type_name(self.spec, resolved), name in required,
                             bool(resolved.get("readOnly")), resolved.get("default"),
                             description, resolved))
            kind = _type(resolved)
            if kind == "object" or (not kind and (resolved.get("properties") or resolved.get("allOf"))):
                rows += self.object_rows(resolved, resolved_pointer, f"{prefix}{name}.", depth + 1, stack)
            elif kind == "array":
                items, items_pointer = self.spec.deref(resolved.get("items") or {},
                                                       join(resolved_pointer, "items"))
                if isinstance(items, dict) and (items.get("properties") or items.get("allOf")):
                    rows += self.object_rows(items, items_pointer, f"{prefix}{name}[].", depth + 1, stack)
        return rows

    def properties(self, schema: Any, pointer: str, seen: tuple = ()) -> tuple[dict[str, tuple[Any, str]], set[str]]:
        """Properties (name -> (schema, pointer)) and required names, with allOf merged; oneOf/anyOf
        alternatives contribute their properties, none of them required."""
        schema, pointer = self.spec.deref(schema, pointer)
        properties: dict[str, tuple[Any, str]] = {}
        required: set[str] = set()
        if not isinstance(schema, dict) or pointer in seen or len(seen) > MAX_DEPTH:  # `allOf` back to itself
            return properties, required
        seen = (*seen, pointer)
        for i, part in enumerate(schema.get("allOf") or []):
            sub_props, sub_required = self.properties(part, join(pointer, "allOf", i), seen)
            properties.update(sub_props)
            required |= sub_required
        for keyword in ("oneOf", "anyOf"):
            for i, part in enumerate(schema.get(keyword) or []):
                sub_props, _sub_required = self.properties(part, join(pointer, keyword, i), seen)
                for name, value in sub_props.items():
                    properties.setdefault(name, value)
        props = schema.get("properties")
        if isinstance(props, dict):
            for name, prop in props.items():
                properties[name] = (prop, join(pointer, "properties", name))
        if isinstance(schema.get("required"), list):
            required |= {str(r) for r in schema["required"]}
        return properties, required

    # -- response --------------------------------------------------------------------------------

    def example(self, schema: Any, depth: int) -> Any:
        """A schema's ``example``; else, for an object or array, one assembled from its parts' examples."""
        schema, _pointer = self.spec.deref(schema, "")
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return _MISSING
        if "example" in schema:
            return schema["example"]
        if isinstance(schema.get("examples"), list) and schema["examples"]:  # 3.1 / JSON Schema
            return schema["examples"][0]
        kind = _type(schema)
        if kind == "array":
            item = self.example(schema.get("items") or {}, depth + 1)
            return _MISSING if item is _MISSING else [item]
        if kind == "object":
            properties, required = self.properties(schema, "")
            result = {}
            for name, (prop, _p) in properties.items():
                value = self.example(prop, depth + 1)
                if value is not _MISSING:
                    result[name] = value
                elif name in required:
                    return _MISSING  # an example the spec does not give whole is not made up
            return result if result else _MISSING
        return _MISSING


class _OperationPart:
    """What the request and response converters share: the operation, media types and examples."""

    def __init__(self, spec: SpecFile, op: Operation):
        self.spec, self.op = spec, op
        self.data = spec.get(op.pointer)[1]
        self.path_item = spec.get(op.path_pointer)[1]
        self.schemas = SchemaFields(spec)

    def unsupported(self, block: Block, pointer: str, message: str) -> None:
        block.problems.append(self.spec.problem(d.OPENAPI_UNSUPPORTED, pointer, message))

    # -- request ---------------------------------------------------------------------------------

    def json_media(self, owner: Any, pointer: str) -> tuple[dict | None, str]:
        content = owner.get("content") if isinstance(owner, dict) else None
        if not isinstance(content, dict) or not content:
            return None, pointer
        for media_type, media in content.items():
            if "json" in media_type.lower() or media_type == "*/*":
                return (media if isinstance(media, dict) else {}), join(pointer, "content", media_type)
        return None, pointer  # the caller names the media type

    def example_value(self, media: dict, media_pointer: str) -> tuple[Any, str] | None:
        """The media type's ``example``, else its first ``examples`` entry, else the schema's example (or
        one built from the ``example`` values of its properties); None when there is none."""
        value, pointer = _MISSING, ""
        if "example" in media:
            value, pointer = media["example"], join(media_pointer, "example")
        elif isinstance(media.get("examples"), dict) and media["examples"]:
            name, raw = next(iter(media["examples"].items()))
            example, ex_pointer = self.spec.deref(raw, join(media_pointer, "examples", name))
            if isinstance(example, dict) and "value" in example:
                value, pointer = example["value"], join(ex_pointer, "value")
        else:
            schema, schema_pointer = self.spec.deref(media.get("schema") or {}, join(media_pointer, "schema"))
            built = self.schemas.example(schema, 0)
            if built is not _MISSING:
                value, pointer = built, schema_pointer
        if value is _MISSING:
            return None
        if isinstance(value, str):
            try:  # an example written as a JSON string
                value = json.loads(value)
            except (ValueError, RecursionError):
                pass
        return value, pointer

    def example(self, block: Block, media: dict, media_pointer: str) -> None:
        found = self.example_value(media, media_pointer)
        if found is None:
            return
        value, pointer = found
        block.start("example", pointer, "|")
        for line in json.dumps(value, indent=2, ensure_ascii=False, default=str).splitlines():
            block.add("  " + line, pointer)
        block.end("example")


class RequestConverter(_OperationPart):
    """The operation's ``api-request``: URL, service, auth headers, parameters and body."""

    def block(self) -> Block:
        spec, op = self.spec, self.op
        block = Block()
        server, server_pointer = self.server()
        url = server.get("url") if isinstance(server, dict) else ""
        url = url if isinstance(url, str) else ""  # `url:` left empty, or a number
        base = url.rstrip("/")
        block.argument = f"{op.method} {base}{op.path}"

        services, service_pointer = self.service()
        if services:
            block.start("service", service_pointer, scalar(", ".join(services)))
            block.end("service")

        headers: dict[str, list[tuple[str, str, bool]]] = {}  # name -> (description, pointer, required)
        query: list[_Row] = []
        required_auth = self.auth_required()
        for name, description, pointer, where in self.security(block):
            if where == "query":
                query.append(_Row(name, pointer, "string", required_auth, description=description))
            else:
                headers.setdefault(name, []).append((description, pointer, required_auth))
        path_rows: list[_Row] = []
        variables = server.get("variables", {}) if isinstance(server, dict) else {}
        for name in apispec.PLACEHOLDER_RE.findall(base):
            if name == apispec.DOMAIN_PLACEHOLDER:
                continue
            var = variables.get(name, {}) if isinstance(variables, dict) else {}
            path_rows.append(_Row(name, join(server_pointer, "variables", name), "string", True,
                                  description=_text(var.get("description")) if isinstance(var, dict) else ""))
        notes: list[tuple[str, str]] = []  # (sentence, pointer): shown in the block's note
        params = parameters(spec, op)
        by_name = {p.get("name"): (p, ptr) for p, ptr in params if p.get("in") == "path"}
        for name in apispec.PLACEHOLDER_RE.findall(op.path):  # in URL order
            if name in by_name:
                path_rows.append(self.param_row(*by_name[name], required=True))
        for param, pointer in params:
            where = param.get("in")
            if where == "query":
                query.append(self.param_row(param, pointer))
            elif where == "header":
                if str(param.get("name")).lower() in IGNORED_HEADERS:
                    continue
                row = self.param_row(param, pointer)
                headers.setdefault(str(param["name"]), []).append((row.description, pointer, row.required))
            elif where == "cookie":
                row = self.param_row(param, pointer)
                notes.append((f"Cookie `{row.name}`" + (" (required)" if row.required else "") + ": "
                              + (row.description or "not described") , pointer))
        if headers:
            block.start("headers", op.pointer)
            for name, items in headers.items():  # several security schemes may share a header: "…; or …"
                texts = [t.rstrip(".") for t, _p, _r in items if t]
                texts = texts[:1] + [_lower_first(t) for t in texts[1:]]
                text = "; or ".join(texts) + "." if texts else ""
                row = _Row(name, items[0][1], required=all(r for _t, _p, r in items), description=text)
                block.add(row.line(header=True), items[0][1])
            block.end("headers")
        for key, rows in (("path", path_rows), ("query", query)):
            block.fields(key, op.pointer, rows)

        body = self.data.get("requestBody")
        if body is not None:
            body, body_pointer = spec.deref(body, join(op.pointer, "requestBody"))
            media, media_pointer = self.json_media(body, body_pointer)
            if media is not None:
                block.fields("body", media_pointer,
                             self.schemas.rows(media.get("schema"), join(media_pointer, "schema")))
                self.example(block, media, media_pointer)
            else:
                content = body.get("content") if isinstance(body, dict) else None
                if isinstance(content, dict) and content:
                    media_type, form = next(iter(content.items()))
                    form_pointer = join(body_pointer, "content", media_type)
                    form = form if isinstance(form, dict) else {}
                    if "form" in media_type.lower():  # form-encoded or multipart: its fields
                        block.fields("body", form_pointer,
                                     self.schemas.rows(form.get("schema"), join(form_pointer, "schema")))
                        notes.append((f"The body is sent as `{media_type}`, with the fields below.", form_pointer))
                    else:  # binary or other data: name the media type
                        notes.append((f"The body is `{media_type}` data" + (
                            f" (or {', '.join(f'`{m}`' for m in list(content)[1:])})" if len(content) > 1 else "")
                            + ".", form_pointer))
        if self.data.get("deprecated"):
            notes.insert(0, ("This method is deprecated.", join(op.pointer, "deprecated")))
        if notes:
            block.start("note", notes[0][1], scalar(" ".join(text for text, _p in notes)))
            block.end("note")
        return block

    def server(self) -> tuple[Any, str]:
        for owner in (self.op.pointer, self.op.path_pointer, ""):
            found, servers = self.spec.get(join(owner, "servers"))
            if found and isinstance(servers, list) and servers:
                return servers[0], join(owner, "servers", 0)
        return {}, ""

    def service(self) -> tuple[list[str], str]:
        for owner in (self.op.pointer, self.op.path_pointer, ""):
            found, value = self.spec.get(join(owner, SERVICE_KEY))
            if found and value:
                items = value if isinstance(value, list) else str(value).split(",")
                return [str(s).strip() for s in items if str(s).strip()], join(owner, SERVICE_KEY)
        return [], ""

    def auth_required(self) -> bool:
        """Security applies and no alternative is the empty requirement (``{}``: anonymous allowed)."""
        found, requirements = self.spec.get(join(self.op.pointer, "security"))
        if not found:
            found, requirements = self.spec.get("/security")
        return isinstance(requirements, list) and bool(requirements) and all(requirements)

    def security(self, block: Block):
        """(header or query name, description, pointer, "header"/"query") of the security schemes."""
        found, requirements = self.spec.get(join(self.op.pointer, "security"))
        owner = self.op.pointer
        if not found:
            found, requirements = self.spec.get("/security")
            owner = ""
        if not isinstance(requirements, list):
            return
        seen = set()
        for i, requirement in enumerate(requirements):
            for name in requirement or {}:
                if name in seen:
                    continue
                seen.add(name)
                scheme, pointer = self.spec.deref(self.spec.get(join("/components/securitySchemes", name))[1],
                                                  join("/components/securitySchemes", name))
                if not isinstance(scheme, dict) or not scheme:
                    block.problems.append(self.spec.problem(d.OPENAPI_INVALID, join(owner, "security", i, name),
                                                            f"security scheme {name!r} is not defined under "
                                                            "components/securitySchemes"))
                    continue
                description = _text(scheme.get("description")) or _default_security_text(scheme)
                kind = scheme.get("type")
                if kind == "apiKey":
                    where = scheme.get("in")
                    if where in ("header", "query"):
                        yield str(scheme.get("name", "")), description, pointer, where
                    else:
                        self.unsupported(block, pointer, f"API key in {where!r} is not shown")
                else:  # http, oauth2, openIdConnect: the Authorization header
                    yield "Authorization", description, pointer, "header"

    def param_row(self, param: dict, pointer: str, required: bool | None = None) -> _Row:
        schema, _schema_pointer = self.spec.deref(param.get("schema") or {}, join(pointer, "schema"))
        if not schema and isinstance(param.get("content"), dict) and param["content"]:
            first = next(iter(param["content"].values()))
            schema = self.spec.deref((first or {}).get("schema") or {}, pointer)[0]
        schema = schema if isinstance(schema, dict) else {}
        description = _text(param.get("description")) or _text(schema.get("description"))
        if param.get("deprecated"):
            description = ("Deprecated. " + description).strip()
        return _Row(str(param.get("name")), pointer, type_name(self.spec, schema),
                    bool(param.get("required")) if required is None else required, bool(schema.get("readOnly")),
                    schema.get("default"), description, schema)


class ResponseConverter(_OperationPart):
    """The operation's ``api-response``: success elements, headers and example; every status code; the
    examples of the other statuses."""

    def block(self) -> Block:
        spec, op = self.spec, self.op
        block = Block()
        responses = self.data.get("responses")
        responses = responses if isinstance(responses, dict) else {}
        responses_pointer = join(op.pointer, "responses")
        resolved = {code: spec.deref(value, join(responses_pointer, code)) for code, value in responses.items()}
        success = next((code for code, (value, _p) in resolved.items() if code.startswith("2")
                        and isinstance(value, dict) and value.get("content")), None) \
            or next((code for code in resolved if code.startswith("2")), None)
        media = None
        if success is not None:
            value, pointer = resolved[success]
            media, media_pointer = self.json_media(value, pointer)
            content = value.get("content") if isinstance(value, dict) else None
            if media is None and isinstance(content, dict) and content:
                block.start("note", join(pointer, "content"), scalar(
                    f"The {success} response body is " + " or ".join(f"`{m}`" for m in content) + " data."))
                block.end("note")
            if media is not None:
                block.fields("elements", media_pointer,
                             self.schemas.rows(media.get("schema"), join(media_pointer, "schema")))
            headers = value.get("headers") if isinstance(value, dict) else None
            if isinstance(headers, dict) and headers:
                block.start("headers", join(pointer, "headers"))
                for name, header in headers.items():
                    header, header_pointer = spec.deref(header, join(pointer, "headers", name))
                    text = _text(header.get("description")) if isinstance(header, dict) else ""
                    required = bool(header.get("required")) if isinstance(header, dict) else False
                    block.add(_Row(name, header_pointer, required=required, description=text).line(header=True),
                              header_pointer)
                block.end("headers")
        codes = [(code, value, pointer) for code, (value, pointer) in resolved.items()]
        shown = [(c, v, p) for c, v, p in codes if apispec.StatusCode(c, "").valid]
        for code, _value, pointer in codes:
            if not apispec.StatusCode(code, "").valid:
                self.unsupported(block, pointer, f"response {code!r} is not listed (method blocks list status "
                                 "codes, 100 to 599, ranges such as 4XX, and default)")
        if shown:
            block.start("codes", responses_pointer)
            for code, value, pointer in shown:
                text = _text(value.get("description")) if isinstance(value, dict) else ""
                block.add(f"  {yaml_key(code)}: {scalar(text)}", pointer)
            block.end("codes")
        with_schema = media is not None and bool(media.get("schema"))
        if media is not None and with_schema:
            self.example(block, media, media_pointer)
        # every other status's example (errors included), and a success example that has no schema
        others = []
        for code, value, pointer in shown:
            if code == success and with_schema:
                continue
            other, other_pointer = self.json_media(value, pointer)
            if other is not None:
                found = self.example_value(other, other_pointer)
                if found is not None:
                    others.append((code, *found))
        if others:
            block.start("examples", responses_pointer)
            for code, value, pointer in others:
                block.add(f"  {yaml_key(code)}: |", pointer)
                for line in json.dumps(value, indent=2, ensure_ascii=False, default=str).splitlines():
                    block.add("    " + line, pointer)
            block.end("examples")
        return block



_MISSING = object()


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _lower_first(text: str) -> str:
    """"An OAuth header" -> "an OAuth header" (but "API key" stays)."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _nullable(schema: dict) -> bool:
    """3.0 ``nullable: true``, or a 3.1 type array with ``"null"``."""
    kind = schema.get("type")
    return schema.get("nullable") is True or (isinstance(kind, list) and "null" in kind)


def _type(schema: dict) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):  # 3.1: ["string", "null"]
        kind = next((k for k in kind if k != "null"), "")
    return str(kind or ("object" if "properties" in schema or "allOf" in schema else ""))


#: integer/number formats shown as the type writers know from the facts
FORMAT_TYPES = {"int64": "long", "int32": "integer", "double": "double", "float": "float"}


def type_name(spec: SpecFile, schema: dict, depth: int = 0) -> str:
    kind = _type(schema)
    fmt = schema.get("format")
    if kind in ("integer", "number") and fmt in FORMAT_TYPES:
        return FORMAT_TYPES[fmt]
    if kind == "array":
        items = spec.deref(schema.get("items") or {}, "")[0]
        # depth: `items` may lead back to the schema itself (an array of itself)
        inner = type_name(spec, items, depth + 1) if isinstance(items, dict) and depth < MAX_DEPTH else ""
        return f"array of {inner}" if inner and inner != "object" else "array"
    if kind and fmt:
        return f"{kind} ({fmt})"
    return kind


def _default_security_text(scheme: dict) -> str:
    kind = scheme.get("type")
    if kind == "http":
        return f"{str(scheme.get('scheme', '')).capitalize()} authentication."
    if kind == "apiKey":
        return "API key."
    return "OAuth token." if kind == "oauth2" else "Credentials."


# ---------------------------------------------------------------------------------------------
# for writers: the blocks as Markdown


def markdown(conversion: Conversion) -> str:
    """The two blocks as a writer would type them (``python -m devportal openapi FILE#OPERATION``)."""
    request, response = conversion.request, conversion.response
    out = ["## Request", "", f"```{{api-request}} {request.argument}", *request.lines, "```", "",
           "## Response", "", "```{api-response}", *response.lines, "```", ""]
    return "\n".join(out)
