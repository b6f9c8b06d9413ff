"""Reading: what search keeps of each page, from its doctree (a :class:`~devportal.core.search_index.PageRecord`)."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from ..core.search_index import Block, Field, Method, PageRecord, parse_keywords

#: nodes whose text is never searched
_SKIP = (nodes.comment, nodes.system_message, nodes.substitution_definition, nodes.raw, nodes.target,
         nodes.thead, nodes.colspec, addnodes.toctree, nodes.image)
#: nodes whose whole text is one searchable text
_TEXT = (nodes.paragraph, nodes.rubric, nodes.term, nodes.line, nodes.caption)


#: classes of what a field's name cell shows beside the name: its "#" link and its required / read-only flags
_NOT_THE_NAME = {"portal-api-fieldlink", "headerlink", "portal-api-flag"}


def _text(node: nodes.Node, skip: set[str] | frozenset[str] = frozenset()) -> str:
    """The text a reader sees, less unresolved references that show their target, not their title
    (``{doc}`/guides/x``` reads as the page's title once written; its path is not the page's text), and less
    elements of the *skip* classes."""
    if isinstance(node, addnodes.pending_xref) and not node.get("refexplicit"):
        return ""
    if isinstance(node, nodes.Text):
        return str(node)
    if isinstance(node, nodes.Element) and skip.intersection(node.get("classes", ())):
        return ""
    return "".join(_text(child, skip) for child in node.children)


def page_record(docname: str, title: str, doctree: nodes.document, metadata: dict, methods) -> PageRecord:
    record = PageRecord(docname=docname, title=title, summary=" ".join(str(metadata.get("summary") or "").split()),
                        keywords=parse_keywords(metadata.get("keywords")),
                        methods=[Method(m.method, m.route, m.anchor, tuple(m.services)) for m in methods])
    top = Block()
    record.blocks.append(top)
    first_title = True

    def walk(node: nodes.Element, block: Block, depth: int) -> None:
        nonlocal first_title
        for child in node.children:
            if isinstance(child, _SKIP) or not isinstance(child, nodes.Element):
                continue
            if isinstance(child, nodes.section):
                heading = child.next_node(nodes.title)
                text = heading.astext() if heading is not None else ""
                if first_title and depth == 0:  # the page title: its text is the record's title
                    first_title = False
                    walk(child, block, depth + 1)
                    continue
                sub = Block(anchor=(child["ids"] or [""])[0], heading=text, level=depth + 1)
                record.blocks.append(sub)
                walk(child, sub, depth + 1)
            elif isinstance(child, nodes.title):
                continue
            elif isinstance(child, nodes.row) and child["ids"]:
                cells = [_text(entry) for entry in child.findall(nodes.entry)]
                name = _text(next(child.findall(nodes.entry)), _NOT_THE_NAME) if cells else ""
                record.fields.append(Field(name=" ".join(name.split()), anchor=child["ids"][0],
                                           text=" ".join(" ".join(cells[1:]).split())))
            elif isinstance(child, nodes.literal_block):
                block.code.append(child.astext())
            elif isinstance(child, _TEXT):
                text = " ".join(_text(child).split())
                if text:
                    block.texts.append(text)
            else:
                walk(child, block, depth)

    walk(doctree, top, 0)
    return record.seal()
