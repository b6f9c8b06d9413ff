"""The build engine every capability shares: per-page environment data (:mod:`.pagedata`), incremental
correctness with the portal's own events (:mod:`.incremental`), docutils nodes drawn in several places
(:mod:`.nodes`), what each builder can show (:mod:`.builders`), what conf.py set (:mod:`.config`) and build
cost at portal scale (:mod:`.speed`)."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from .incremental import setup_incremental
from .sources import setup_sources
from .speed import setup_speed


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_speed(app)
    setup_incremental(app)
    setup_sources(app)
    return {"version": "0.2", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
