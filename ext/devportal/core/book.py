"""The portal as a book: its outline, from the taxonomy.

Sphinx-free. A book (PDF, EPUB) follows a tree of pages; the portal's tree is
its taxonomy, so the outline is read from the :class:`~devportal.core.taxonomy.Site`:

- the root page opens the book, then one **part** per section (its name and
  summary, generated: a section has no page of its own);
- in each part, its **documents** in the navigation's order, each led by its
  overview;
- under each overview, the document's pages in reading order (the standard
  parts: overview, getting started, methods, further topics, appendix); a
  subfolder with an ``index`` page holds its other pages under that page;
- last, pages placed in no section (``orphan: true``) so the book still holds
  every page.

:func:`outline` maps each page that leads others to the pages it leads (a toctree each);
the root page's entry is the list of parts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .taxonomy import Page, Site, Subfolder

#: the root's part holding the pages placed in no section
OTHER_PAGES = "Other pages"


@dataclass(frozen=True)
class Part:
    """A section as a book shows it: a heading, its summary, and its documents (their leading pages)."""

    slug: str
    name: str
    summary: str
    documents: tuple[tuple[str, str], ...]  # (docname, title) of each document's leading page


def outline(site: Site, root_doc: str, all_docs: Iterable[str]) -> dict[str, tuple]:
    """``{root_doc: (Part, ...), leading page: (docname, ...)}`` for every page that leads others."""
    parts: list[Part] = []
    leads: dict[str, tuple] = {}
    for node in site.sections:
        documents = []
        for doc in node.documents:
            pages = list(doc.pages())
            if not pages:
                continue
            lead = pages[0].docname  # the overview (doc.pages() yields it first), else the first page
            documents.append((lead, doc.title))
            entries: list[str] = []
            for item in doc.items:
                if isinstance(item, Page):
                    if item.docname != lead:
                        entries.append(item.docname)
                    continue
                entries.extend(_subfolder(item, leads, lead))
            if entries:
                leads[lead] = tuple(entries)
        parts.append(Part(node.section.slug, node.section.name, node.section.summary, tuple(documents)))
    placed = set(site.order) | {root_doc}
    rest = sorted(name for name in all_docs if name not in placed)
    if rest:
        parts.append(Part("", OTHER_PAGES, "", tuple((name, "") for name in rest)))
    leads[root_doc] = tuple(parts)
    return leads


def _subfolder(sub: Subfolder, leads: dict[str, tuple], lead: str) -> list[str]:
    index = sub.index
    if index is None or index == lead:
        return [p.docname for p in sub.pages if p.docname != lead]
    rest = tuple(p.docname for p in sub.pages if p.docname != index)
    if rest:
        leads[index] = rest
    return [index]


def reading_order(book: dict[str, tuple], root_doc: str) -> list[str]:
    """Every page of the book in the order a reader meets it (root first)."""
    order: list[str] = []

    def walk(docname: str) -> None:
        order.append(docname)
        for child in book.get(docname, ()):
            walk(child)

    order.append(root_doc)
    for part in book.get(root_doc, ()):
        for docname, _title in part.documents:
            walk(docname)
    return order
