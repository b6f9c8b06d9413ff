"""devportal: Sphinx extensions for an API developer portal.

``extensions = ["devportal"]`` turns on every capability; each one can also be
enabled alone as ``devportal.<capability>``.
"""

from __future__ import annotations

__version__ = "0.1.0"

#: capability modules, in the order they are set up
CAPABILITIES = [
    "devportal.speed",  # build cost at portal scale: GC freezing, serial reads of small change sets
    "devportal.navigation",  # taxonomy -> tabs, sidebar, breadcrumbs, prev/next
    "devportal.landing",  # section landing pages, document contents, "find the right document"
    "devportal.cards",  # getting-started card grids on sphinx-design
    "devportal.api",  # API methods: api-request/api-response blocks, checks, endpoint index, {api:method}
    "devportal.openapi_blocks",  # api-request/api-response filled from an OpenAPI 3 spec (`:openapi:`)
    "devportal.reference",  # the Contributing reference: front matter, directives, roles, warnings, from the code
    "devportal.legacy",  # old URLs redirect to their pages; old-site front matter understood or named
    "devportal.search",  # weighted Pagefind index, typo-tolerant search dialog, loaded when a reader searches
    "devportal.site",  # hosting (Read the Docs), sitemap, 404, OpenGraph, copy buttons, edit links, llms.txt
]


def setup(app):
    for name in CAPABILITIES:
        app.setup_extension(name)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
