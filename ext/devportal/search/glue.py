"""Search: a weighted Pagefind index, loaded only when a reader starts to search.

- reading (parallel-safe): each page's :class:`~devportal.core.search_index.PageRecord` is kept in the
  environment by docname (``nosearch`` pages are left out), so edits, additions and removals reach the index;
- writing: Sphinx's own search (``searchindex.js``, ``searchtools.js``, ``language_data.js``) is turned off and
  taken off every page; each page gets the header search button and a small deferred loader, and
  ``search.html`` is a results page (``search.html?q=…``);
- once per build, from the end of reading (``portal-site-built``) to ``build-finished``: the records become
  one weighted HTML document each, which Pagefind (the ``pagefind`` package and its binary wheel) turns into a
  chunked index in ``_pagefind/`` while Sphinx writes the pages, with a word list per first letter for typo
  correction. Nothing of it is fetched until the reader opens search.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..build import incremental
from ..build.pagedata import PerPageCollector, front_matter
from ..core import diagnostics as d
from ..core.search_index import PageRecord
from .collect import page_record

logger = logging.getLogger(__name__)

SEARCH_INDEX = d.register("search_index", "The search index could not be built (e.g. the pagefind package is "
                          "missing); pages are written, search may miss what changed until a build indexes it.")
STATIC = str(Path(__file__).parent / "static")

#: Sphinx's search scripts, which pydata-sphinx-theme writes into every page's <head>
_SPHINX_SEARCH = re.compile(r'[ \t]*<script [^>]*src="[^"]*(?:searchtools|language_data|searchindex)\.js[^"]*"[^>]*>'
                            r"</script>\n?")


class SearchCollector(PerPageCollector[PageRecord]):
    """Keeps ``portal_search``: docname -> PageRecord."""

    attrs = ("portal_search",)

    def process_doc(self, app: Sphinx, doctree) -> None:
        env = app.env
        docname = env.docname
        metadata = env.metadata.get(docname, {})
        if metadata.get("nosearch"):
            return
        title = env.titles.get(docname)
        methods = env.get_domain("api").data["methods"].get(docname, []) if "api" in env.domains else []
        # the portal's own parse of the front matter: Sphinx's metadata holds lists as their text
        SearchCollector.of(env)[docname] = page_record(docname, title.astext() if title is not None else docname,
                                                 doctree, front_matter(env).data, methods)


def is_html(app: Sphinx) -> bool:
    """HTML builders with the portal's search on (``portal_search = False`` leaves Sphinx's own search)."""
    return app.builder.format == "html" and app.builder.name in ("html", "dirhtml") and app.config.portal_search


def builder_inited(app: Sphinx) -> None:
    SearchCollector.init_env(app.env)
    if not is_html(app):
        return
    # Sphinx's own index is replaced: not built, not loaded on any page
    app.builder.search = False  # type: ignore[attr-defined]  # is_html: a StandaloneHTMLBuilder
    app.config.html_static_path = [*app.config.html_static_path, STATIC]  # a new list: never mutate defaults
    if hasattr(app.builder, "templates") and app.config.html_theme != "devportal":  # the portal's theme has none
        _strip_sphinx_search(app.builder.templates)
    app.add_css_file("portal-search.css")
    app.add_js_file("portal-search.js", loading_method="defer")


def _strip_sphinx_search(templates) -> None:
    """The theme writes Sphinx's search scripts into its template itself, not through ``script_files``: take
    them out of every rendered page (a theme without them is left as it is)."""
    render = templates.render

    def without_sphinx_search(template: str, context: dict) -> str:
        return _SPHINX_SEARCH.sub("", render(template, context))

    templates.render = without_sphinx_search


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["portal_search"] = app.config.portal_search  # the header template draws the matching button


def search_page(app: Sphinx):
    """``search.html``: the shareable results page for ``?q=…``."""
    if not is_html(app):
        return []
    body = ('<h1>Search</h1>\n<div id="portal-search-page" class="portal-search-page">'
            '<noscript><p>Search needs JavaScript.</p></noscript></div>\n')
    # a results page: search engines index the pages themselves, not the portal's answers to queries
    noindex = '<meta name="robots" content="noindex" />\n'
    return [("search", {"title": "Search", "body": body, "display_toc": False, "metatags": noindex}, "page.html")]


def start_index(app: Sphinx, env, nav) -> list[str]:
    """``portal-site-built``: the records are final; Pagefind starts indexing while Sphinx writes."""
    if is_html(app):
        from .bundle import start_bundle

        try:
            start_bundle(app, env, nav)
        except Exception as error:
            d.emit(logger, d.Problem(SEARCH_INDEX, f"the search index was not written: {error}"))
    return []


def finish_index(app: Sphinx, exception: Exception | None) -> None:
    from .bundle import finish_bundle

    try:
        finish_bundle(app, exception)
    except Exception as error:
        d.emit(logger, d.Problem(SEARCH_INDEX, f"the search index was not written: {error}"))


def setup_glue(app: Sphinx) -> None:
    app.setup_extension("devportal.api")
    app.add_config_value("portal_search", True, "html", types=[bool],
                         description="The portal's search (a Pagefind index, loaded on use) instead of Sphinx's own.")
    app.add_env_collector(SearchCollector)
    app.connect("builder-inited", builder_inited)
    app.connect("html-collect-pages", search_page)
    app.connect("html-page-context", page_context)
    app.connect(incremental.EVENT_SITE_BUILT, start_index)
    # last of the build-finished handlers (sphinx-sitemap's, the portal's own), so they run alongside Pagefind
    app.connect("build-finished", finish_index, priority=900)
