"""Pages and lists generated from the taxonomy.

- a landing page per section (its summary and a card per document), written
  by the HTML builder itself, so a section needs no file of its own;
- "In this document": the list of a document's pages, appended to its overview;
- ``{portal-overview}``: every section with its summary and documents, so the
  landing page's "find the right document" list never drifts from the content.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..build import incremental
from ..build.builders import is_website
from ..build.incremental import add_dependency, changed_pages, fingerprint, site_nav
from ..build.nodes import indicator_badges, page_xref
from ..build.pagedata import PerPageCollector
from ..cards.directives import card_grid, make_card
from ..core.navrender import section_page
from ..core.taxonomy import Page

CONTENTS_ID = "in-this-document"


class portal_overview(nodes.General, nodes.Element):
    """Placeholder for the generated overview of sections and documents."""


class PortalOverview(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        add_dependency(self.env, ("site",))
        node = portal_overview()
        self.set_source_info(node)
        return [node]


class portal_documents(nodes.General, nodes.Element):
    """Placeholder for the generated list of documents that have one part."""


#: the parts ``{portal-documents}`` can select, and how a document has them
PARTS = ("getting-started", "methods", "appendix")


class DocumentsCollector(PerPageCollector[bool]):
    """The pages that show a ``{portal-documents}`` list."""

    attrs = ("portal_documents_pages",)


class PortalDocuments(SphinxDirective):
    """``{portal-documents}`` ``:part: getting-started``: every document with that part, by section."""

    has_content = False
    option_spec = {"part": lambda value: directives.choice(value, PARTS)}

    def run(self) -> list[nodes.Node]:
        add_dependency(self.env, ("site",))
        DocumentsCollector.of(self.env)[self.env.docname] = True  # see refresh_document_lists
        node = portal_documents(part=self.options.get("part", "getting-started"))
        self.set_source_info(node)
        return [node]


def has_part(doc, part: str) -> str | None:
    """The docname of *doc*'s *part* (a page, or a subfolder's first page); None if it has none."""
    for item in doc.items:
        if isinstance(item, Page):
            if item.docname.rsplit("/", 1)[-1] == part:
                return item.docname
        elif item.slug == part and item.pages:
            return item.index or item.pages[0].docname
    return None


def refresh_document_lists(app: Sphinx, env, nav) -> list[str]:
    """``portal-site-built``: a document gained or lost a part (a new getting-started.md): rewrite the pages
    listing documents by part.

    The ``site`` dependency covers documents and their titles, not the pages inside them, so the parts of
    every document make a signature of their own for the pages that list them.
    """
    if nav is None:
        return []
    parts = fingerprint([(doc.key, doc.title, [has_part(doc, part) for part in PARTS])
                         for node in nav.site.sections for doc in node.documents])
    listing = {name: parts for name in DocumentsCollector.of(env) if name in env.found_docs}
    return changed_pages(env, "document-parts", listing)


def documents_with(builder, fromdoc: str, site, part: str) -> nodes.Node:
    """A list of the documents that have *part*, each linked to that part, with its section."""
    items = nodes.bullet_list(classes=["portal-documents"])
    for node in site.sections:
        for doc in node.documents:
            target = has_part(doc, part) if doc.link else None
            if target:
                para = nodes.paragraph()
                para += _link(builder, fromdoc, target, doc.title)
                para += nodes.Text(f" — {node.section.name}")
                items += nodes.list_item("", para)
    return items if items.children else nodes.paragraph("", "No document has this part yet.")


def _link(builder, fromdoc: str, todoc: str, text: str) -> nodes.Node:
    """A link to a page, resolved by Sphinx like ``{doc}``: plain text where the builder has no address for it."""
    if todoc not in builder.env.all_docs:  # a generated page (a section's landing page): websites only
        uri = builder.get_relative_uri(fromdoc, todoc) if is_website(builder) else None
        return nodes.reference(text, text, refuri=uri, internal=True) if uri else nodes.inline(text, text)
    return page_xref(fromdoc, "/" + todoc, nodes.inline(text, text))


def _entry(builder, fromdoc: str, page_or_doc, summary: str, target: str) -> nodes.list_item:
    para = nodes.paragraph()
    para += _link(builder, fromdoc, target, page_or_doc.title)
    para.extend(indicator_badges(page_or_doc.indicator))
    if summary:
        para += nodes.Text(f" — {summary}")
    return nodes.list_item("", para)


def overview_list(builder, fromdoc: str, site) -> nodes.Node:
    """Every section, its summary and its documents."""
    outer = nodes.bullet_list(classes=["portal-overview"])
    for node in site.sections:
        if not node.section.for_readers:
            continue
        para = nodes.paragraph()
        strong = nodes.strong()
        strong += _link(builder, fromdoc, section_page(node.section.slug), node.section.name)
        para += strong
        para += nodes.Text(f" — {node.section.summary}")
        item = nodes.list_item("", para)
        docs = nodes.bullet_list()
        for doc in node.documents:
            if doc.link:
                docs += _entry(builder, fromdoc, doc, doc.summary, doc.link)
        if docs.children:
            item += docs
        outer += item
    return outer


def contents_section(builder, docname: str, doc) -> nodes.section:
    """The "In this document" list appended to a document's overview page."""
    section = nodes.section(ids=[CONTENTS_ID], classes=["portal-document-contents"])
    section += nodes.title("In this document", "In this document")
    items = nodes.bullet_list()
    for item in doc.items:
        if isinstance(item, Page):
            if item.docname != doc.overview:
                items += _entry(builder, docname, item, item.summary, item.docname)
            continue
        entry = nodes.list_item("", nodes.paragraph(item.title, item.title))
        pages = nodes.bullet_list()
        for page in item.pages:
            pages += _entry(builder, docname, page, page.summary, page.docname)
        entry += pages
        items += entry
    section += items
    return section


class ResolveGenerated(SphinxPostTransform):
    """Fill the overview and document-list placeholders and append "In this document" lists.

    A post-transform, not ``doctree-resolved``: its links are ``pending_xref`` nodes, which Sphinx's
    reference resolver (priority 10) turns into links each builder can write (or text where it has none).
    """

    default_priority = 6

    def run(self, **kwargs) -> None:
        # The builder, as Sphinx's own ReferencesResolver reaches it (no public accessor in a post-transform;
        # checked against Sphinx 9.0, see tests/test_upstream.py).
        builder = self.env._app.builder
        resolve_generated(builder, self.document, self.env.docname)


def resolve_generated(builder, doctree: nodes.document, docname: str) -> None:
    nav = site_nav(builder.env)
    for placeholder in list(doctree.findall(portal_overview)):
        if nav is None:
            placeholder.replace_self([])
        else:
            placeholder.replace_self(overview_list(builder, docname, nav.site))
    for listing in list(doctree.findall(portal_documents)):
        if nav is None:
            listing.replace_self([])
        else:
            listing.replace_self(documents_with(builder, docname, nav.site, listing["part"]))
    if nav is None:
        return
    loc = nav.site.locations.get(docname)
    if loc is None or loc.document is None:
        return
    doc = nav.site.documents[loc.document]
    if doc.overview != docname or not any(True for _ in doc.pages() if _.docname != docname):
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    (top if top is not None else doctree).append(contents_section(builder, docname, doc))


def declare_overview_dependency(app: Sphinx, doctree: nodes.document) -> None:
    """A document overview lists the document's pages: refresh it when they change."""
    parts = app.env.docname.split("/")
    if len(parts) == 3 and parts[2] == "index":
        add_dependency(app.env, ("document", f"{parts[0]}/{parts[1]}"))


def section_landing_pages(app: Sphinx):
    """One generated landing page per section: its summary and a card per document."""
    nav = site_nav(app.env)
    builder = app.builder
    if nav is None or not is_website(builder):
        return  # books hold each section as a part of their own (devportal.books)
    for node in nav.site.sections:
        pagename = section_page(node.section.slug)
        if pagename in app.env.all_docs:
            continue  # an author-written page takes precedence
        cards = [make_card(doc.title, doc.summary, builder.get_relative_uri(pagename, doc.link), doc.indicator)
                 for doc in node.documents if doc.link]
        body = nodes.container(classes=["portal-section-landing"])
        body += nodes.paragraph(node.section.summary, node.section.summary, classes=["lead"])
        if cards:
            body += card_grid(cards)
        else:
            body += nodes.paragraph("", "This section has no documents yet.")
        html = builder.render_partial(body)["fragment"]  # type: ignore[attr-defined]  # is_website: an HTML builder
        title = node.section.name
        yield pagename, {"title": title, "body": f"<section><h1>{escape(title)}</h1>{html}</section>",
                         "display_toc": False, "toc": "", "meta": {}, "sourcename": ""}, "page.html"


def setup_landing(app: Sphinx) -> None:
    app.setup_extension("devportal.cards")
    app.add_node(portal_overview)
    app.add_directive("portal-overview", PortalOverview)
    app.add_node(portal_documents)
    app.add_directive("portal-documents", PortalDocuments)
    app.add_env_collector(DocumentsCollector)
    app.connect(incremental.EVENT_SITE_BUILT, refresh_document_lists)
    app.add_post_transform(ResolveGenerated)
    app.connect("doctree-read", declare_overview_dependency)
    app.connect("html-collect-pages", section_landing_pages)
