"""Render the portal's navigation (tabs, sidebar, breadcrumbs) as HTML.

Sphinx-free. Whatever many pages share is rendered once per build when a
:class:`SiteNav` is made; a page then only joins precomputed pieces and renders
its own document's branch, so the HTML on a page does not grow with the portal.
Links are written relative to the site root behind :data:`ROOT`, which each
page replaces with its own path to the root.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from .fingerprint import fingerprint
from .taxonomy import INDICATORS, Document, Page, Site, Subfolder, badge_classes

ROOT = "\x00root\x00"
HOME_LABEL = "Portal"


def section_page(slug: str) -> str:
    """Pagename of a section's generated landing page."""
    return f"{slug}/index"


def badges(indicator: str | None) -> str:
    """Text badges for an indicator: real words, not colour alone."""
    if not indicator:
        return ""
    return "".join(f'<span class="{" ".join(badge_classes(label))}">{label}</span>' for label in INDICATORS[indicator])


_TOC_TAGS = re.compile(r'<ul>|</ul>|<li>|<a class="reference internal"')


def page_toc(toc: str, show_level: int = 1) -> str:
    """The "On this page" list, from the ``toc`` HTML Sphinx gives every page.

    The same markup as pydata-sphinx-theme's ``generate_toc_html`` (a test compares
    them), which parses the HTML with BeautifulSoup: that took more time than any
    other part of writing a page in an incremental build. Sphinx writes the list
    itself, so its structural tags are known and are rewritten in one pass: each
    ``<ul>`` and ``<li>`` gets the theme's classes and heading level. A single
    top-level entry is the page title: only its sub-list is kept.
    """
    out: list[str] = []
    depth = top_entries = 0
    inner: list[int] = []  # where the first second-level list starts and ends in `out`
    pos = 0
    for match in _TOC_TAGS.finditer(toc):
        out.append(toc[pos:match.start()])
        pos = match.end()
        tag = match.group()
        if tag == "<ul>":
            depth += 1
            if depth == 2 and not inner:
                inner.append(len(out))
            shown = "pst-show_toc_level " if depth <= show_level + 1 else ""
            out.append(f'<ul class="{shown}nav section-nav flex-column">')
        elif tag == "</ul>":
            out.append(tag)
            if depth == 2 and len(inner) == 1:
                inner.append(len(out))
            depth -= 1
        elif tag == "<li>":
            top_entries += depth == 1
            out.append(f'<li class="toc-h{depth} nav-item toc-entry">')
        else:
            out.append('<a class="reference internal nav-link"')
    out.append(toc[pos:])
    if top_entries == 1:
        return "".join(out[inner[0]:inner[1]]) if len(inner) == 2 else ""
    return "".join(out)


class SiteNav:
    """Navigation HTML for one build of the site."""

    def __init__(self, site: Site, uri: Callable[[str], str], titles: Callable[[str], str] | None = None):
        self.site = site
        self.uri = uri  # docname -> URI relative to the site root
        self._tabs: dict[str | None, str] = {}
        self._doc_items: dict[str, list[str]] = {}  # section slug -> collapsed <li> per document
        self._doc_index: dict[str, int] = {}  # document key -> position in its section
        self._prev_next: dict[str, tuple[str | None, str | None]] = {}
        self._page_titles = {p.docname: p.title for d in site.documents.values() for p in d.pages()}
        self.section_fp: dict[str, str] = {}
        self.document_fp: dict[str, str] = {}
        for node in site.sections:
            slug = node.section.slug
            items = []
            for i, doc in enumerate(node.documents):
                self._doc_index[doc.key] = i
                items.append(self._doc_item(doc))
                self.document_fp[doc.key] = fingerprint(
                    doc.title, doc.link, doc.indicator, doc.summary,
                    [(p.docname, p.title, p.indicator, p.summary) if isinstance(p, Page)
                     else (p.slug, p.title, [(q.docname, q.title, q.indicator, q.summary) for q in p.pages])
                     for p in doc.items])
            self._doc_items[slug] = items
            self.section_fp[slug] = fingerprint(node.section, [(d.key, d.title, d.link, d.indicator, d.summary)
                                                               for d in node.documents])
        self.sections_fp = fingerprint([n.section for n in site.sections])
        self.site_fp = fingerprint(self.sections_fp, sorted(self.section_fp.items()))
        for current in [None, *(n.section.slug for n in site.sections)]:
            self._tabs[current] = self._render_tabs(current)
        self._writers = self._render_writers_links()
        # reading order runs within an audience: a reader's "next" never leads into the writers' guide
        audience = {node.section.slug: node.section.audience for node in site.sections}
        for who in dict.fromkeys(audience.values()):
            order = [name for name in site.order
                     if (loc := site.locations.get(name)) is None or audience.get(loc.section) == who]
            for i, docname in enumerate(order):
                self._prev_next[docname] = (order[i - 1] if i else None,
                                            order[i + 1] if i + 1 < len(order) else None)

    # -- pieces ---------------------------------------------------------------

    def _link(self, docname: str) -> str:
        return ROOT + escape(self.uri(docname))

    def _doc_item(self, doc: Document) -> str:
        return (f'<li class="toctree-l1"><a class="reference internal" href="{self._link(doc.link)}">'
                f"{escape(doc.title)}{badges(doc.indicator)}</a></li>")

    def _render_tabs(self, current: str | None) -> str:
        out = ['<nav class="portal-tabs" aria-label="Sections"><ul class="bd-navbar-elements navbar-nav">']
        for node in self.site.sections:
            if not node.section.for_readers:
                continue  # linked from the footer, not a reader's tab
            slug = node.section.slug
            active = slug == current
            cls = "nav-item current active" if active else "nav-item"
            aria = ' aria-current="true"' if active else ""
            out.append(f'<li class="{cls}"><a class="nav-link nav-internal" href="{self._link(section_page(slug))}"'
                       f"{aria}>{escape(node.section.name)}</a></li>")
        out.append("</ul></nav>")
        return "".join(out)

    def _page_li(self, page: Page, current: str, level: int) -> str:
        here = page.docname == current
        cls = f"toctree-l{level} current active" if here else f"toctree-l{level}"
        aria = ' aria-current="page"' if here else ""
        return (f'<li class="{cls}"><a class="reference internal{" current" if here else ""}" '
                f'href="{self._link(page.docname)}"{aria}>{escape(page.title)}{badges(page.indicator)}</a></li>')

    def _expanded(self, doc: Document, current: str) -> str:
        """The current document's branch: its parts and pages, the current page marked."""
        inner = []
        for item in doc.items:
            if isinstance(item, Page):
                if item.docname != doc.overview:
                    inner.append(self._page_li(item, current, 2))
                continue
            holds = any(p.docname == current for p in item.pages)
            pages = "".join(self._page_li(p, current, 3) for p in item.pages)
            inner.append(
                f'<li class="toctree-l2 has-children{" current" if holds else ""}">'
                f'<details{" open" if holds else ""}><summary class="portal-subfolder">{escape(item.title)}'
                f'<span class="toctree-toggle" role="presentation"><i class="fa-solid fa-chevron-down"></i></span>'
                f'</summary><ul>{pages}</ul></details></li>')
        here = doc.overview == current
        aria = ' aria-current="page"' if here else ""
        return (f'<li class="toctree-l1 current active has-children"><a class="reference internal'
                f'{" current" if here else ""}" href="{self._link(doc.link)}"{aria}>{escape(doc.title)}'
                f'{badges(doc.indicator)}</a><ul class="current">{"".join(inner)}</ul></li>')

    # -- per page -------------------------------------------------------------

    def tabs(self, section: str | None) -> str:
        return self._tabs.get(section, self._tabs[None])

    def writers_links(self) -> str:
        """Sections for writers (``audience: writers``) have no tab: the footer links them."""
        return self._writers

    def _render_writers_links(self) -> str:
        links = [f'<a href="{self._link(section_page(n.section.slug))}">{escape(n.section.name)}</a>'
                 for n in self.site.sections if not n.section.for_readers]
        if not links:
            return ""
        return f'<nav class="portal-writers" aria-label="For writers"><p>{" · ".join(links)}</p></nav>'

    def sidebar(self, pagename: str) -> str:
        loc = self.site.locations.get(pagename)
        section = loc.section if loc else _landing_section(pagename, self.site)
        node = self.site.section(section) if section is not None else None
        if section is None or node is None:
            return ""
        items = list(self._doc_items[section])
        if loc is not None and loc.document is not None:
            doc = self.site.documents[loc.document]
            items[self._doc_index[doc.key]] = self._expanded(doc, pagename)
        heading = (f'<p class="bd-links__title" role="heading" aria-level="1">'
                   f'<a href="{self._link(section_page(section))}">{escape(node.section.name)}</a></p>')
        return (f'<nav class="bd-docs-nav bd-links portal-sidebar" aria-label="{escape(node.section.name)} documents">'
                f'{heading}<div class="bd-toc-item navbar-nav"><ul class="nav bd-sidenav">{"".join(items)}</ul>'
                f"</div></nav>")

    def breadcrumbs(self, pagename: str, title: str, root_doc: str) -> str:
        if pagename == root_doc:
            return ""
        crumbs: list[tuple[str, str | None]] = [(HOME_LABEL, root_doc)]
        loc = self.site.locations.get(pagename)
        section = loc.section if loc else _landing_section(pagename, self.site)
        node = self.site.section(section) if section is not None else None
        if section is not None and node is not None:
            if pagename != section_page(section):
                crumbs.append((node.section.name, section_page(section)))
        if loc is not None and loc.document is not None:
            doc = self.site.documents[loc.document]
            if pagename != doc.overview:
                crumbs.append((doc.title, doc.link))
            if loc.subfolder:
                sub = next(i for i in doc.items if isinstance(i, Subfolder) and i.slug == loc.subfolder)
                if pagename != sub.index:
                    crumbs.append((sub.title, sub.index))
        out = ['<nav aria-label="Breadcrumb" class="d-print-none portal-breadcrumbs"><ul class="bd-breadcrumbs">']
        for i, (label, target) in enumerate(crumbs):
            if i == 0:
                out.append(f'<li class="breadcrumb-item breadcrumb-home"><a href="{self._link(root_doc)}" '
                           f'class="nav-link">{escape(label)}</a></li>')
            elif target is None:
                out.append(f'<li class="breadcrumb-item">{escape(label)}</li>')
            else:
                out.append(f'<li class="breadcrumb-item"><a href="{self._link(target)}" class="nav-link">'
                           f"{escape(label)}</a></li>")
        out.append(f'<li class="breadcrumb-item active" aria-current="page"><span class="ellipsis">{title}</span></li>')
        out.append("</ul></nav>")
        return "".join(out)

    def prev_next(self, pagename: str) -> tuple[str | None, str | None]:
        return self._prev_next.get(pagename, (None, None))

    def title(self, docname: str) -> str:
        return self._page_titles.get(docname, "")

    def current_section(self, pagename: str) -> str | None:
        loc = self.site.locations.get(pagename)
        return loc.section if loc else _landing_section(pagename, self.site)

    # -- what a page's navigation depends on ----------------------------------

    def page_fingerprint(self, docname: str) -> str:
        loc = self.site.locations.get(docname)
        if loc is None:
            return self.sections_fp
        prev, nxt = self.prev_next(docname)
        return fingerprint(self.sections_fp, self.section_fp.get(loc.section),
                           self.document_fp.get(loc.document or ""), prev, self.title(prev or ""), nxt,
                           self.title(nxt or ""))


def _landing_section(pagename: str, site: Site) -> str | None:
    head, _, tail = pagename.partition("/")
    if tail == "index" and site.section(head) is not None:
        return head
    return None
