"""Every warning the portal can emit, in one place.

Each subtype is shown as ``[portal.<subtype>]``; users can silence one with
``suppress_warnings = ["portal.<subtype>"]`` and ``-W`` turns them into errors.
The Contributing page lists this registry, so it is the single source of truth.

This module is Sphinx-free except for :func:`emit`, which translates a
:class:`Problem` into a Sphinx warning.
"""

from __future__ import annotations

from dataclasses import dataclass

WARNING_TYPE = "portal"

#: subtype -> one-line meaning, in registration order
SUBTYPES: dict[str, str] = {}


def _subtype(name: str, meaning: str) -> str:
    assert name not in SUBTYPES, name
    SUBTYPES[name] = meaning
    return name


# --- taxonomy: sections, documents, pages ------------------------------------
SECTIONS_FILE = _subtype("sections_file", "The sections file is missing, is not valid YAML or has the wrong shape.")
DUPLICATE_SECTION = _subtype("duplicate_section", "A section (name or slug) is declared twice.")
INVALID_SLUG = _subtype("invalid_slug", "A section slug is not lowercase letters, digits and hyphens.")
UNKNOWN_SECTION = _subtype("unknown_section", "Front matter names a section that is not declared.")
UNKNOWN_DOCUMENT = _subtype("unknown_document", "Front matter names a document that does not exist in the section.")
UNKNOWN_SUBFOLDER = _subtype("unknown_subfolder", "Front matter names a subfolder that does not exist in the document.")
FOLDER_MISMATCH = _subtype("folder_mismatch", "Front matter says the page belongs somewhere other than the folder it is in.")
MISSING_OVERVIEW = _subtype("missing_overview", "A document folder has no index.md overview page.")
OUTSIDE_SECTION = _subtype("outside_section", "A Markdown file is outside every section (mark it `orphan: true` if intended).")
DUPLICATE_ORDER = _subtype("duplicate_order", "Two pages in one place share the same `order`.")
BAD_VALUE = _subtype("bad_value", "A front matter value is malformed (e.g. `order: soon`, an unknown `indicator`).")
FRONT_MATTER = _subtype("front_matter", "The front matter block is not valid YAML or not a mapping.")
MISSING_SUMMARY = _subtype("missing_summary", "A document overview page has no `summary` front matter.")
NO_TITLE = _subtype("no_title", "A page has no title (no `# Heading` and no `title` front matter).")

# --- getting-started cards ---------------------------------------------------
CARD_TARGET = _subtype("card_target", "A card links to a page or label that does not exist.")
CARD_TITLE = _subtype("card_title", "A card has no title and its target has none to borrow.")
CARD_OPTION = _subtype("card_option", "A card or card grid has an unknown or malformed option.")


def register(name: str, meaning: str) -> str:
    """Register a subtype from a capability module (idempotent per name)."""
    if name in SUBTYPES:
        return name
    return _subtype(name, meaning)


@dataclass(frozen=True)
class Problem:
    """A problem found by Sphinx-free code: what, and where (file or docname, line)."""

    subtype: str
    message: str
    docname: str | None = None  # a Sphinx docname ...
    path: str | None = None  # ... or a plain file path (e.g. sections.yaml)
    line: int | None = None


def emit(logger, problem: Problem) -> None:
    """Log *problem* as a typed Sphinx warning at its location."""
    if problem.docname is not None:
        location = (problem.docname, problem.line)
    elif problem.path is not None:
        location = f"{problem.path}:{problem.line}" if problem.line else problem.path
    else:
        location = None
    logger.warning(problem.message, location=location, type=WARNING_TYPE, subtype=problem.subtype)
