"""The book's structure, generated from the taxonomy: no hand-written toctree.

A website needs no toctree (every page is placed by its folder), but LaTeX,
EPUB, texinfo, man and singlehtml assemble their one output by following the
root page's toctree. For those builders, :class:`InjectOutline` gives, while
reading, the root page one part per section (name, summary, its documents as
links, and a hidden toctree of them) and every page that leads others (a
document's overview, a subfolder's index) a hidden toctree of its pages —
the outline of :func:`devportal.core.book.outline`.

The outline depends on titles and ``order`` of every page, known only once
all pages are read. So it is computed after reading (``env-updated``, before
other extensions look at what was read), kept in the environment for the next
build, and the few leading pages whose toctree differs from what they were
read with are read again there, in the main process: a clean book build reads
them twice, an incremental one only when the outline changed. A website build wants no toctree at all, so pages
a book build left with one are read again too (shared doctrees on Read the Docs).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..build.builders import is_book
from ..build.nodes import page_xref
from ..build.pagedata import PerPageCollector, build_state, set_build_state
from ..core import book, taxonomy

logger = logging.getLogger(__name__)

PART_ID = "portal-part-{}"


class BookCollector(PerPageCollector[list]):
    """What each page was read with: its toctree entries in the book (``portal_book_read``)."""

    attrs = ("portal_book_read",)


def _toctree(docname: str, entries) -> nodes.compound:
    toctree = addnodes.toctree(parent=docname, entries=[(None, name) for name in entries],
                               includefiles=list(entries), maxdepth=-1, caption=None, glob=False, hidden=True,
                               includehidden=False, numbered=0, titlesonly=False)
    return nodes.compound("", toctree, classes=["toctree-wrapper"])


def _part(root: str, part: book.Part) -> nodes.section:
    """A section as a book shows it, in place of the website's generated landing page."""
    section = nodes.section(ids=[PART_ID.format(part.slug or "other")], classes=["portal-part"])
    section += nodes.title(part.name, part.name)
    if part.summary:
        section += nodes.paragraph(part.summary, part.summary)
    links = nodes.bullet_list()
    for docname, title in part.documents:
        text = nodes.inline(title, title) if title else nodes.inline("", "")
        ref = page_xref(root, "/" + docname, text, explicit=bool(title))
        links += nodes.list_item("", nodes.paragraph("", "", ref))
    section += links
    section += _toctree(root, [docname for docname, _title in part.documents])
    return section


def _root_as_chapter(top: nodes.section) -> None:
    """LaTeX takes the root page's title for the book's and drops it: its text becomes the first chapter,
    under the same title, rather than each of its headings a chapter of its own."""
    title = next((child for child in top.children if isinstance(child, nodes.title)), None)
    if title is None:
        return
    chapter = nodes.section(ids=["portal-home"])
    chapter += title.deepcopy()
    chapter.extend(child for child in list(top.children) if child is not title)
    top.children = [title]
    top.append(chapter)


class InjectOutline(SphinxTransform):
    """While reading for a book: the root page's parts and each leading page's toctree."""

    default_priority = 500

    def apply(self, **kwargs) -> None:
        env = self.env
        if not is_book(env._app.builder):
            return
        docname = env.docname
        entries = build_state(env, "portal_book", dict[str, list]).get(docname)
        if not entries:
            return
        BookCollector.of(env)[docname] = entries
        top = next(iter(self.document.findall(nodes.section)), None)
        where: nodes.Element = top if top is not None else self.document
        if docname == env.config.root_doc:
            if top is not None and env._app.builder.name in ("latex", "texinfo"):
                _root_as_chapter(top)
            for part in entries:
                where += _part(docname, part)
        else:
            where += _toctree(docname, entries)


def init_env(app: Sphinx, env: BuildEnvironment | None = None) -> None:
    env = env or app.env
    BookCollector.init_env(env)
    build_state(env, "portal_book", dict)


def note_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    set_build_state(env, "portal_book_reading", docnames)  # the list itself: later handlers may extend it


def outline_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: the book's outline; read again the pages whose toctree it changed."""
    init_env(app, env)
    wanted: dict = {}
    if is_book(app.builder) and hasattr(env, "portal_pages"):
        pages = {name: info for name, info in env.portal_pages.items() if name in env.found_docs}
        # problems are the navigation's to report (portal-build-site builds the same site)
        site = taxonomy.build_site(getattr(env, "portal_sections", []), pages, app.config.root_doc)
        wanted = book.outline(site, app.config.root_doc, env.found_docs)
    set_build_state(env, "portal_book", wanted)
    read = BookCollector.of(env)
    stale = sorted(name for name in env.found_docs if read.get(name) != wanted.get(name))
    just_read: set[str] = set(build_state(env, "portal_book_reading", list))
    for docname in stale:
        app.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)
        if docname in just_read:
            with logging.suppress_logging():  # read moments ago: its warnings are already out
                app.builder.read_doc(docname)
        else:
            app.builder.read_doc(docname)
    return stale


def setup_outline(app: Sphinx) -> None:
    app.setup_extension("devportal.build")
    app.connect("builder-inited", init_env)
    app.add_env_collector(BookCollector)
    app.add_transform(InjectOutline)
    app.connect("env-before-read-docs", note_reading, priority=900)
    # before other extensions' env-updated handlers (e.g. sphinx-last-updated-by-git dates the pages read)
    app.connect("env-updated", outline_changed, priority=400)
