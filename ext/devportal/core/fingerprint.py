"""A short, stable digest of what a page shows, for incremental builds.

Sphinx-free. Equal inputs give equal digests across processes and builds
(``repr`` of plain data, not ``hash``), so digests can be stored in the
environment and compared by the next build.
"""

from __future__ import annotations

import hashlib


def fingerprint(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
