"""Navigation from the taxonomy: section tabs, sidebar, breadcrumbs, prev/next (:mod:`.pages`), and the
pages and lists generated from it — section landing pages, "In this document", ``{portal-overview}``
(:mod:`.landing`)."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from .landing import setup_landing
from .pages import setup_pages


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_pages(app)
    setup_landing(app)
    return {"version": "0.2", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
