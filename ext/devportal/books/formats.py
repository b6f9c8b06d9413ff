"""What book formats need from the configuration, filled in where conf.py is silent.

- **EPUB** requires ``version`` and a copyright (``-W`` fails without them): the
  portal has no release numbers, so ``version`` is Read the Docs' version name
  (``latest``, a branch or tag) or ``latest``; the copyright falls back to ``author``.
  Its table of contents follows the (hidden) toctrees of the outline.
- **LaTeX**: the book's title is the project's; long URLs and identifiers wrap
  (method tables are full of them), and no table runs off the page.
"""

from __future__ import annotations

import os

from sphinx.application import Sphinx


def _user_set(config, name: str) -> bool:
    return name in config.overrides or name in getattr(config, "_raw_config", {})


def epub_defaults(app: Sphinx) -> None:
    """Before sphinx.builders.epub3 checks its values (``builder-inited``, priority 500)."""
    config = app.config
    if not app.builder.name.startswith("epub"):
        return
    if not config.version:
        config.version = os.environ.get("READTHEDOCS_VERSION_NAME", "").strip() or "latest"
    if not config.epub_copyright and not config.copyright:
        config.epub_copyright = config.author or config.project
    if not _user_set(config, "epub_tocscope"):
        config.epub_tocscope = "includehidden"  # the book's toctrees are hidden: a website shows none


def setup_formats(app: Sphinx) -> None:
    app.connect("builder-inited", epub_defaults, priority=400)
