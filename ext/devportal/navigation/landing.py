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
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..cards.directives import card_grid, make_card
from ..core.navrender import section_page
from ..build.builders import is_website
from ..build.incremental import add_dependency, site_nav
from ..core.taxonomy import INDICATORS, Page

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


def _badges(indicator: str | None) -> list[nodes.Node]:
    if not indicator:
        return []
    return [nodes.inline(label, label, classes=["portal-badge", f"portal-badge-{label.lower()}"])
            for label in INDICATORS[indicator]]


def _link(builder, fromdoc: str, todoc: str, text: str) -> nodes.Node:
    """A link to a page, resolved by Sphinx like ``{doc}``: plain text where the builder has no address for it."""
    if todoc not in builder.env.all_docs:  # a generated page (a section's landing page): websites only
        uri = builder.get_relative_uri(fromdoc, todoc) if is_website(builder) else None
        return nodes.reference(text, text, refuri=uri, internal=True) if uri else nodes.inline(text, text)
    return addnodes.pending_xref("", nodes.inline(text, text), refdomain="std", reftype="doc",
                                 reftarget="/" + todoc, refexplicit=True, refdoc=fromdoc, refwarn=True)


def _entry(builder, fromdoc: str, page_or_doc, summary: str, target: str) -> nodes.list_item:
    para = nodes.paragraph()
    para += _link(builder, fromdoc, target, page_or_doc.title)
    para.extend(_badges(page_or_doc.indicator))
    if summary:
        para += nodes.Text(f" — {summary}")
    return nodes.list_item("", para)


def overview_list(builder, fromdoc: str, site) -> nodes.Node:
    """Every section, its summary and its documents."""
    outer = nodes.bullet_list(classes=["portal-overview"])
    for node in site.sections:
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
    """Fill the overview placeholder and append "In this document" lists."""

    default_priority = 6

    def run(self, **kwargs) -> None:
        nav = site_nav(self.env)
        docname = self.env.docname
        for placeholder in list(self.document.findall(portal_overview)):
            if nav is None:
                placeholder.replace_self([])
            else:
                placeholder.replace_self(overview_list(self.env._app.builder, docname, nav.site))
        if nav is None:
            return
        loc = nav.site.locations.get(docname)
        if loc is None or loc.document is None:
            return
        doc = nav.site.documents[loc.document]
        if doc.overview != docname or not any(True for _ in doc.pages() if _.docname != docname):
            return
        top = next(iter(self.document.findall(nodes.section)), None)
        (top if top is not None else self.document).append(contents_section(self.env._app.builder, docname, doc))


def declare_overview_dependency(app: Sphinx, doctree: nodes.document) -> None:
    """A document overview lists the document's pages: refresh it when they change."""
    parts = app.env.docname.split("/")
    if len(parts) == 3 and parts[2] == "index":
        add_dependency(app.env, ("document", f"{parts[0]}/{parts[1]}"))


def section_landing_pages(app: Sphinx):
    """One generated landing page per section: its summary and a card per document."""
    nav = site_nav(app.env)
    if nav is None or not is_website(app.builder):
        return  # books hold each section as a part of their own (devportal.books)
    builder = app.builder
    for node in nav.site.sections:
        pagename = section_page(node.section.slug)
        if pagename in app.env.all_docs:
            continue  # an author-written page takes precedence
        cards = [make_card(doc.title, doc.summary, builder.get_relative_uri(pagename, doc.link),
                           INDICATORS.get(doc.indicator, ()))
                 for doc in node.documents if doc.link]
        body = nodes.container(classes=["portal-section-landing"])
        body += nodes.paragraph(node.section.summary, node.section.summary, classes=["lead"])
        if cards:
            body += card_grid(cards)
        else:
            body += nodes.paragraph("", "This section has no documents yet.")
        html = builder.render_partial(body)["fragment"]
        title = node.section.name
        yield pagename, {"title": title, "body": f"<section><h1>{escape(title)}</h1>{html}</section>",
                         "display_toc": False, "toc": "", "meta": {}, "sourcename": ""}, "page.html"


def setup_landing(app: Sphinx) -> None:
    app.setup_extension("devportal.cards")
    app.add_node(portal_overview)
    app.add_directive("portal-overview", PortalOverview)
    app.add_post_transform(ResolveGenerated)
    app.connect("doctree-read", declare_overview_dependency)
    app.connect("html-collect-pages", section_landing_pages)
