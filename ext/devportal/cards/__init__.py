"""Getting-started cards: ``portal-cards`` / ``portal-card`` grids of whole-card links on sphinx-design."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from .directives import setup_cards


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_cards(app)
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
