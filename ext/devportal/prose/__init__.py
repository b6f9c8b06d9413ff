"""Prose rules for reader-facing pages (:mod:`.checks`, on :mod:`devportal.core.prose`): no self-reference
or source narration, one spelling variety, one name per header or parameter within a document."""

from __future__ import annotations

from sphinx.application import Sphinx

from .checks import setup_checks


def setup(app: Sphinx) -> dict:
    setup_checks(app)
    return {"version": "0.2", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
