"""devportal: Sphinx extensions for an API developer portal.

``extensions = ["devportal"]`` turns on every capability; each one can also be
enabled alone as ``devportal.<capability>``.
"""

from __future__ import annotations

__version__ = "0.1.0"

#: capability modules, in the order they are set up
CAPABILITIES = [
    "devportal.navigation",  # taxonomy -> tabs, sidebar, breadcrumbs, prev/next
    "devportal.landing",  # section landing pages, document contents, "find the right document"
    "devportal.cards",  # getting-started card grids on sphinx-design
]


def setup(app):
    for name in CAPABILITIES:
        app.setup_extension(name)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
