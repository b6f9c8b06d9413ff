"""devportal: Sphinx extensions that turn a folder of MyST Markdown into an API developer portal.

``extensions = ["devportal"]`` turns on every capability; each package can also be enabled alone
(``devportal.navigation``, ``devportal.cards``, …). The layout is the architecture:

- ``core/``       the model and its checks, Sphinx-free (taxonomy, front matter, API blocks, request
                  samples, OpenAPI, old URLs, search records, prose rules, the book's outline, warnings) —
                  unit-tested without a build;
- ``build/``      what every capability shares: per-page environment data, incremental correctness and
                  the portal's events (``portal-build-site``, ``portal-site-built``, ``portal-page-navigation``),
                  badges, tables and page links drawn in several places, what conf.py set, build cost at scale;
- ``navigation/`` tabs, sidebar, breadcrumbs, prev/next, section landing pages, "find the right document";
- ``cards/``      getting-started card grids on sphinx-design;
- ``api/``        API method blocks and their request samples, the ``api`` domain and its checks, methods
                  filled from OpenAPI;
- ``search/``     a weighted Pagefind index and a search dialog loaded only when a reader searches;
- ``theme/``      ``html_theme = "devportal"``: light pages on Sphinx's ``basic``, each loading only what it uses;
- ``prose/``      prose rules for reader-facing pages (``portal.style_*`` warnings);
- ``hosting/``    Read the Docs, sitemap, 404, OpenGraph, copy buttons, edit links, old URLs;
- ``writers/``    ``python -m devportal new|check|openapi`` and the generated Contributing reference;
- ``books/``      PDF (LaTeX), EPUB and the other builders that follow a toctree: the outline, from the taxonomy.

Each capability package's ``__init__`` holds only its ``setup()``; capabilities depend on ``build`` and
``core``, never on each other's internals, and hear about each other through the events.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

__version__ = "0.2.0"

#: capability packages, in the order they are set up
CAPABILITIES = [
    "devportal.build",  # shared: per-page data, incremental correctness, portal events, build cost
    "devportal.navigation",  # taxonomy -> tabs, sidebar, breadcrumbs, prev/next, landing pages, overview
    "devportal.cards",  # getting-started card grids on sphinx-design
    "devportal.api",  # API methods: blocks, checks, endpoint index, {api:method}, OpenAPI-filled blocks
    "devportal.writers",  # the Contributing reference: front matter, directives, roles, warnings, from the code
    "devportal.prose",  # prose rules: no self-reference, American spelling, one name per header in a document
    "devportal.search",  # weighted Pagefind index, typo-tolerant search dialog, loaded when a reader searches
    "devportal.theme",  # html_theme = "devportal": light pages on Sphinx's basic theme
    "devportal.hosting",  # hosting, sitemap, 404, OpenGraph, copy buttons, edit links, llms.txt, old URLs
    "devportal.books",  # PDF (LaTeX), EPUB and other one-output builders: the book's outline from the taxonomy
]


def setup(app: Sphinx) -> ExtensionMetadata:
    for name in CAPABILITIES:
        app.setup_extension(name)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
