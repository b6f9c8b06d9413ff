"""The portal's structure: sections -> documents -> (subfolders) -> pages.

Sphinx-free. Sections are declared once (``sections.yaml``); everything below
comes from where Markdown files sit, refined by their front matter. Building a
:class:`Site` never drops a page: problems are reported and the page is still
placed where its folder says.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import yaml

from . import diagnostics as d
from . import frontmatter

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: standard parts of an API document, in reading order; anything else is a "further topic"
PART_RANKS = {"index": 0, "overview": 0, "getting-started": 1, "methods": 2, "appendix": 4}
FURTHER_TOPICS_RANK = 3
PART_TITLES = {"overview": "Overview", "getting-started": "Getting Started", "methods": "Methods",
               "appendix": "Appendix"}

#: indicator value -> the badges it shows
INDICATORS = {"chat": ("Chat",), "messaging": ("Messaging",), "both": ("Chat", "Messaging")}

#: front matter keys that restate membership, and the old site's names for them
CLAIM_KEYS = {"section": "section", "document": "document", "subfolder": "subfolder",
              # the old site's names (devportal.hosting.oldurls lets its pages move unchanged)
              "documentname": "document", "subfoldername": "subfolder"}


def slugify(text: str) -> str:
    """Lowercase words joined by hyphens: ``"Agent Groups API"`` -> ``agent-groups-api``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def badge_classes(label: str) -> list[str]:
    """CSS classes of a text badge ("Chat", "Messaging")."""
    return ["portal-badge", f"portal-badge-{label.lower()}"]


def part_rank(slug: str) -> int:
    return PART_RANKS.get(slug, FURTHER_TOPICS_RANK)


def title_from_slug(slug: str) -> str:
    return PART_TITLES.get(slug) or " ".join(w.capitalize() for w in re.split(r"[-_ ]+", slug) if w)


# ---------------------------------------------------------------------------
# sections


#: who a section is for: readers' sections get a tab and appear in overviews and search; a writers'
#: section (the contributing guide) is built and linked from the footer only
AUDIENCES = ("readers", "writers")


@dataclass(frozen=True)
class Section:
    slug: str
    name: str
    summary: str
    line: int = 0
    audience: str = "readers"

    @property
    def for_readers(self) -> bool:
        return self.audience == "readers"


def load_sections(text: str, path: str) -> tuple[list[Section], list[d.Problem]]:
    """Parse the sections file: a list of ``{slug, name, summary}`` mappings."""
    problems: list[d.Problem] = []
    try:
        root = frontmatter.compose(text)
    except yaml.YAMLError as exc:
        at = frontmatter.error_line(exc, text)  # an error at the very end is put on the last line
        what = "is not read" if isinstance(exc, frontmatter.InputLimit) else "is not valid YAML"
        problems.append(d.Problem(frontmatter.subtype(exc, d.SECTIONS_FILE),
                                  f"sections file {what}: {frontmatter.error_reason(exc)}", path=path,
                                  line=at + 1 if at is not None else 1))
        return [], problems
    if root is not None and isinstance(root, yaml.MappingNode):
        # allow a top-level `sections:` key
        for k, v in root.value:
            if k.value == "sections":
                root = v
    if not isinstance(root, yaml.SequenceNode):
        problems.append(d.Problem(d.SECTIONS_FILE, "sections file must be a list of sections", path=path, line=1))
        return [], problems
    sections: list[Section] = []
    seen_slugs: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for item in root.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(d.Problem(d.SECTIONS_FILE, "each section must be a mapping with slug, name and summary",
                                      path=path, line=line))
            continue
        values = {k.value: v.value if isinstance(v, yaml.ScalarNode) else None for k, v in item.value
                  if isinstance(k, yaml.ScalarNode)}
        name = str(values.get("name") or "").strip()
        slug = str(values.get("slug") or "").strip()
        summary = str(values.get("summary") or "").strip()
        if not name or not slug:
            problems.append(d.Problem(d.SECTIONS_FILE, "a section needs both `name` and `slug`", path=path, line=line))
            continue
        if not SLUG_RE.match(slug):
            problems.append(d.Problem(d.INVALID_SLUG, f"section {name!r} has invalid slug {slug!r} "
                                      "(use lowercase letters, digits and hyphens)", path=path, line=line))
            continue
        if slug in seen_slugs or name.lower() in seen_names:
            first = seen_slugs.get(slug) or seen_names.get(name.lower())
            problems.append(d.Problem(d.DUPLICATE_SECTION, f"section {name!r} ({slug}) is declared twice "
                                      f"(first at line {first})", path=path, line=line))
            continue
        if not summary:
            problems.append(d.Problem(d.SECTIONS_FILE, f"section {name!r} has no summary", path=path, line=line))
        audience = str(values.get("audience") or "readers").strip()
        if audience not in AUDIENCES:
            problems.append(d.Problem(d.SECTIONS_FILE, f"section {name!r} has audience {audience!r}; use "
                                      + " or ".join(AUDIENCES), path=path, line=line))
            audience = "readers"
        seen_slugs[slug] = line
        seen_names[name.lower()] = line
        sections.append(Section(slug, name, summary, line, audience))
    return sections, problems


# ---------------------------------------------------------------------------
# what one page says about itself


@dataclass
class PageInfo:
    """Everything the taxonomy needs from one page; stored per docname."""

    docname: str
    title: str = ""
    summary: str = ""
    order: float | None = None
    indicator: str | None = None
    orphan: bool = False
    claims: dict[str, str] = field(default_factory=dict)  # section/document/subfolder -> claimed value
    lines: dict[str, int] = field(default_factory=dict)  # front matter key -> line


def page_info_from_front_matter(docname: str, data: dict, lines: dict[str, int]) -> tuple[PageInfo, list[d.Problem]]:
    """Validate the taxonomy-relevant front matter of one page."""
    info = PageInfo(docname=docname, lines=dict(lines))
    problems: list[d.Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(d.Problem(d.BAD_VALUE, message, docname, line=lines.get(key, 1)))

    if "order" in data:
        value = data["order"]
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            bad("order", f"`order` must be a number, not {value!r}")
        else:
            try:
                info.order = float(value)
            except (ValueError, OverflowError):  # OverflowError: an integer of hundreds of digits
                bad("order", f"`order` must be a number, not {_short(value)}")
            else:
                if not math.isfinite(info.order):  # `.inf`, `nan`: no place among siblings
                    info.order = None
                    bad("order", f"`order` must be a number, not {_short(value)}")
    if "indicator" in data:
        value = str(data["indicator"]).strip().lower()
        if value in INDICATORS:
            info.indicator = value
        else:
            bad("indicator", f"unknown indicator {_short(data['indicator'])} (use chat, messaging or both)")
    if "summary" in data:
        if isinstance(data["summary"], str):
            info.summary = " ".join(data["summary"].split())
        else:
            bad("summary", "`summary` must be one sentence of text")
    if "title" in data and isinstance(data["title"], str):
        info.title = data["title"].strip()
    info.orphan = "orphan" in data and data["orphan"] not in (False, "false", "no")
    for key, claim in CLAIM_KEYS.items():
        if key in data and data[key] is not None:
            info.claims[claim] = str(data[key]).strip()
            if key != claim:
                info.lines.setdefault(claim, lines.get(key, 1))
    return info, problems


def _short(value, limit: int = 60) -> str:
    """A value as messages quote it: its repr, cut short (a pasted blob must not fill the terminal)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------
# the built site


@dataclass
class Page:
    docname: str
    title: str
    summary: str = ""
    indicator: str | None = None
    order: float | None = None


@dataclass
class Subfolder:
    slug: str
    title: str
    pages: list[Page] = field(default_factory=list)

    @property
    def index(self) -> str | None:
        """Docname of the subfolder's own index.md, if it has one."""
        return next((p.docname for p in self.pages if split_docname(p.docname)[-1] == "index"), None)

    @property
    def rank(self) -> int:
        return part_rank(self.slug)


@dataclass
class Document:
    section: str  # section slug
    slug: str
    title: str
    summary: str = ""
    indicator: str | None = None
    order: float | None = None
    overview: str | None = None  # docname of index.md, None when missing
    items: list[Page | Subfolder] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.section}/{self.slug}"

    @property
    def link(self) -> str:
        """The docname a link to the document goes to."""
        return self.overview or next(iter(self.pages()), Page("", "")).docname

    def pages(self):
        if self.overview:
            yield from (i for i in self.items if isinstance(i, Page) and i.docname == self.overview)
        for item in self.items:
            if isinstance(item, Subfolder):
                yield from item.pages
            elif item.docname != self.overview:
                yield item


@dataclass
class SectionNode:
    section: Section
    documents: list[Document] = field(default_factory=list)


@dataclass(frozen=True)
class Location:
    section: str
    document: str | None = None  # document key "section/slug"
    subfolder: str | None = None


@dataclass
class Site:
    sections: list[SectionNode]
    locations: dict[str, Location]  # docname -> where it sits
    documents: dict[str, Document]  # key -> document
    order: list[str]  # every placed docname, in reading order
    problems: list[d.Problem]

    def section(self, slug: str) -> SectionNode | None:
        return next((s for s in self.sections if s.section.slug == slug), None)


def _sort_key(order: float | None, title: str):
    return (0 if order is not None else 1, order or 0, title.lower())


def split_docname(docname: str) -> list[str]:
    return docname.split("/")


def build_site(sections: list[Section], pages: dict[str, PageInfo], root_doc: str = "index",
               ignore: frozenset[str] = frozenset()) -> Site:
    """Place every page; report problems; never drop a page that is inside a section."""
    problems: list[d.Problem] = []
    by_slug = {s.slug: SectionNode(s) for s in sections}
    documents: dict[str, Document] = {}
    locations: dict[str, Location] = {}
    doc_pages: dict[str, list[PageInfo]] = {}
    loose: dict[str, list[PageInfo]] = {}  # section slug -> pages directly in the section folder

    for docname in sorted(pages):
        info = pages[docname]
        parts = split_docname(docname)
        if docname == root_doc or docname in ignore:
            continue
        if parts[0] not in by_slug or len(parts) < 2:  # `admin.md` beside the admin/ folder is not inside it
            if not info.orphan:
                problems.append(d.Problem(d.OUTSIDE_SECTION, f"page {docname!r} is outside every section; move it into "
                                          "a section folder or mark it `orphan: true`", docname, line=1))
            continue
        if len(parts) == 2:
            loose.setdefault(parts[0], []).append(info)
            continue
        doc_pages.setdefault(f"{parts[0]}/{parts[1]}", []).append(info)

    for key in sorted(doc_pages):
        section_slug, slug = key.split("/", 1)
        infos = doc_pages[key]
        overview = next((i for i in infos if i.docname == f"{key}/index"), None)
        doc = Document(section=section_slug, slug=slug, title=title_from_slug(slug))
        if overview is not None:
            doc.overview = overview.docname
            doc.title = overview.title or doc.title
            doc.summary = overview.summary
            doc.indicator = overview.indicator
            doc.order = overview.order
            if not overview.summary:
                problems.append(d.Problem(d.MISSING_SUMMARY, f"document {doc.title!r} has no `summary` in its "
                                          "overview front matter", overview.docname, line=1))
        else:
            first = min(infos, key=lambda i: i.docname)
            problems.append(d.Problem(d.MISSING_OVERVIEW, f"document folder {key!r} has no index.md overview page",
                                      first.docname, line=1))
        documents[key] = doc
        by_slug[section_slug].documents.append(doc)

    # pages loose in a section folder: keep them, in a pseudo-document, and say so
    for section_slug, infos in sorted(loose.items()):
        for info in infos:
            problems.append(d.Problem(d.OUTSIDE_SECTION, f"page {info.docname!r} is not inside a document folder of "
                                      f"section {section_slug!r}", info.docname, line=1))
        key = f"{section_slug}/"
        doc = Document(section=section_slug, slug="", title="Other pages")
        documents[key] = doc
        by_slug[section_slug].documents.append(doc)
        doc_pages[key] = infos

    # fill documents
    for key, doc in documents.items():
        root_pages: list[Page] = []
        subfolders: dict[str, Subfolder] = {}
        # every subfolder of the document, known before its pages are placed: a claim may name a later one
        known = {split_docname(info.docname)[2] for info in doc_pages[key] if len(split_docname(info.docname)) > 3}
        for info in doc_pages[key]:
            parts = split_docname(info.docname)
            page = Page(info.docname, info.title or title_from_slug(parts[-1]), info.summary, info.indicator,
                        info.order)
            if not info.title:
                problems.append(d.Problem(d.NO_TITLE, f"page {info.docname!r} has no title", info.docname, line=1))
            if len(parts) <= 3:
                root_pages.append(page)
                subfolder = None
            else:
                sub = subfolders.setdefault(parts[2], Subfolder(parts[2], title_from_slug(parts[2])))
                sub.pages.append(page)
                subfolder = parts[2]
            locations[info.docname] = Location(doc.section, key, subfolder)
            _check_claims(info, doc, subfolder, known, documents, by_slug, problems)

        items: list[tuple] = [((_root_rank(p, doc),) + _sort_key(p.order, p.title), p) for p in root_pages]
        for sub in subfolders.values():
            # a subfolder's index.md introduces it, so it comes first
            sub.pages.sort(key=lambda p: (split_docname(p.docname)[-1] != "index",) + _sort_key(p.order, p.title))
            _check_duplicate_orders(sub.pages, f"{key}/{sub.slug}", pages, problems)
            items.append(((sub.rank,) + _sort_key(None, sub.title), sub))
        items.sort(key=lambda t: t[0])
        doc.items = [item for _, item in items]
        _check_duplicate_orders([p for p in root_pages if p.docname != doc.overview], key, pages, problems)

    order: list[str] = []
    for node in by_slug.values():
        node.documents.sort(key=lambda doc: (doc.slug == "",) + _sort_key(doc.order, doc.title))
        overviews = [Page(doc.overview, doc.title, order=doc.order) for doc in node.documents if doc.overview]
        _check_duplicate_orders(overviews, node.section.slug, pages, problems)
        for doc in node.documents:
            order.extend(p.docname for p in doc.pages())
    return Site([by_slug[s.slug] for s in sections], locations, documents, order, problems)


def _root_rank(page: Page, doc: Document) -> int:
    """The overview first, then the standard parts in their order."""
    return -1 if page.docname == doc.overview else part_rank(split_docname(page.docname)[-1])


def _check_duplicate_orders(items: list[Page], where: str, pages: dict[str, PageInfo], problems: list[d.Problem]):
    seen: dict[float, str] = {}
    for page in items:
        if page.order is None:
            continue
        if page.order in seen:
            order = int(page.order) if page.order.is_integer() else page.order
            problems.append(d.Problem(d.DUPLICATE_ORDER, f"`order: {order}` is used by both {seen[page.order]!r} and "
                                      f"{page.docname!r} in {where!r}", page.docname,
                                      line=pages[page.docname].lines.get("order", 1) if page.docname in pages else 1))
        else:
            seen[page.order] = page.docname


def _check_claims(info: PageInfo, doc: Document, subfolder: str | None, subfolders: set[str],
                  documents: dict[str, Document], by_slug: dict[str, SectionNode], problems: list[d.Problem]) -> None:
    """Front matter may restate membership; it must then agree with the folder."""

    def problem(subtype: str, key: str, message: str) -> None:
        problems.append(d.Problem(subtype, message, info.docname, line=info.lines.get(key, 1)))

    claimed = info.claims.get("section")
    if claimed is not None:
        match = next((n for n in by_slug.values()
                      if slugify(claimed) in (n.section.slug, slugify(n.section.name))), None)
        if match is None:
            problem(d.UNKNOWN_SECTION, "section", f"unknown section {claimed!r} in front matter "
                    f"(known: {', '.join(by_slug)})")
        elif match.section.slug != doc.section:
            problem(d.FOLDER_MISMATCH, "section", f"front matter says section {claimed!r} but the page is in "
                    f"folder {doc.section!r}")
    claimed = info.claims.get("document")
    if claimed is not None:
        wanted = slugify(claimed)

        def is_doc(other: Document) -> bool:
            return wanted in (other.slug, slugify(other.title))

        if not is_doc(doc):
            if any(is_doc(other) for other in documents.values()):
                problem(d.FOLDER_MISMATCH, "document", f"front matter says document {claimed!r} but the page is in "
                        f"document folder {doc.key!r}")
            else:
                problem(d.UNKNOWN_DOCUMENT, "document", f"unknown document {claimed!r} in front matter")
    claimed = info.claims.get("subfolder")
    if claimed is not None:
        norm = slugify(claimed)
        if norm != (subfolder or ""):
            if norm in subfolders or norm in PART_TITLES:
                problem(d.FOLDER_MISMATCH, "subfolder", f"front matter says subfolder {claimed!r} but the page is "
                        f"in {subfolder or 'the document folder itself'!r}")
            else:
                problem(d.UNKNOWN_SUBFOLDER, "subfolder", f"unknown subfolder {claimed!r} in front matter")
