"""API methods: ``api-request`` / ``api-response`` / ``api-fields`` / ``api-endpoints``, the ``api``
domain and its checks (:mod:`.methods`), and the same blocks filled from OpenAPI 3 (:mod:`.openapi_fill`)."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from .methods import setup_methods
from .openapi_fill import setup_openapi_fill


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_methods(app)
    setup_openapi_fill(app)
    return {"version": "0.2", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
