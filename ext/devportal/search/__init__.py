"""Search: a weighted Pagefind index, loaded only when a reader starts to search.

Reading collects a record per page (:mod:`.collect`, on :mod:`devportal.core.search_index`); writing turns
Sphinx's own search off and draws the header button, loader and results page (:mod:`.glue`); once per build
the records become the chunked index (:mod:`.bundle`).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from .glue import setup_glue


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_glue(app)
    return {"version": "0.3", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
