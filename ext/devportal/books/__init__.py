"""The portal as a book: PDF (LaTeX), EPUB and the other builders that follow a toctree
(:mod:`.outline`), and what those formats need from the configuration (:mod:`.formats`)."""

from __future__ import annotations

from sphinx.application import Sphinx

from .formats import setup_formats
from .outline import setup_outline


def setup(app: Sphinx) -> dict:
    setup_outline(app)
    setup_formats(app)
    return {"version": "0.2", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
