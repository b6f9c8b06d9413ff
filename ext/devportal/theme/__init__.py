"""The portal's own HTML theme, ``html_theme = "devportal"`` on Sphinx's ``basic`` (layout in ``devportal/``),
and the assets each page loads only when it uses them (:mod:`.assets`)."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from .assets import setup_assets


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_assets(app)
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
