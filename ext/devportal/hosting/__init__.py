"""Hosting: the features readers expect of a hosted site — Read the Docs, sitemap, 404, OpenGraph, copy
buttons, edit links, llms.txt (:mod:`.features`) — and old URLs that keep working (:mod:`.oldurls`)."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from .features import setup_features
from .oldurls import setup_oldurls


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_oldurls(app)
    setup_features(app)
    return {"version": "0.2", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
