"""Writers' tools: ``python -m devportal new|check|openapi`` (:mod:`.cli`, :mod:`.authoring`,
:mod:`.check`) and the Contributing reference generated from the code (:mod:`.reference`)."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from .reference import setup_reference


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_reference(app)
    return {"version": "0.2", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
