"""API methods: the Sphinx glue for ``api-request``, ``api-response``, ``api-fields`` and ``api-endpoints``.

Built on sphinxcontrib-httpdomain: every documented method is filed in the ``http`` domain under its
method and route (the URL less scheme and host), with httpdomain's own anchor, so ``{http:get}``
references, the HTTP routing table and httpdomain's objects inventory all see it. The ``api`` domain
below keeps what httpdomain's registry cannot hold (it keys by method + route only): which page, which
title, which parameters and fields — for the ``{api:method}`` role, the endpoint index, search and the
site-wide structure checks.

Life of the data, as in ``sphinx.ext.todo``:

- reading (parallel-safe): directives parse their YAML with :mod:`devportal.core.apispec`, report the
  block's problems and file a :class:`~devportal.core.apispec.MethodEntry` per docname in the ``api`` domain;
- once per build, after reading (``env-get-updated``): site-wide checks (method pages, API document
  structure) over the taxonomy, the method registry copied into httpdomain's data, and the pages that
  render registry data (endpoint indexes, method references) queued for rewriting when it changed;
- writing (``doctree-resolved``): ``{domain}`` is linked to the Domain API page and endpoint indexes
  are filled.

The ``api`` domain owns its data as Sphinx's own domains do: typed properties read it, ``note_*`` methods
write it; nothing else indexes ``domain.data``. Each request block also gets request samples
(:mod:`devportal.core.samples`) in sphinx-design tabs synced across pages; field tables break names only
between words, fold fields below the second level into ``<details>``, and give every field an anchor
(``static/api.js``, loaded only on pages with field tables, copies a field's link and expands all).
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from myst_parser.mocking import MockState
from sphinx.application import Sphinx
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join, logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode
from sphinx_design.shared import create_component
from sphinx_design.tabs import sd_tab_label
from sphinxcontrib.httpdomain import HTTP_STATUS_CODES, http_resource_anchor

from ..build import incremental
from ..build.builders import relative_uri
from ..build.incremental import add_dependency, changed_pages, fingerprint, site_nav
from ..build.nodes import method_badge, paragraph, rich_text
from ..build.nodes import table as shared_table
from ..core import apispec, samples
from ..core import diagnostics as d
from ..core.taxonomy import slugify

logger = logging.getLogger(__name__)

ENV_VERSION = 3  # the domain data_version: bump when its stored data changes shape
STATIC = str(Path(__file__).parent / "static")
DOMAIN_DOC_DEFAULT = "guides/retrieve-api-domains/index"

#: domain data kept per docname (purged and merged by docname)
PER_DOC = ("methods", "blocks", "entities", "indexes", "refs")


# ---------------------------------------------------------------------------------------------
# nodes


class api_domain_link(nodes.Inline, nodes.TextElement):
    """``{domain}`` in a URL: becomes a link to the Domain API page at write time (if it exists)."""


class api_endpoints(nodes.General, nodes.Element):
    """Placeholder for the generated endpoint index."""


class api_wbr(nodes.Inline, nodes.Element):
    """A line-break opportunity (``<wbr>``) inside an identifier: names wrap only where a reader expects."""


class api_details(nodes.General, nodes.Element):
    """A collapsible group (``<details>``) with its ``summary`` text; other builders show the content."""


def visit_wbr_html(self, node: api_wbr) -> None:
    self.body.append("<wbr>")
    raise nodes.SkipNode


def skip_node(self, node: nodes.Node) -> None:
    raise nodes.SkipNode


def visit_details_html(self, node: api_details) -> None:
    self.body.append('<details class="portal-api-nested"><summary>' + self.encode(node["summary"]) + "</summary>")


def depart_details_html(self, node: api_details) -> None:
    self.body.append("</details>")


def pass_node(self, node: nodes.Node) -> None:
    pass


#: where a long identifier may wrap: after `.`, `[]`, `-` or `_`, and between camelCase words
BREAK_RE = re.compile(r"(?<=\.)|(?<=\[\])(?!\.)|(?<=[-_])|(?<=[a-z0-9])(?=[A-Z])")


def breakable(text: str) -> list[nodes.Node]:
    """*text* as Text nodes with ``<wbr>`` between words, so it never breaks inside a word."""
    pieces = [p for p in BREAK_RE.split(text) if p]
    result: list[nodes.Node] = []
    for i, piece in enumerate(pieces):
        if i:
            result.append(api_wbr())
        result.append(nodes.Text(piece))
    return result


def field_name(item: apispec.Field) -> nodes.literal:
    """The name in code style, its parent part muted, breakable only between words."""
    name = nodes.literal(item.name, "", classes=["portal-api-name"])
    if item.parent:
        parent = nodes.inline(item.parent, "", classes=["portal-api-parent"])
        parent.extend(breakable(item.parent))
        name += parent
        name += api_wbr()
    name.extend(breakable(item.leaf))
    return name


def constraints(item: apispec.Field) -> list[nodes.Node]:
    """Allowed values, format, range and pattern, when the block or spec gives them."""
    parts: list[list[nodes.Node]] = []
    if item.default is not None:
        parts.append([nodes.Text("Default: "), nodes.literal(item.default, item.default)])
    if item.enum:
        values: list[nodes.Node] = [nodes.Text("One of ")]
        for i, value in enumerate(item.enum):
            text = value if isinstance(value, str) else json.dumps(value)
            values += ([nodes.Text(", ")] if i else []) + [nodes.literal(text, text)]
        parts.append(values)
    if item.format:
        parts.append([nodes.Text("Format: "), nodes.literal(item.format, item.format)])
    if item.minimum is not None and item.maximum is not None:
        parts.append([nodes.Text(f"From {item.minimum} to {item.maximum}")])
    elif item.minimum is not None:
        parts.append([nodes.Text(f"Minimum {item.minimum}")])
    elif item.maximum is not None:
        parts.append([nodes.Text(f"Maximum {item.maximum}")])
    if item.pattern:
        parts.append([nodes.Text("Pattern: "), nodes.literal(item.pattern, item.pattern)])
    if not parts:
        return []
    line = nodes.inline("", " ", classes=["portal-api-constraints"])  # the space: read as its own sentence
    for i, part in enumerate(parts):
        line.extend(([nodes.Text(". ")] if i else []) + part)
    line += nodes.Text(".")
    return [line]


def url_literal(url: str, *, link_domain: bool = True) -> nodes.literal:
    """The URL with each ``{placeholder}`` marked; ``{domain}`` pending a link to the Domain API."""
    code = nodes.literal(url, "", classes=["portal-api-url"])
    pos = 0
    for match in apispec.PLACEHOLDER_RE.finditer(url):
        if match.start() > pos:
            code += nodes.Text(url[pos:match.start()])
        text = match.group(0)
        if match.group(1) == apispec.DOMAIN_PLACEHOLDER and link_domain:
            code += api_domain_link(text, text)
        else:
            code += nodes.inline(text, text, classes=["portal-api-placeholder"])
        pos = match.end()
    if pos < len(url):
        code += nodes.Text(url[pos:])
    return code


def rubric(text: str, level: int | None = None) -> nodes.rubric:
    node = nodes.rubric(text, text, classes=["portal-api-rubric"])
    if level:
        node["heading-level"] = min(level, 6)
    return node


def table(columns: list[str], rows: list, kind: str) -> nodes.container:
    """A table in a scroll container: on a narrow screen the table scrolls, not the page. Rows are (cells, id
    of the row or None); a cell is a list of nodes."""
    wrapper = nodes.container(classes=["portal-api-table-wrapper"])
    wrapper += shared_table(columns, rows, ["portal-api-table", f"portal-api-{kind}"], column_classes=True)
    return wrapper


def request_samples(spec: apispec.RequestSpec) -> list[nodes.Node]:
    """The samples in sphinx-design tabs synced across pages (the choice is kept in localStorage)."""
    generated = samples.request_of(spec)
    out: list[nodes.Node] = []
    if generated.variables:
        names: list[nodes.Node] = []
        for i, name in enumerate(generated.variables):
            names += ([nodes.Text(", ")] if i else []) + [nodes.literal(name, name)]
        out.append(paragraph("The samples read ", *names, " from the environment.",
                             classes=["portal-api-samples-vars"]))
    schemes = samples.auth_schemes(spec)
    if len(schemes) > 1:
        out.append(paragraph(f"They authenticate with {AUTH_NAMES[schemes[0]]}; the method also accepts "
                             + " or ".join(AUTH_NAMES[s] for s in schemes[1:]) + ".",
                             classes=["portal-api-samples-auth"]))
    tab_set = create_component("tab-set", classes=["sd-tab-set", "portal-api-samples"])
    for sample in samples.samples(spec, generated):
        item = create_component("tab-item", classes=["sd-tab-item"], selected=False)
        label = nodes.rubric(sample.label, sample.label, classes=["sd-tab-label"])
        label["sync_id"] = sample.key
        label["sync_group"] = SAMPLES_SYNC_GROUP
        item += label
        content = create_component("tab-content", classes=["sd-tab-content"])
        block = nodes.literal_block(sample.code, sample.code, language=sample.lexer,
                                    classes=["portal-api-sample", f"portal-api-sample-{slugify(sample.key)}"])
        content += block
        item += content
        tab_set += item
    out.append(tab_set)
    return out


AUTH_NAMES = {"bearer": "a bearer token from the Login Service", "oauth1": "an OAuth 1.0 header signed with an API key"}
SAMPLES_SYNC_GROUP = "language"


# ---------------------------------------------------------------------------------------------
# directives


class ApiBlock(SphinxDirective):
    """Shared by the block directives: content is YAML; problems become typed warnings."""

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True

    @property
    def content_line(self) -> int:
        """File line (1-based) of the first content line.

        docutils gives ``content_offset`` as the 0-based line of the content in the file; MyST gives
        it relative to the line after the directive's opening fence.
        """
        if isinstance(self.state, MockState):
            return self.lineno + 1 + self.content_offset
        return self.content_offset + 1

    @property
    def text(self) -> str:
        return "\n".join(self.content)

    def report(self, problems: list[d.Problem]) -> None:
        for problem in problems:
            d.emit(logger, problem)

    def unique_id(self, base: str) -> str:
        document = self.state.document
        candidate, n = base, 1
        while candidate in document.ids:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def claim(self, node: nodes.Element, base: str) -> str:
        ident = self.unique_id(base)
        node["ids"].append(ident)
        self.state.document.ids[ident] = node
        return ident

    def record_block(self, kind: str) -> None:
        api_domain(self.env).note_block(self.env.docname, kind, self.lineno)

    def note(self, text: str) -> list[nodes.Node]:
        if not text:
            return []
        return [nodes.note("", paragraph(*rich_text(text)))]

    def fields_table(self, items: list[apispec.Field], kind: str, id_prefix: str,
                     terms: list[tuple[str, str, str]] | None = None, objtype: str = "field", *,
                     nested: bool = False) -> nodes.Node:
        """Name, Type (when some row has one), Description.

        Fields below the second level (``a.b.c``) go into a collapsible table under their second-level
        ancestor's description, so the outline of a large object reads at a glance."""
        by_segments = {tuple(f.segments): f for f in items}
        deep: dict[str, list[apispec.Field]] = {}
        shown = []
        for item in items:
            owner = by_segments.get(tuple(item.segments[:2])) if not nested and len(item.segments) > 2 else None
            if owner is not None and owner is not item:
                deep.setdefault(owner.name, []).append(item)
            else:
                shown.append(item)
        # Name (flagged required / read-only), Type, Description (with default and constraints): the
        # description keeps most of the width even in a narrow text column
        has_type = any(f.type for f in shown)
        columns = ["Name"] + (["Type"] if has_type else []) + ["Description"]
        rows: list = []
        for item in shown:
            row_id = self.unique_id(nodes.make_id(f"{id_prefix}-{item.name}"))
            self.state.document.ids[row_id] = None  # type: ignore[assignment]  # reserved until the row exists
            if terms is not None:
                terms.append((objtype, item.name, row_id))
            link = nodes.reference("", "#", refuri=f"#{row_id}", classes=["portal-api-fieldlink"],
                                   reftitle=f"Link to {item.name}")
            name_cell: list[nodes.Node] = [field_name(item), link]
            for flag, on in (("required", item.required), ("read-only", item.read_only)):
                if on:
                    name_cell += [nodes.Text(" "),  # read (and copied) as "name required"
                                  nodes.inline(flag, flag, classes=["portal-api-flag", f"portal-api-{flag}"])]
            cells: list[list[nodes.Node]] = [name_cell]
            if has_type:
                cells.append([nodes.Text(item.type)])
            description = rich_text(item.description) + constraints(item)
            if item.name in deep:
                children = deep[item.name]
                details = api_details(summary=f"{len(children)} nested field{'s' if len(children) > 1 else ''} "
                                              f"of {item.name}")
                details += self.fields_table(children, kind, id_prefix, terms, objtype, nested=True)
                description.append(details)
            cells.append(description)
            rows.append((cells, row_id))
        wrapper = table(columns, rows, kind)
        for row in wrapper.findall(nodes.row):
            for ident in row["ids"]:
                self.state.document.ids[ident] = row
        return wrapper

    def example(self, example: apispec.Example | None, title: str) -> list[nodes.Node]:
        if example is None:
            return []
        text = example.pretty()
        block = nodes.literal_block(text, text, language="json" if example.valid else "text",
                                    classes=["portal-api-example"])
        block.line = example.line
        return [rubric(title), block]


class ApiRequest(ApiBlock):
    """``{api-request} METHOD URL`` with YAML content: service, headers, path, query, body, example, note."""

    def run(self) -> list[nodes.Node]:
        env, docname = self.env, self.env.docname
        spec, problems = apispec.parse_request(self.arguments[0] if self.arguments else "", self.text,
                                               docname=docname, line=self.lineno, content_line=self.content_line)
        self.report(problems + apispec.check_request(spec, docname))
        self.record_block("request")

        container = nodes.container(classes=["portal-api", "portal-api-request"])
        self.set_source_info(container)
        method = spec.method or "?"
        anchor = self.claim(container, http_resource_anchor(method.lower(), spec.route))
        signature = paragraph(method_badge(method), " ", url_literal(spec.url), classes=["portal-api-signature"])
        signature += nodes.reference("", "#", refuri=f"#{anchor}", classes=["headerlink"],
                                     reftitle="Link to this method")
        container += signature
        if "{domain}" in spec.url:
            add_dependency(env, ("page", env.config.portal_domain_api_doc))
            if spec.services:
                services = [nodes.literal(s, s) for s in spec.services]
                joined: list[nodes.Node] = [services[0]]
                for service in services[1:]:
                    joined += [nodes.Text(" or "), service]
                container += paragraph(api_domain_link("{domain}", "{domain}"), " is the host the Domain API "
                                       "returns for the ", *joined, " service.", classes=["portal-api-service"])
        container += self.note(spec.note)

        terms: list[tuple[str, str, str]] = []
        if spec.headers:
            container += [rubric("Request headers"), self.fields_table(spec.headers, "headers", "request-header")]
        if spec.path:
            container += [rubric("Path parameters"),
                          self.fields_table(spec.path, "parameters", "path", terms, "parameter")]
        if spec.query:
            container += [rubric("Query parameters"),
                          self.fields_table(spec.query, "parameters", "query", terms, "parameter")]
        if spec.body:
            container += [rubric("Request body"), self.fields_table(spec.body, "fields", "request-body", terms)]
        container += self.example(spec.example, "Request example")
        if spec.method in apispec.HTTP_METHODS and spec.url and spec.parsed:
            container += [rubric("Request samples"), *request_samples(spec)]

        entry = apispec.MethodEntry(docname=docname, method=method, url=spec.url, anchor=anchor, line=self.lineno,
                                    title=spec.title, services=tuple(spec.services), terms=tuple(terms),
                                    request=spec)
        api_domain(env).note_method(entry)
        return [container]


class ApiResponse(ApiBlock):
    """``{api-response}`` with YAML content: headers, elements, codes, example, note."""

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        spec, problems = apispec.parse_response(self.text, docname=docname, line=self.lineno,
                                                content_line=self.content_line)
        self.report(problems + apispec.check_response(spec, docname))
        self.record_block("response")

        container = nodes.container(classes=["portal-api", "portal-api-response"])
        self.set_source_info(container)
        container += self.note(spec.note)
        terms: list[tuple[str, str, str]] = []
        if spec.elements:
            container += [rubric("Response elements"),
                          self.fields_table(spec.elements, "fields", "response", terms)]
        container += self.example(spec.example, "Response example")
        if spec.headers:
            container += [rubric("Response headers"), self.fields_table(spec.headers, "headers", "response-header")]
        if spec.examples:
            container += [rubric("Response examples"), self.status_examples(spec)]
        if spec.codes:
            rows = []
            for code in spec.codes:
                meaning = code.meaning or HTTP_STATUS_CODES.get(code.value or 0, "")
                shown = [nodes.literal(code.code, code.code)] if code.label == code.code else [nodes.Text(code.label)]
                rows.append(([shown, rich_text(meaning)], None))
            container += [rubric("Response codes"), table(["Code", "Meaning"], rows, "codes")]
        # response fields are searchable under the page's method
        if terms:
            api_domain(self.env).note_response_terms(docname, terms)
        return [container]


    def status_examples(self, spec: apispec.ResponseSpec) -> nodes.Node:
        """One tab per status code: "200 OK", "404 Not Found", "Any other status"."""
        meanings = {c.code: c.meaning for c in spec.codes}
        tab_set = create_component("tab-set", classes=["sd-tab-set", "portal-api-status-examples"])
        for code, example in spec.examples:
            meaning = HTTP_STATUS_CODES.get(code.value or 0, "") if code.value else ""
            label = f"{code.code} {meaning}".strip() if code.value else code.label
            item = create_component("tab-item", classes=["sd-tab-item"], selected=False)
            item += nodes.rubric(label, label, classes=["sd-tab-label"])
            content = create_component("tab-content", classes=["sd-tab-content"])
            if meanings.get(code.code):
                content += paragraph(*rich_text(meanings[code.code]))
            text = example.pretty()
            block = nodes.literal_block(text, text, language="json" if example.valid else "text",
                                        classes=["portal-api-example"])
            block.line = example.line
            content += block
            item += content
            tab_set += item
        return tab_set


class ApiFields(ApiBlock):
    """``{api-fields} Caption``: an entity's fields table (e.g. in an appendix), with an optional example."""

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        caption = self.arguments[0] if self.arguments else ""
        spec, problems = apispec.parse_fields(caption, self.text, docname=docname, line=self.lineno,
                                              content_line=self.content_line)
        self.report(problems + apispec.check_fields(spec, docname))
        container = nodes.container(classes=["portal-api", "portal-api-entity"])
        self.set_source_info(container)
        container += self.note(spec.note)
        terms: list[tuple[str, str, str]] = []
        if spec.fields:
            prefix = f"{slugify(spec.caption) or 'entity'}-field"
            container += self.fields_table(spec.fields, "fields", prefix, terms)
        container += self.example(spec.example, f"{spec.caption} example" if spec.caption else "Example")
        api_domain(self.env).note_entity_terms(docname, spec.caption, terms)
        return [container]


class ApiEndpoints(SphinxDirective):
    """``{api-endpoints}``: every documented method, grouped by section and document.

    ``:section: <slug>`` or ``:document: <section>/<document>`` narrow it down.
    """

    has_content = False
    option_spec = {"section": directives.unchanged, "document": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        add_dependency(self.env, ("site",))  # section and document titles
        section = (self.options.get("section") or "").strip().strip("/")
        document = (self.options.get("document") or "").strip().strip("/")
        api_domain(self.env).note_index(self.env.docname, section, document, self.lineno)
        node = api_endpoints(section=section, document=document)
        self.set_source_info(node)
        return [node]


# ---------------------------------------------------------------------------------------------
# the api domain: registry, role, search objects


class ApiMethodRole(XRefRole):
    """``{api:method}`/admin/skills-api/methods/get-all-skills``` or ``{api:method}`GET /api/...```."""

    def process_link(self, env, refnode, has_explicit_title, title, target):
        api_domain(env).note_reference(env.docname, target.strip())
        return title, target.strip()


class ApiDomain(Domain):
    name = "api"
    label = "API"
    data_version = ENV_VERSION
    object_types = {
        "method": ObjType("method", "method"),
        "parameter": ObjType("parameter"),
        "field": ObjType("field"),
    }
    roles = {"method": ApiMethodRole(innernodeclass=nodes.inline)}
    initial_data = {
        "methods": {},  # docname -> [MethodEntry]
        "blocks": {},  # docname -> PageBlocks
        "entities": {},  # docname -> [(caption, objtype, name, anchor)] from api-fields
        "indexes": {},  # docname -> (section, document, line) of its api-endpoints
        "refs": {},  # docname -> {targets of its {api:method} references}
        "http": [],  # (method, route, docname) filed into the http domain by the last build
    }

    # -- the data, read through typed properties and written only through note_* ---------------

    @property
    def methods(self) -> dict[str, list[apispec.MethodEntry]]:
        return self.data.setdefault("methods", {})

    @property
    def blocks(self) -> dict[str, apispec.PageBlocks]:
        return self.data.setdefault("blocks", {})

    @property
    def entities(self) -> dict[str, list[tuple[str, str, str, str]]]:
        return self.data.setdefault("entities", {})

    @property
    def indexes(self) -> dict[str, tuple[str, str, int]]:
        return self.data.setdefault("indexes", {})

    @property
    def references(self) -> dict[str, set[str]]:
        return self.data.setdefault("refs", {})

    @property
    def filed_http(self) -> list[tuple[str, str, str]]:
        return self.data.setdefault("http", [])

    def note_method(self, entry: apispec.MethodEntry) -> None:
        self.methods.setdefault(entry.docname, []).append(entry)

    def note_block(self, docname: str, kind: str, line: int) -> None:
        page = self.blocks.setdefault(docname, apispec.PageBlocks())
        (page.requests if kind == "request" else page.responses).append(line)
        page.order.append(kind)

    def note_response_terms(self, docname: str, terms: list[tuple[str, str, str]]) -> None:
        """Response fields are searchable under the page's method (or as the page's own, without one)."""
        methods = self.methods.get(docname)
        if methods:
            methods[-1] = dataclasses.replace(methods[-1], terms=methods[-1].terms + tuple(terms))
        else:
            self.note_entity_terms(docname, "", terms)

    def note_entity_terms(self, docname: str, caption: str, terms: list[tuple[str, str, str]]) -> None:
        self.entities.setdefault(docname, []).extend((caption, kind, name, anchor) for kind, name, anchor in terms)

    def note_index(self, docname: str, section: str, document: str, line: int) -> None:
        self.indexes[docname] = (section, document, line)

    def note_reference(self, docname: str, target: str) -> None:
        self.references.setdefault(docname, set()).add(target)

    def note_filed_http(self, filed: list[tuple[str, str, str]]) -> None:
        self.data["http"] = filed

    def clear_doc(self, docname: str) -> None:
        for key in PER_DOC:
            self.data.setdefault(key, {}).pop(docname, None)

    def merge_domaindata(self, docnames, otherdata) -> None:
        for key in PER_DOC:
            mine = self.data.setdefault(key, {})
            for docname in docnames:
                if docname in otherdata.get(key, {}):
                    mine[docname] = otherdata[key][docname]

    # -- the registry ------------------------------------------------------------------------

    def entries(self) -> list[apispec.MethodEntry]:
        return [e for docname in sorted(self.methods) for e in self.methods[docname]]

    def title(self, entry: apispec.MethodEntry) -> str:
        if entry.title:
            return entry.title
        title = self.env.titles.get(entry.docname)
        return title.astext() if title is not None else entry.docname

    def find(self, target: str, fromdocname: str) -> list[apispec.MethodEntry]:
        """Methods a reference names: ``METHOD URL-or-route`` or a docname (absolute or relative)."""
        match = re.match(r"^([A-Za-z]+)\s+(\S+)$", target)
        if match and match.group(1).upper() in apispec.HTTP_METHODS:
            method, url = match.group(1).upper(), match.group(2)
            route = apispec.url_route(url)
            return [e for e in self.entries() if e.method == method and (e.url == url or e.route == route)]
        name = target.removesuffix(".md").split("#", 1)[0]
        docname = name.lstrip("/") if name.startswith("/") else docname_join(fromdocname, name)
        return list(self.methods.get(docname, []))

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        found = self.find(target, fromdocname)
        if not found:
            d.emit(logger, d.Problem(d.API_REFERENCE, f"no documented API method matches {target!r} (give the "
                                     "method page, e.g. /admin/skills-api/methods/get-all-skills, or METHOD and "
                                     "URL)", fromdocname, line=node.line))
            return nodes.inline("", "", contnode, classes=["portal-api-ref-missing"])
        if len(found) > 1:
            where = ", ".join(f"{e.docname}:{e.line}" for e in found)
            d.emit(logger, d.Problem(d.API_REFERENCE, f"{target!r} matches {len(found)} methods ({where}); "
                                     "linking the first — name the method page to choose", fromdocname,
                                     line=node.line))
        entry = found[0]
        if node.get("refexplicit"):
            content = contnode
        else:
            content = nodes.inline("", "", method_badge(entry.method), nodes.Text(" " + self.title(entry)),
                                   classes=["portal-api-ref"])
        return make_refnode(builder, fromdocname, entry.docname, entry.anchor, content,
                            f"{entry.method} {entry.url}")

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []

    def get_objects(self):
        """Search: a method by its title (and method + route); its parameters and fields by name."""
        for entry in self.entries():
            title = self.title(entry).replace(".", "\u2024")
            yield (f"{entry.method} {entry.route}", title, "method", entry.docname, entry.anchor, 1)
            for objtype, name, anchor in entry.terms:
                yield (f"{entry.docname}:{anchor}", f"{title}.{name}", objtype, entry.docname, anchor, 2)
        for docname in sorted(self.entities):
            page = self.env.titles.get(docname)
            for caption, objtype, name, anchor in self.entities[docname]:
                owner = (caption or (page.astext() if page is not None else docname)).replace(".", "\u2024")
                yield (f"{docname}:{anchor}", f"{owner}.{name}", objtype, docname, anchor, 2)


def api_domain(env: BuildEnvironment) -> ApiDomain:
    return env.get_domain("api")  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# once per build, after reading


def after_reading(app: Sphinx, env: BuildEnvironment, nav) -> list[str]:
    """``portal-site-built``: site-wide checks, httpdomain registration, and pages to rewrite because
    registry data changed."""
    domain = api_domain(env)
    if nav is not None:
        blocks = {k: v for k, v in domain.blocks.items() if k in env.found_docs}
        pages = getattr(env, "portal_pages", {})
        for problem in apispec.check_method_pages(nav.site, blocks) + \
                apispec.check_api_documents(nav.site, blocks, pages):
            d.emit(logger, problem)
    entries = domain.entries()
    for problem in apispec.check_duplicate_methods([e for e in entries if e.docname in env.found_docs]):
        d.emit(logger, problem)
    file_into_httpdomain(env, domain)

    signatures: dict[str, str] = {}
    order: dict[str, int] = {}  # each page's place in the reading order, looked up once per build
    for i, name in enumerate(nav.site.order if nav is not None else ()):
        order.setdefault(name, i)
    for docname, (section, document, _line) in domain.indexes.items():
        chosen = [e for e in entries if _selected(e.docname, section, document)]
        signatures[docname] = fingerprint(section, document, [_entry_fp(domain, e) for e in chosen],
                                          [(e.docname, _position(nav, order, e.docname)) for e in chosen])
    for docname, targets in domain.references.items():
        signatures[docname] = fingerprint(sorted((t, [_entry_fp(domain, e) for e in domain.find(t, docname)])
                                                 for t in targets))
    return changed_pages(env, "api", signatures)


def _entry_fp(domain: ApiDomain, entry: apispec.MethodEntry) -> tuple:
    return (entry.docname, entry.method, entry.url, entry.anchor, domain.title(entry))


def _position(nav, order: dict[str, int], docname: str):
    if nav is None:
        return None
    loc = nav.site.locations.get(docname)
    return (loc.document if loc else None, order.get(docname, -1))


def _selected(docname: str, section: str, document: str) -> bool:
    if document:
        return docname.startswith(document + "/")
    if section:
        return docname.startswith(section + "/")
    return True


def file_into_httpdomain(env: BuildEnvironment, domain: ApiDomain) -> None:
    """File each method in httpdomain's registry (first page by name wins a shared method + route).

    httpdomain has no API to file a route: its directives write ``data[method][route] = (docname,
    synopsis, deprecated)`` themselves, and its routing table, references and inventory read that.
    Checked against sphinxcontrib-httpdomain 2.2; tests/test_upstream.py fails when the tuple changes.
    """
    http = env.domaindata["http"]
    for method, route, docname in domain.filed_http:
        if http.get(method, {}).get(route, (None,))[0] == docname:
            del http[method][route]
    filed = []
    for entry in domain.entries():
        method = entry.method.lower()
        if method not in http or entry.route in http[method]:
            continue
        http[method][entry.route] = (entry.docname, domain.title(entry), False)
        filed.append((method, entry.route, entry.docname))
    domain.note_filed_http(filed)


# ---------------------------------------------------------------------------------------------
# reading: heading levels; writing: links and the endpoint index


def set_rubric_levels(app: Sphinx, doctree: nodes.document) -> None:
    """Sub-headings of a block sit one level below the section holding the block."""
    for node in doctree.findall(nodes.rubric):
        if "portal-api-rubric" in node["classes"] and "heading-level" not in node:
            node["heading-level"] = min(_depth(node) + 1, 6)


def _depth(node: nodes.Node) -> int:
    depth, parent = 0, node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            depth += 1
        parent = parent.parent
    return depth


def resolve_api(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """At write time: link ``{domain}`` to the Domain API page (if it exists); fill endpoint indexes."""
    env, builder = app.env, app.builder
    target = env.config.portal_domain_api_doc
    for node in list(doctree.findall(api_domain_link)):
        text = node.astext()
        link: nodes.Element
        uri = relative_uri(builder, docname, target) if target in env.all_docs else None
        if uri is not None:
            link = nodes.reference(text, text, refuri=uri, internal=True,
                                   reftitle="How to find the domain of a service: the Domain API",
                                   classes=["portal-api-placeholder", "portal-api-domain"])
        else:
            link = nodes.inline(text, text, classes=["portal-api-placeholder"])
        node.replace_self(link)
    for index in list(doctree.findall(api_endpoints)):
        index.replace_self(EndpointIndex(env, builder, docname).render(index))


class EndpointIndex:
    """The endpoint index of one page: methods grouped by section and document, in reading order."""

    def __init__(self, env: BuildEnvironment, builder, fromdoc: str):
        self.env, self.builder, self.fromdoc = env, builder, fromdoc

    def render(self, node: api_endpoints) -> list[nodes.Node]:
        env, builder, fromdoc = self.env, self.builder, self.fromdoc
        domain = api_domain(env)
        section, document = node["section"], node["document"]
        nav = site_nav(env)
        site = nav.site if nav is not None else None
        if site is not None:
            if section and site.section(section) is None:
                d.emit(logger, d.Problem(d.ENDPOINT_INDEX, f"api-endpoints: unknown section {section!r}",
                                         fromdoc, line=node.line))
            if document and document not in site.documents:
                d.emit(logger, d.Problem(d.ENDPOINT_INDEX, f"api-endpoints: unknown document {document!r} "
                                         "(give section/document, e.g. admin/skills-api)", fromdoc, line=node.line))
        entries = [e for e in domain.entries() if _selected(e.docname, section, document)]
        if not entries:
            return [paragraph("No API methods are documented here yet.", classes=["portal-api-endpoints"])]
        level = _depth(node) + 1
        order = {name: i for i, name in enumerate(site.order)} if site else {}
        entries.sort(key=lambda e: (order.get(e.docname, len(order)), e.docname, e.line))

        def rows_for(items):
            rows = []
            for entry in items:
                uri = relative_uri(builder, fromdoc, entry.docname)
                title = domain.title(entry)
                link = (nodes.reference(title, title, refuri=f"{uri}#{entry.anchor}", internal=True) if uri is not None
                        else nodes.inline(title, title))  # a builder without an address for the page: text
                rows.append(([[method_badge(entry.method)],
                              [link, nodes.inline("", "", url_literal(entry.url, link_domain=False),
                                                  classes=["portal-api-endpoint-url"])]], None))
            return rows

        out = nodes.container(classes=["portal-api-endpoints"])
        placed: set[str] = set()
        if site is not None:
            for section_node in site.sections:
                docs = [(doc, [e for e in entries if (loc := site.locations.get(e.docname)) and
                               loc.document == doc.key]) for doc in section_node.documents]
                docs = [(doc, items) for doc, items in docs if items]
                if not docs:
                    continue
                if not section:
                    out += rubric(section_node.section.name, level)
                for doc, items in docs:
                    heading = rubric("", level + (0 if section else 1))
                    uri = relative_uri(builder, fromdoc, doc.link) if doc.link else None
                    if uri is not None:
                        heading += nodes.reference(doc.title, doc.title, internal=True, refuri=uri)
                    else:
                        heading += nodes.Text(doc.title)
                    out += heading
                    out += table(["Method", "Endpoint"], rows_for(items), "endpoints")
                    placed.update(e.docname for e in items)
        rest = [e for e in entries if e.docname not in placed]
        if rest:
            if placed:
                out += rubric("Other pages", level)
            out += table(["Method", "Endpoint"], rows_for(rest), "endpoints")
        return [out]


# ---------------------------------------------------------------------------------------------
# setup


def check_config(app: Sphinx, config) -> None:
    value = config.portal_domain_api_doc
    if not isinstance(value, str) or not value.strip():
        d.emit(logger, d.Problem(d.BAD_VALUE, "portal_domain_api_doc must be a docname such as "
                                 f"{DOMAIN_DOC_DEFAULT!r}", path="conf.py"))
        config.portal_domain_api_doc = DOMAIN_DOC_DEFAULT
    else:
        config.portal_domain_api_doc = value.strip().strip("/").removesuffix(".md")


def add_static(app: Sphinx) -> None:
    """Badge, URL and table styles, for HTML builders only."""
    if app.builder.format == "html":
        if STATIC not in app.config.html_static_path:
            app.config.html_static_path = [*app.config.html_static_path, STATIC]  # never mutate a shared default
        app.add_css_file("api.css")


class SampleTabsValidHtml(SphinxPostTransform):
    """sphinx-design puts ``aria-controls`` on each tab's ``<label for=…>``, which HTML forbids on a label
    tied to an input (the Nu checker rejects it); the label already names its radio input, so drop it in
    the portal's own tab sets. Runs right after sphinx-design's TabSetHtmlTransform (priority 200)."""

    default_priority = 201
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for tabs in self.document.findall(nodes.container):
            if {"portal-api-samples", "portal-api-status-examples"} & set(tabs["classes"]):
                for label in tabs.findall(sd_tab_label):
                    label.attributes.pop("aria_controls", None)


class DropFieldLinks(SphinxPostTransform):
    """A field's copy-link control is for browsers: a book or plain text has no use for it (and LaTeX no
    label on a table row to link to)."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        # the builder, as Sphinx's own post-transforms reach it (see tests/test_upstream.py)
        if self.env._app.builder.format == "html":
            return
        for link in list(self.document.findall(_has_field_links)):
            link.parent.remove(link)


def add_page_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """api.js (copy a field's link, expand all nested fields) only on pages with field tables."""
    if doctree is not None and next(doctree.findall(_has_field_links), None) is not None:
        app.add_js_file("api.js", loading_method="defer")


def _has_field_links(node: nodes.Node) -> bool:
    return isinstance(node, nodes.reference) and "portal-api-fieldlink" in node.get("classes", ())


def setup_methods(app: Sphinx) -> None:
    app.setup_extension("devportal.navigation")
    app.setup_extension("sphinxcontrib.httpdomain")
    app.setup_extension("sphinx_copybutton")
    app.setup_extension("sphinx_design")  # tabs for the request samples
    app.add_config_value("portal_domain_api_doc", DOMAIN_DOC_DEFAULT, "env", types=[str],
                         description="Docname of the page that explains how to find a service's {domain} "
                                     "(the Domain API); URLs link their {domain} placeholder to it.")
    app.connect("config-inited", check_config)
    app.connect("builder-inited", add_static)
    app.add_node(api_domain_link)
    others = ("latex", "text", "man", "texinfo")
    app.add_node(api_wbr, html=(visit_wbr_html, None), **{b: (skip_node, None) for b in others})  # type: ignore[arg-type]
    app.add_node(api_details, html=(visit_details_html, depart_details_html),
                 **{b: (pass_node, pass_node) for b in others})  # type: ignore[arg-type]
    app.connect("html-page-context", add_page_script)
    app.add_post_transform(SampleTabsValidHtml)
    app.add_post_transform(DropFieldLinks)
    app.add_node(api_endpoints)
    app.add_domain(ApiDomain)
    app.add_directive("api-request", ApiRequest)
    app.add_directive("api-response", ApiResponse)
    app.add_directive("api-fields", ApiFields)
    app.add_directive("api-endpoints", ApiEndpoints)
    app.connect("doctree-read", set_rubric_levels)
    app.connect(incremental.EVENT_SITE_BUILT, after_reading)
    app.connect("doctree-resolved", resolve_api)
