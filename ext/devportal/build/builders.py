"""What each Sphinx builder can show, asked in one place.

The portal is a website first, but ``sphinx-build -b <name>`` reaches every
builder: LaTeX (PDF), EPUB, text, man, texinfo, gettext, XML. Those raise
:class:`~sphinx.errors.NoUri` for a page they do not hold (LaTeX and texinfo
hold only the pages of the book; text and man have no links at all), and have
no use for what only a browser shows (tabs, card grids, stretched links).
"""

from __future__ import annotations

from sphinx.errors import NoUri

#: HTML-format builders that are not a website of pages with their own addresses
_NOT_WEBSITE = frozenset({"singlehtml", "htmlhelp", "qthelp", "applehelp", "devhelp"})
#: builders that assemble every page into one output by following the root document's toctree
BOOK_BUILDERS = frozenset({"latex", "texinfo", "man", "singlehtml"})


def is_website(builder) -> bool:
    """Whether *builder* writes the portal as web pages, each at its own address (html, dirhtml)."""
    return builder.format == "html" and builder.name not in _NOT_WEBSITE and not builder.name.startswith("epub")


def is_book(builder) -> bool:
    """Whether *builder* makes one book of the whole portal (PDF through LaTeX, EPUB, texinfo, man, singlehtml)."""
    return builder.name in BOOK_BUILDERS or builder.name.startswith("epub")


def target_uri(builder, docname: str) -> str | None:
    """The URI of *docname* relative to the output root, or None where the builder has none."""
    try:
        return builder.get_target_uri(docname)
    except NoUri:
        return None


def relative_uri(builder, fromdoc: str, todoc: str) -> str | None:
    """The URI of *todoc* as seen from *fromdoc*, or None where the builder has none (then write text)."""
    try:
        return builder.get_relative_uri(fromdoc, todoc)
    except NoUri:
        return None
