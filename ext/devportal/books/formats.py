"""What formats other than the website need, filled in where conf.py is silent.

- **EPUB** requires ``version`` and a copyright (``-W`` fails without them): the
  portal has no release numbers, so ``version`` is Read the Docs' version name
  (``latest``, a branch or tag) or ``latest``; the copyright falls back to ``author``.
  Its table of contents follows the (hidden) toctrees of the outline.
- **LaTeX**: long identifiers in table cells and routes in the HTTP routing
  table may break (method tables are full of them), so nothing runs into the
  next column or off the page; links to a method's block reach it.
- **Plain text**: tables sized by their content get column widths in characters.
- Builders that are not a website say, as information, what they leave out.
"""

from __future__ import annotations

import os
import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..build.builders import is_website
from ..build.config import user_set

logger = logging.getLogger(__name__)

#: LaTeX: index entries (the HTTP routing table's routes) break after "/" like inline code does
LATEX_PREAMBLE = r"""
% devportal.books: long routes in the HTTP routing table wrap instead of running off the page
\protected\def\sphinxstyleindexentry#1{\sphinxcode{\sphinxupquote{#1}}}
"""

#: characters a plain-text table may span (the text builder's lines are 70-80 wide)
TEXT_TABLE_WIDTH = 76


def epub_defaults(app: Sphinx) -> None:
    """Before sphinx.builders.epub3 checks its values (``builder-inited``, priority 500)."""
    config = app.config
    if not app.builder.name.startswith("epub"):
        return
    if not config.version:
        config.version = os.environ.get("READTHEDOCS_VERSION_NAME", "").strip() or "latest"
    if not config.epub_copyright and not config.copyright:
        config.epub_copyright = config.author or config.project
    if not user_set(config, "epub_tocscope"):
        config.epub_tocscope = "includehidden"  # the book's toctrees are hidden: a website shows none


def plain_text_table_widths(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Column widths for ``colwidths-auto`` tables in plain text.

    HTML sizes such a table by its content; the text builder takes each column's
    ``colwidth`` as its width in characters, and the portal's tables say ``1``
    (any width: the browser decides), which printed one letter per line. Here a
    column gets a share of the line in proportion to its longest cell. After
    every other ``doctree-resolved`` handler: some tables are made there.
    """
    if app.builder.format != "text":
        return
    for table in doctree.findall(nodes.table):
        if "colwidths-auto" not in table["classes"]:
            continue
        for group in table.findall(nodes.tgroup):
            specs = [c for c in group.children if isinstance(c, nodes.colspec)]
            need = [4] * len(specs)
            for row in group.findall(nodes.row):
                for i, entry in enumerate(e for e in row.children if isinstance(e, nodes.entry)):
                    if i < len(need):
                        need[i] = max(need[i], len(entry.astext()) + 2)
            total = sum(need)
            room = TEXT_TABLE_WIDTH - 3 * len(specs)
            for spec, width in zip(specs, need, strict=True):
                spec["colwidth"] = width if total <= room else max(8, width * room // total)


#: where a long identifier may break in a table cell: between a lower-case letter or digit and a capital
#: (``csds|Collection|Response``), and after ``_``, ``.`` or ``-``
_IDENTIFIER_BREAKS = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[_.-])(?=.)")
#: identifiers shorter than this fit any table column
_LONG_IDENTIFIER = 12


def latex_breakable_identifiers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Let long identifiers in table cells wrap in LaTeX (``csdsCollectionResponse``, ``ogp_description_length``).

    LaTeX breaks inline code only at spaces and after ``/`` and a few stops, so a
    field name longer than its column ran into the next one. Each such literal
    gets a break allowed at each such point: it looks the same.
    """
    if app.builder.format != "latex":
        return
    for literal in list(doctree.findall(nodes.literal)):
        if len(literal.astext()) < _LONG_IDENTIFIER or not any(isinstance(p, nodes.entry) for p in _ancestors(literal)):
            continue
        for text in list(literal.findall(nodes.Text)):
            pieces = [piece for piece in _IDENTIFIER_BREAKS.split(str(text)) if piece]
            if len(pieces) < 2:
                continue
            replacement: list[nodes.Node] = []
            for i, piece in enumerate(pieces):
                if i:
                    replacement.append(nodes.raw("", r"\allowbreak{}", format="latex"))
                replacement.append(nodes.Text(piece))
            text.parent.replace(text, replacement)


def latex_container_anchors(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Links to a block (an API method's request, by httpdomain's anchor) reach it in the PDF.

    LaTeX writes a ``\\label`` for sections, tables, figures and targets, not for
    a container's ids: the endpoint index and the HTTP routing table linked to
    labels that did not exist. A target at the start of the block carries them.
    """
    if app.builder.format != "latex":
        return
    for container in list(doctree.findall(nodes.container)):
        if container["ids"]:
            container.insert(0, nodes.target("", "", ids=container["ids"]))
            container["ids"] = []


def _ancestors(node: nodes.Node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def latex_defaults(app: Sphinx, config) -> None:
    """Add the portal's LaTeX preamble to the user's (a new dict: the default one is shared)."""
    elements = dict(config.latex_elements)
    if LATEX_PREAMBLE not in elements.get("preamble", ""):
        elements["preamble"] = elements.get("preamble", "") + LATEX_PREAMBLE
    config.latex_elements = elements


def say_what_is_left_out(app: Sphinx) -> None:
    """Builders other than a website's get no tabs, sidebar, card grids, redirect pages, sitemap or llms.txt:
    say so once, as information (not a warning: it is what those formats are)."""
    if not is_website(app.builder):
        logger.info("devportal: %s output has no section tabs, sidebar, card grids, redirect pages for old URLs, "
                    "sitemap.xml or llms.txt (website features of html and dirhtml); cards and landing lists "
                    "are plain links", app.builder.name)


def setup_formats(app: Sphinx) -> None:
    app.connect("builder-inited", say_what_is_left_out)
    app.connect("config-inited", latex_defaults)
    app.connect("doctree-resolved", plain_text_table_widths, priority=900)
    app.connect("doctree-resolved", latex_breakable_identifiers, priority=900)
    app.connect("doctree-resolved", latex_container_anchors, priority=900)
    app.connect("builder-inited", epub_defaults, priority=400)
