"""Writers' tools without Sphinx: scaffold a document or a method page from templates.

The templates are Markdown files in ``templates/scaffold/`` (``string.Template``: ``$title`` …). Every
place left for the writer is marked with ``Write:`` — in MyST comments (``% Write: …``, never rendered)
where the text is prose, and in the few values that must exist for the page to build (a method's path
parameter descriptions, a document's summary when none is given). :func:`markers` finds them, so
``python -m devportal check`` can list what is still to write.

Nothing here overwrites: every file is checked before any is written, and a refusal says why.
Sections come from ``sections.yaml`` (:func:`devportal.core.taxonomy.load_sections`), documents from the
folder tree, and a scaffolded method block is parsed and checked by :mod:`devportal.core.apispec` before it is
written, so what this module creates builds without a warning.
"""

from __future__ import annotations

import math
import os
import re
import string
from dataclasses import dataclass
from pathlib import Path

from ..core import apispec, frontmatter, openapi, taxonomy
from ..core.taxonomy import slugify

TEMPLATES = Path(__file__).parent / "templates" / "scaffold"
MARKER = "Write:"
#: a marked place: a comment line ``% Write:``, or a value starting ``Write:`` (quoted or after a dash)
MARKER_RE = re.compile(r'^\s*%\s*Write:|(?:"|—\s|:\s)Write:')
ORDER_STEP = 10


class Refusal(Exception):
    """A request the tools will not carry out; the message says why and what to do instead."""


def yaml_value(text: str) -> str:
    """A front matter value as YAML reads it back unchanged."""
    return openapi.scalar(text)


def render(template: str, **fields: object) -> str:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    return string.Template(text).substitute({k: str(v) for k, v in fields.items()})


def display(path: Path) -> str:
    """A path as the writer typed it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


# ---------------------------------------------------------------------------------------------
# the project


@dataclass
class Project:
    docs: Path
    sections: list[taxonomy.Section]

    @classmethod
    def load(cls, docs: str | Path) -> Project:
        docs = Path(docs)
        path = docs / "sections.yaml"
        if not path.is_file():
            raise Refusal(f"{display(path)} does not exist; give the portal's docs folder with --docs")
        sections, problems = taxonomy.load_sections(path.read_text(encoding="utf-8"), str(path))
        if problems:
            first = problems[0]
            raise Refusal(f"{display(path)}:{first.line or 1}: {first.message}; fix the sections file first")
        return cls(docs, sections)

    def section(self, name: str) -> taxonomy.Section:
        """A section by slug or name (``admin``, ``Admin``)."""
        wanted = taxonomy.slugify(name)
        for section in self.sections:
            if wanted in (section.slug, taxonomy.slugify(section.name)):
                return section
        raise Refusal(f"unknown section {name!r}; the sections are: {', '.join(s.slug for s in self.sections)}")

    def document(self, key: str) -> tuple[taxonomy.Section, Path]:
        """A document by ``section/document`` (its folder must hold an index.md overview)."""
        section_name, _, slug = key.strip().strip("/").partition("/")
        if not slug or "/" in slug:
            raise Refusal(f"give the document as SECTION/DOCUMENT (e.g. admin/users-api), not {key!r}")
        section = self.section(section_name)
        folder = self.docs / section.slug / slug
        if not (folder / "index.md").is_file():
            known = sorted(p.parent.name for p in (self.docs / section.slug).glob("*/index.md"))
            hint = f"; documents in {section.slug}: {', '.join(known)}" if known else ""
            raise Refusal(f"unknown document {section.slug}/{slug} (no {display(folder / 'index.md')}){hint}; "
                          f"create it with: python -m devportal new document --section {section.slug} \"Title\"")
        return section, folder


def write_new(files: dict[Path, str]) -> list[Path]:
    """Write *files*, all or none: refuse if any exists."""
    existing = [p for p in files if p.exists()]
    if existing:
        raise Refusal("refusing to overwrite " + ", ".join(display(p) for p in existing)
                      + "; nothing was written")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


# ---------------------------------------------------------------------------------------------
# new document


def new_document(project: Project, section: str, title: str, *, slug: str | None = None,
                 summary: str | None = None, indicator: str | None = None) -> list[Path]:
    """A document folder: Overview, Getting Started, Methods (overview) and Appendix, from templates."""
    title = " ".join(title.split())
    if not title:
        raise Refusal("give the document's title, e.g. \"Agent Groups API\"")
    sec = project.section(section)
    slug = slug or taxonomy.slugify(title)
    if not taxonomy.SLUG_RE.match(slug):
        raise Refusal(f"{slug!r} is not a valid folder name (lowercase letters, digits and hyphens)")
    if indicator is not None and indicator not in taxonomy.INDICATORS:
        raise Refusal(f"unknown indicator {indicator!r} (use {', '.join(taxonomy.INDICATORS)})")
    folder = project.docs / sec.slug / slug
    if folder.exists():
        raise Refusal(f"refusing to overwrite {display(folder)}: the document exists; add pages to it with "
                      f"`python -m devportal new method --document {sec.slug}/{slug} …`; nothing was written")
    summary = " ".join((summary or "").split()) or f"{MARKER} one sentence saying what the {title} is for."
    extra = f"indicator: {indicator}\n" if indicator else ""
    fields = {"title": title, "summary": yaml_value(summary), "extra_front_matter": extra,
              "document": f"{sec.slug}/{slug}"}
    return write_new({
        folder / "index.md": render("overview.md", **fields),
        folder / "getting-started.md": render("getting-started.md", **fields),
        folder / "methods" / "index.md": render("methods-index.md", **fields),
        folder / "appendix.md": render("appendix.md", **fields),
    })


# ---------------------------------------------------------------------------------------------
# new method


def next_order(folder: Path) -> int:
    """The first multiple of 10 after every ``order:`` of the pages in *folder*."""
    orders = []
    for page in folder.glob("*.md"):
        value = frontmatter.read_file(str(page)).data.get("order")
        if value is None:
            continue
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):  # OverflowError: an integer of hundreds of digits
            continue
        if math.isfinite(number):  # `.inf` / `.nan` place nothing (the build says so)
            orders.append(number)
    return (int(max(orders, default=0)) // ORDER_STEP + 1) * ORDER_STEP


def request_block(method: str, url: str, service: str | None) -> str:
    """A valid api-request for METHOD URL: each URL placeholder (but ``{domain}``) gets a path entry whose
    description is a marked place to write. Refuses what the block checks would reject."""
    lines = []
    if service:
        lines.append(f"service: {yaml_value(service)}")
    names = [n for n in apispec.PLACEHOLDER_RE.findall(url) if n != apispec.DOMAIN_PLACEHOLDER]
    if names:
        lines.append("path:")
        for name in dict.fromkeys(names):
            lines.append(f"  {name}: {openapi.quote(f'string, required — {MARKER} what {name} identifies.')}")
    content = "\n".join(lines)
    spec, problems = apispec.parse_request(f"{method} {url}", content, line=1, content_line=2)
    problems += apispec.check_request(spec)
    if problems:
        raise Refusal("the method cannot be written as given: " + "; ".join(p.message for p in problems))
    return f"```{{api-request}} {spec.method} {url}\n{content}\n```".replace("\n\n```", "\n```")


METHOD_COMMENTS = {
    "intro_comment": "% Write: what the method does and when to use it, as prose. Put notes and limits in\n"
                     "% admonitions (```{note}). Check the request block below: give each path parameter its type\n"
                     "% and meaning, and add the headers, query parameters, body and example the facts give.",
    "response_comment": "% Write: the response: its elements, an example and the status codes, as the facts give\n"
                        "% them; say in `note:` what the facts do not cover.",
}
OPENAPI_COMMENTS = {
    "intro_comment": "% Write: what the method does and when to use it, as prose. Put notes and limits in\n"
                     "% admonitions (```{note}). The blocks below are filled from the OpenAPI document: fix the\n"
                     "% spec, or add a key to a block (e.g. `note:`) to replace what the spec gives for it.",
    "response_comment": "% Write: a sentence on the response, if the reader needs one before the tables.",
}

RESPONSE_BLOCK = ("```{api-response}\n"
                  f"note: \"{MARKER} the response of this method, as the facts give it.\"\n"
                  "```")


def new_method(project: Project, document: str, title: str | None = None, method: str | None = None,
               url: str | None = None, *, slug: str | None = None, order: int | None = None,
               service: str | None = None, summary: str | None = None, spec_ref: str | None = None) -> list[Path]:
    """A method page in ``<document>/methods/`` (and methods/index.md if the folder is new): from METHOD
    and URL, or filled from an OpenAPI spec. Returns the files written, the method page first."""
    _section, folder = project.document(document)
    methods = folder / "methods"
    if spec_ref:
        request, response, title, summary = _from_openapi(spec_ref, folder, methods, title, summary, method, url)
    else:
        if not method or not url:
            raise Refusal("give the method's HTTP method and URL, e.g. GET \"https://{domain}/api/account/"
                          "{accountId}/...\" (or --openapi FILE#OPERATION)")
        request, response = request_block(method, url, service), RESPONSE_BLOCK
    title = " ".join((title or "").split())
    if not title:
        raise Refusal("give the method page's title, e.g. \"Get all agent groups\"")
    slug = slug or taxonomy.slugify(title)
    if not taxonomy.SLUG_RE.match(slug) or slug == "index":
        raise Refusal(f"{slug!r} is not a valid page name (lowercase letters, digits and hyphens; not index)")
    summary = " ".join((summary or "").split()) or f"{MARKER} one sentence saying what the method does."
    comments = OPENAPI_COMMENTS if spec_ref else METHOD_COMMENTS
    text = render("method.md", title=title, summary=yaml_value(summary),
                  order=order if order is not None else next_order(methods),
                  request_block=request, response_block=response, **comments)
    path = methods / f"{slug}.md"
    files = {path: text}
    if not (methods / "index.md").exists() and not any(methods.glob("*.md")):
        # the first method of a document made without the scaffold: its methods overview too
        files[methods / "index.md"] = render("methods-index.md", title=_document_title(folder),
                                             document=f"{folder.parent.name}/{folder.name}")
    return write_new(files)


def _document_title(folder: Path) -> str:
    text = (folder / "index.md").read_text(encoding="utf-8")
    match = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else taxonomy.title_from_slug(folder.name)


def _from_openapi(spec_ref: str, folder: Path, methods: Path, title: str | None, summary: str | None,
                  method: str | None, url: str | None):
    """Blocks that name the operation (``:openapi:``); the title and summary from the operation."""
    file, operation_ref = openapi.split_reference(spec_ref)
    if not file or not operation_ref:
        raise Refusal(f"--openapi needs FILE#OPERATION (e.g. openapi.yaml#getAllUsers), not {spec_ref!r}")
    candidates = [Path(file), folder / file]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise Refusal(f"no OpenAPI file {file!r} (looked in {', '.join(display(p) for p in candidates)})")
    spec = openapi.load(str(path), display(path))
    if not spec.ok:
        raise Refusal("; ".join(p.message for p in spec.problems))
    operation, reason = openapi.find_operation(spec, operation_ref)
    if operation is None:
        raise Refusal(reason)
    if method or url:
        raise Refusal("with --openapi, the HTTP method and URL come from the spec; leave them out")
    data = spec.get(operation.pointer)[1]
    reference = f"{Path(os.path.relpath(path.resolve(), methods.resolve())).as_posix()}#{operation_ref}"
    option = f":openapi: {reference}"
    title = title or str(data.get("summary") or "").strip() or operation.id
    summary = summary or _first_sentence(str(data.get("description") or ""))
    return (f"```{{api-request}}\n{option}\n```", f"```{{api-response}}\n{option}\n```", title, summary)


# ---------------------------------------------------------------------------------------------
# a whole spec


def import_openapi(project: Project, section: str, spec_file: str, *, title: str | None = None,
                   slug: str | None = None) -> list[Path]:
    """A document made from a whole OpenAPI 3 spec: the spec copied into the folder, an Overview from
    ``info`` (callbacks and webhooks listed), a methods overview grouped by tag, and one method page per
    operation filled from the spec (``:openapi:``). Returns the files written, the overview first."""
    path = Path(spec_file)
    if not path.is_file():
        raise Refusal(f"no OpenAPI file {spec_file!r}")
    spec = openapi.load(str(path), display(path))
    if not spec.ok:
        raise Refusal("; ".join(p.message for p in spec.problems))
    info = spec.data.get("info") if isinstance(spec.data.get("info"), dict) else {}
    title = " ".join((title or str(info.get("title") or "")).split()) or taxonomy.title_from_slug(path.stem)
    sec = project.section(section)
    slug = slug or slugify(title)
    if not taxonomy.SLUG_RE.match(slug):
        raise Refusal(f"{slug!r} is not a valid folder name (lowercase letters, digits and hyphens)")
    folder = project.docs / sec.slug / slug
    if folder.exists():
        raise Refusal(f"refusing to overwrite {display(folder)}: the document exists; nothing was written")
    spec_name = "openapi" + (path.suffix.lower() if path.suffix.lower() in (".json", ".yml") else ".yaml")
    ops = openapi.operations(spec)
    ids = [op.id for op in ops if op.id]
    pages: list[tuple[str, str, openapi.Operation, str]] = []  # (tag, slug, operation, title)
    used: set[str] = {"index"}
    for op in ops:
        data = spec.get(op.pointer)[1]
        page_title = " ".join(str(data.get("summary") or "").split()) or op.id or f"{op.method} {op.path}"
        page_slug = base = slugify(page_title) or "method"
        n = 1
        while page_slug in used:
            n += 1
            page_slug = f"{base}-{n}"
        used.add(page_slug)
        tags = data.get("tags") if isinstance(data.get("tags"), list) else []
        pages.append((str(tags[0]) if tags else "", page_slug, op, page_title))
    tag_order = [str(t.get("name")) for t in spec.data.get("tags") or [] if isinstance(t, dict)]
    pages.sort(key=lambda p: (tag_order.index(p[0]) if p[0] in tag_order else len(tag_order), bool(not p[0])))
    files: dict[Path, str] = {folder / "index.md": _overview(spec, info, title, ops)}
    files[folder / "methods" / "index.md"] = _methods_overview(spec, title, pages)
    for order, (_tag, page_slug, op, page_title) in enumerate(pages, 1):
        data = spec.get(op.pointer)[1]
        ref = op.id if op.id and ids.count(op.id) == 1 else op.pointer
        option = f":openapi: ../{spec_name}#{ref}"
        summary = _first_sentence(str(data.get("description") or "")) or page_title.rstrip(".") + "."
        description = " ".join(str(data.get("description") or "").split())
        files[folder / "methods" / f"{page_slug}.md"] = render(
            "method.md", title=_md_title(page_title), summary=yaml_value(summary), order=order * ORDER_STEP,
            intro_comment=_md_text(description) if description else f"{op.method} `{op.path}`.",
            request_block=f"```{{api-request}}\n{option}\n```", response_comment="",
            response_block=f"```{{api-response}}\n{option}\n```").replace("\n\n\n", "\n\n")
    written = write_new(files)
    (folder / spec_name).write_bytes(path.read_bytes())
    return written + [folder / spec_name]


def _md_title(text: str) -> str:
    return text.replace("`", "").replace("*", "")


def _md_text(text: str) -> str:
    """Spec prose on a page: headings demoted below the page title, MyST roles and directives left inert."""
    lines = []
    for line in text.splitlines():
        if re.match(r"^#{1,5}\s", line):
            line = "##" + line.lstrip("#") if not line.startswith("##") else "#" + line
        lines.append(line.replace("{", "\\{") if re.match(r"^\s*(```|:::)\s*\{", line) else line)
    return "\n".join(lines).strip()


def _overview(spec, info: dict, title: str, ops) -> str:
    description = str(info.get("description") or "").strip()
    summary = _first_sentence(" ".join(description.split())) or f"The {title}, version {info.get('version', '')}."
    body = [f"# {_md_title(title)}", ""]
    if description:
        body += [_md_text(description), ""]
    if info.get("version"):
        body += [f"Version {info['version']} of the API.", ""]
    events = []
    for op in ops:
        for name, callback in (spec.get(op.pointer)[1].get("callbacks") or {}).items():
            callback = spec.deref(callback, "")[0]
            for expression, item in (callback or {}).items():
                for method in (item or {}) if isinstance(item, dict) else []:
                    if method in openapi.HTTP_METHODS:
                        events.append(f"- `{name}` (after {op.method} `{op.path}`): {method.upper()} `{expression}`")
    for name, item in (spec.data.get("webhooks") or {}).items():
        item = spec.deref(item, "")[0]
        for method, operation in (item or {}).items() if isinstance(item, dict) else []:
            if method in openapi.HTTP_METHODS and isinstance(operation, dict):
                what = " ".join(str(operation.get("summary") or operation.get("description") or "").split())
                events.append(f"- Webhook `{name}`: {method.upper()}" + (f" — {what}" if what else ""))
    if events:
        body += ["## Callbacks and webhooks", "", "Requests the API sends to you:", "", *events, ""]
    return f"---\nsummary: {yaml_value(summary)}\n---\n" + "\n".join(body)


def _methods_overview(spec, title: str, pages) -> str:
    summary = yaml_value(f"The methods of the {_md_title(title)}.")
    body = ["---", f"summary: {summary}", "---", "# Methods", "",
            f"The methods of the {_md_title(title)}" + (", by tag." if any(tag for tag, *_ in pages) else "."), ""]
    described = {str(t.get("name")): " ".join(str(t.get("description") or "").split())
                 for t in spec.data.get("tags") or [] if isinstance(t, dict)}
    current = None
    for tag, page_slug, _op, _title in pages:
        if tag != current and any(t for t, *_ in pages):
            body += [f"## {_md_title(tag) or 'Other methods'}", ""]
            if described.get(tag):
                body += [_md_text(described[tag]), ""]
            current = tag
        body.append(f"- {{api:method}}`{page_slug}`")
    return "\n".join(body) + "\n"


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


# ---------------------------------------------------------------------------------------------
# places still to write


@dataclass(frozen=True)
class Marker:
    path: Path
    line: int
    text: str


def markers(docs: str | Path) -> list[Marker]:
    """Every place still marked ``Write:`` in the Markdown files under *docs*."""
    found = []
    for path in sorted(Path(docs).rglob("*.md")):
        if any(part.startswith((".", "_")) for part in path.relative_to(docs).parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if MARKER_RE.search(line):
                found.append(Marker(path, number, line.strip().lstrip("%").strip()))
    return found
