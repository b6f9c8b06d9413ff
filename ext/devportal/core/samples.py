"""Request samples — curl, Python (``requests``) and JavaScript (``fetch``) — made from an ``api-request``. Sphinx-free.

Every sample reads the values a reader must supply from environment variables with the same names in
every language (``DOMAIN``, ``ACCOUNT_ID``, ``TOKEN``…): the URL's ``{placeholders}`` in UPPER_SNAKE_CASE,
required query parameters and headers without a documented value, and the credentials of the method's
authentication scheme. So a reader exports them once and can run any sample unchanged — and the test
suite runs every sample exactly as shown, against a mock server (tests/test_samples.py).

What a sample sends is what the block documents:

- the method and URL (a URL without a host gets ``https://{domain}``);
- query parameters that are required or have a default (the default, else the first enum value, else a
  variable);
- headers marked required (``Content-Type``/``Accept`` as JSON, else the default, else a variable), plus
  ``Content-Type: application/json`` when there is a body;
- the block's ``example:`` as the JSON body;
- the authentication of the block's ``auth:`` key, else the one its ``Authorization`` header describes:
  ``bearer`` (``Authorization: Bearer $TOKEN``) or ``oauth1`` (signed with the API key's four values by
  requests-oauthlib in Python and the ``oauth-1.0a`` npm package in JavaScript; curl cannot sign, so its
  sample sends a header the reader signs elsewhere, ``$OAUTH_HEADER``).

A writer may replace any language's sample, or add languages, with the block's ``samples:`` key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from . import apispec

#: language key -> (tab label, Pygments lexer)
LANGUAGES = {"curl": ("curl", "bash"), "python": ("Python", "python"), "javascript": ("JavaScript", "javascript")}
#: labels and lexers of languages writers commonly add
KNOWN_EXTRA = {"go": ("Go", "go"), "java": ("Java", "java"), "csharp": ("C#", "csharp"), "php": ("PHP", "php"),
               "ruby": ("Ruby", "ruby"), "node": ("Node.js", "javascript"), "shell": ("Shell", "bash"),
               "http": ("HTTP", "http"), "kotlin": ("Kotlin", "kotlin"), "swift": ("Swift", "swift")}
OAUTH1_VARIABLES = ("APP_KEY", "APP_SECRET", "ACCESS_TOKEN", "ACCESS_TOKEN_SECRET")
JSON_HEADERS = {"content-type", "accept"}


@dataclass
class Sample:
    key: str  # "curl", "python", "javascript", or a writer's own language key
    label: str
    lexer: str
    code: str


def env_name(name: str) -> str:
    """``accountId`` -> ``ACCOUNT_ID``; ``If-Match`` -> ``IF_MATCH``; ``dataAccessHost`` -> ``DATA_ACCESS_HOST``."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"[^A-Za-z0-9]+", "_", words).strip("_").upper() or "VALUE"


def auth_schemes(spec: apispec.RequestSpec) -> list[str]:
    """The block's ``auth:`` list, else what its ``Authorization`` header names, in the order it names them."""
    if spec.auth:
        return [a for a in spec.auth if a != "none"]
    header = next((h for h in spec.headers if h.name.lower() == "authorization"), None)
    if header is None:
        return []
    text = header.description.lower()
    found = [(text.find(word), scheme) for word, scheme in (("bearer", "bearer"), ("oauth 1", "oauth1"),
                                                            ("oauth1", "oauth1"), ("api key", "oauth1"))
             if word in text]
    schemes = [scheme for _pos, scheme in sorted(found)]
    return list(dict.fromkeys(schemes)) or ["bearer"]


@dataclass
class Part:
    """A piece of text: literal, or the value of an environment variable."""

    text: str
    variable: bool = False


@dataclass
class Request:
    """What every language's sample sends, before it is written in that language."""

    method: str
    url: list[Part]  # scheme, host and path, without the query
    query: list[tuple[str, list[Part]]]
    headers: list[tuple[str, list[Part]]]
    body: Any  # the JSON body, or None
    has_body: bool
    auth: str  # "bearer", "oauth1" or ""
    variables: list[str]  # in order of first use
    domain_service: str = ""


def request_of(spec: apispec.RequestSpec) -> Request:
    variables: list[str] = []

    def var(name: str) -> Part:
        if name not in variables:
            variables.append(name)
        return Part(name, True)

    url = spec.url.split("?", 1)[0]
    if url.startswith("/"):
        url = "https://{domain}" + url
    elif not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", url):
        url = "https://" + url
    parts: list[Part] = []
    pos = 0
    for match in apispec.PLACEHOLDER_RE.finditer(url):
        if match.start() > pos:
            parts.append(Part(url[pos:match.start()]))
        parts.append(var(env_name(match.group(1))))
        pos = match.end()
    if pos < len(url):
        parts.append(Part(url[pos:]))

    schemes = auth_schemes(spec)
    auth = schemes[0] if schemes else ""
    query: list[tuple[str, list[Part]]] = []
    for item in spec.query:
        if "." in item.name or "[" in item.name:
            continue  # a nested description of a parameter, not a parameter
        value = _value(item)
        if value is not None:
            query.append((item.name, [Part(value)]))
        elif item.required:
            query.append((item.name, [var(env_name(item.name))]))
    headers: list[tuple[str, list[Part]]] = []
    if auth == "bearer":
        headers.append(("Authorization", [Part("Bearer "), var("TOKEN")]))
    elif auth == "oauth1":
        for name in OAUTH1_VARIABLES:
            var(name)
    has_body = spec.example is not None and spec.example.valid and spec.method not in ("GET", "HEAD")
    for item in spec.headers:
        lower = item.name.lower()
        if lower == "authorization" or not item.required:
            continue
        if lower in JSON_HEADERS:
            if lower == "content-type" and not has_body:
                continue
            headers.append((item.name, [Part("application/json")]))
        elif (value := _value(item)) is not None:
            headers.append((item.name, [Part(value)]))
        else:
            headers.append((item.name, [var(env_name(item.name))]))
    if has_body and not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", [Part("application/json")]))
    body = spec.example.data if has_body and spec.example is not None else None
    return Request(spec.method or "GET", parts, query, headers, body,
                   has_body, auth, variables, ", ".join(spec.services))


def _value(item: apispec.Field) -> str | None:
    if item.default is not None:
        return item.default
    enum = getattr(item, "enum", None)
    if enum:
        return str(enum[0])
    return None


def samples(spec: apispec.RequestSpec, request: Request | None = None) -> list[Sample]:
    """The generated samples, with the writer's ``samples:`` replacing or adding languages (*request*: the
    block's :func:`request_of`, when the caller has it already)."""
    request = request or request_of(spec)
    generated = {"curl": curl(request), "python": python(request), "javascript": javascript(request)}
    result = [Sample(key, *LANGUAGES[key], code) for key, code in generated.items()]
    for key, code in spec.samples.items():
        if code is None:  # `python: none`
            result = [s for s in result if s.key != key]
            continue
        label, lexer = LANGUAGES.get(key) or KNOWN_EXTRA.get(key.lower()) or (key, key.lower())
        written = Sample(key, label, lexer, code.rstrip("\n"))
        index = next((i for i, s in enumerate(result) if s.key == key), None)
        if index is None:
            result.append(written)
        else:
            result[index] = written
    return result


# ---------------------------------------------------------------------------------------------
# the languages


def _shell(parts: list[Part]) -> str:
    return "".join("${" + p.text + "}" if p.variable else p.text.replace("\\", "\\\\").replace('"', '\\"')
                   .replace("$", "\\$").replace("`", "\\`") for p in parts)


def _query_string(query, render) -> str:
    if not query:
        return ""
    return "?" + "&".join(f"{quote(name, safe='')}={render(parts)}" for name, parts in query)


def _literal_query(parts: list[Part]) -> list[Part]:
    return [p if p.variable else Part(quote(p.text, safe="")) for p in parts]


def curl(request: Request) -> str:
    lines = []
    if request.auth == "oauth1":
        lines += ["# curl cannot sign OAuth 1.0: export OAUTH_HEADER, the Authorization header signed for",
                  "# this method and URL with your API key (the Python and JavaScript samples sign it)."]
    url = _shell(request.url) + _query_string(request.query, lambda p: _shell(_literal_query(p)))
    lines.append(f'curl --request {request.method} \\')
    lines.append(f'  --url "{url}"')
    headers = list(request.headers)
    if request.auth == "oauth1":
        headers.insert(0, ("Authorization", [Part("OAUTH_HEADER", True)]))
    for name, parts in headers:
        lines[-1] += " \\"
        lines.append(f'  --header "{name}: {_shell(parts)}"')
    if request.has_body:
        body = json.dumps(request.body, indent=2, ensure_ascii=False).replace("'", "'\\''")
        lines[-1] += " \\"
        lines.append(f"  --data '{body}'")
    return "\n".join(lines)


def _py_str(parts: list[Part]) -> str:
    if len(parts) == 1 and parts[0].variable:
        return parts[0].text
    if not any(p.variable for p in parts):
        return json.dumps("".join(p.text for p in parts), ensure_ascii=False)
    text = "".join("{" + p.text + "}" if p.variable else
                   json.dumps(p.text, ensure_ascii=False)[1:-1].replace("{", "{{").replace("}", "}}") for p in parts)
    return f'f"{text}"'


def python_literal(value: Any, indent: int = 0) -> str:
    """A JSON value as Python source (``true`` -> ``True``), indented by four spaces per level."""
    pad, inner = " " * indent, " " * (indent + 4)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {python_literal(v, indent + 4)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f",\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(f"{inner}{python_literal(v, indent + 4)}" for v in value) + f",\n{pad}]"
    if value is True or value is False or value is None:
        return repr(value)
    if isinstance(value, float) and value != value:  # NaN cannot come from JSON; be safe
        return "None"
    return json.dumps(value, ensure_ascii=False)


def python(request: Request) -> str:
    lines = ["import os", "", "import requests"]
    if request.auth == "oauth1":
        lines.append("from requests_oauthlib import OAuth1")
    lines.append("")
    for name in request.variables:
        lines.append(f'{name} = os.environ["{name}"]' + _comment(request, name))
    lines.append("")
    if request.auth == "oauth1":
        lines.append("auth = OAuth1(APP_KEY, APP_SECRET, ACCESS_TOKEN, ACCESS_TOKEN_SECRET)")
    method = request.method.lower()
    call = [f"response = requests.{method}(" if method in ("get", "post", "put", "patch", "delete", "head",
                                                            "options") else
            f"response = requests.request({json.dumps(request.method)},"]
    call.append(f"    {_py_str(request.url)},")
    if request.query:
        items = ", ".join(f"{json.dumps(n)}: {_py_str(p)}" for n, p in request.query)
        call.append(f"    params={{{items}}},")
    headers = [(n, p) for n, p in request.headers if not (request.has_body and n.lower() == "content-type")]
    if headers:
        items = ", ".join(f"{json.dumps(n)}: {_py_str(p)}" for n, p in headers)
        call.append(f"    headers={{{items}}},")
    if request.auth == "oauth1":
        call.append("    auth=auth,")
    if request.has_body:
        call.append(f"    json={python_literal(request.body, 4)},")
    call.append(")")
    lines += call
    lines.append("print(response.status_code, response.text)")
    return "\n".join(lines)


def _js_str(parts: list[Part]) -> str:
    if len(parts) == 1 and parts[0].variable:
        return parts[0].text
    if not any(p.variable for p in parts):
        return json.dumps("".join(p.text for p in parts), ensure_ascii=False)
    text = "".join("${" + p.text + "}" if p.variable else
                   p.text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${") for p in parts)
    return f"`{text}`"


def _js_url(request: Request) -> str:
    """The URL as a JavaScript string; query values from variables are encoded with encodeURIComponent."""
    def literal(text: str) -> str:
        return text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")

    pieces = ["${" + p.text + "}" if p.variable else literal(p.text) for p in request.url]
    for i, (name, parts) in enumerate(request.query):
        pieces.append(("?" if i == 0 else "&") + literal(quote(name, safe="")) + "=")
        pieces += ["${encodeURIComponent(" + p.text + ")}" if p.variable else literal(quote(p.text, safe=""))
                   for p in parts]
    return "`" + "".join(pieces) + "`"


def _js_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", name) else json.dumps(name)


def javascript(request: Request) -> str:
    lines = []
    if request.auth == "oauth1":
        lines += ['const crypto = require("node:crypto");', 'const OAuth = require("oauth-1.0a");', ""]
    if request.variables:
        lines.append(f"const {{ {', '.join(request.variables)} }} = process.env;")
        lines.append("")
    if request.auth == "oauth1":
        lines += ["const oauth = OAuth({",
                  "  consumer: { key: APP_KEY, secret: APP_SECRET },",
                  '  signature_method: "HMAC-SHA1",',
                  '  hash_function: (base, key) => crypto.createHmac("sha1", key).update(base).digest("base64"),',
                  "});"]
    url = _js_url(request)
    lines.append(f"const url = {url};")
    lines.append("")
    lines.append("fetch(url, {")
    lines.append(f'  method: "{request.method}",')
    if request.headers or request.auth == "oauth1":
        lines.append("  headers: {")
        if request.auth == "oauth1":
            lines.append(f'    ...oauth.toHeader(oauth.authorize({{ url, method: "{request.method}" }}, '
                         "{ key: ACCESS_TOKEN, secret: ACCESS_TOKEN_SECRET })),")
        for name, parts in request.headers:
            lines.append(f"    {_js_key(name)}: {_js_str(parts)},")
        lines.append("  },")
    if request.has_body:
        body = json.dumps(request.body, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        lines.append(f"  body: JSON.stringify({body}),")
    lines.append("})")
    lines.append("  .then(async (response) => console.log(response.status, await response.text()));")
    return "\n".join(lines)


def _comment(request: Request, name: str) -> str:
    """A Python comment naming where a variable's value comes from."""
    if name == "DOMAIN":
        service = f"the {request.domain_service} service" if request.domain_service else "the service"
        return f"  # host of {service} (Domain API)"
    if name == "TOKEN":
        return "  # bearer token (Login Service API)"
    if name == "APP_KEY":
        return "  # the API key's four values"
    return ""
