"""Docutils nodes more than one capability draws: badges, text with code spans, tables, links to pages.

One copy each, so a method badge, an indicator badge or a table looks the same wherever it is drawn
(method pages, cards, landing lists, page titles, the Contributing reference).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from docutils import nodes
from sphinx import addnodes

from ..core.apispec import HTTP_METHODS
from ..core.taxonomy import INDICATORS, badge_classes, slugify

#: ``code`` (reST, as in docstrings) or `code` (Markdown, as writers type it)
CODE_RE = re.compile(r"``(.+?)``(?!`)|`([^`]+)`")


def badge(label: str) -> nodes.inline:
    """One text badge ("Chat"): a real word, never colour alone."""
    return nodes.inline(label, label, classes=badge_classes(label))


def indicator_badges(indicator: str | None) -> list[nodes.inline]:
    """The badges of a page's or document's ``indicator`` (none without one)."""
    return [badge(label) for label in INDICATORS.get(indicator or "", ())]


def method_badge(method: str) -> nodes.inline:
    """The HTTP method as text in a coloured badge (colour is never the only signal)."""
    known = method.upper() in HTTP_METHODS
    return nodes.inline(method, method, classes=["portal-method",
                                                 f"portal-method-{method.lower() if known else 'other'}"])


def rich_text(text: str) -> list[nodes.Node]:
    """Plain text with code spans; nothing else is interpreted (no HTML, no roles)."""
    result: list[nodes.Node] = []
    pos = 0
    for match in CODE_RE.finditer(text):
        if match.start() > pos:
            result.append(nodes.Text(text[pos:match.start()]))
        code = match.group(1) or match.group(2)
        result.append(nodes.literal(code, code))
        pos = match.end()
    if pos < len(text):
        result.append(nodes.Text(text[pos:]))
    return result


def paragraph(*children: nodes.Node | str, classes: list[str] | None = None) -> nodes.paragraph:
    para = nodes.paragraph(classes=classes or [])
    for child in children:
        para += nodes.Text(child) if isinstance(child, str) else child
    return para


Row = tuple[Sequence[Sequence[nodes.Node | str]], "str | None"]  # (cells, id of the row or None)


def table(columns: Sequence[str], rows: Iterable[Row], classes: list[str], *,
          column_classes: bool = False) -> nodes.table:
    """A table with a header row; each cell is one paragraph of its inline nodes, followed by its block-level
    ones (a ``<details>`` of nested fields) outside the paragraph.

    With *column_classes*, each column's cells carry ``portal-col-<header>`` (for widths in CSS).
    """
    tbl = nodes.table(classes=[*classes, "colwidths-auto"])
    group = nodes.tgroup(cols=len(columns))
    tbl += group
    col_classes = [[f"portal-col-{slugify(column)}"] if column_classes else [] for column in columns]
    for names in col_classes:
        group += nodes.colspec(colwidth=1, classes=names)
    head = nodes.thead()
    header_row = nodes.row()
    for column in columns:
        header_row += nodes.entry("", paragraph(column))
    head += header_row
    group += head
    body = nodes.tbody()
    for cells, row_id in rows:
        row = nodes.row(ids=[row_id] if row_id else [])
        for names, cell in zip(col_classes, cells, strict=True):
            blocks = [c for c in cell if isinstance(c, nodes.Element) and isinstance(c, nodes.Body)
                      and not isinstance(c, nodes.Inline)]
            entry = nodes.entry("", paragraph(*[c for c in cell if c not in blocks]), classes=names)
            entry.extend(blocks)
            row += entry
        body += row
    group += body
    return tbl


def page_xref(fromdoc: str, target: str, text: nodes.Node, *, reftype: str = "doc",
              explicit: bool = True) -> addnodes.pending_xref:
    """A link to a page (``reftype="doc"``, *target* ``/docname``) or a label (``"ref"``), which Sphinx's resolver
    turns into a link, or text in a builder that does not hold the page, warning when the target is missing."""
    return addnodes.pending_xref("", text, refdomain="std", reftype=reftype, reftarget=target,
                                 refexplicit=explicit, refdoc=fromdoc, refwarn=True)
