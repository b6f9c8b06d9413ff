"""Every warning the portal can emit, in one place.

Each subtype is shown as ``[portal.<subtype>]``; users can silence one with
``suppress_warnings = ["portal.<subtype>"]`` and ``-W`` turns them into errors.
The Contributing page lists this registry, so it is the single source of truth.

This module is Sphinx-free except for :func:`emit`, which translates a
:class:`Problem` into a Sphinx warning.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
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
INPUT_LIMIT = _subtype("input_limit", "A page, front matter, API block or OpenAPI file is too large, nested too deeply or expands too far (YAML aliases) to be read.")
SOURCE_ENCODING = _subtype("source_encoding", "A page is not UTF-8 text; it is left out of the build until saved as UTF-8.")
MISSING_SUMMARY = _subtype("missing_summary", "A document overview page has no `summary` front matter.")
NO_TITLE = _subtype("no_title", "A page has no title (no `# Heading` and no `title` front matter).")

# --- old URLs and old front matter (devportal.hosting.oldurls, devportal.core.redirects) ---
UNKNOWN_KEY = _subtype("unknown_key", "A front matter key the portal does not know (a typo, or an old-site key with no meaning here).")
REDIRECT_DUPLICATE = _subtype("redirect_duplicate", "Two pages claim the same old URL (`permalink` / `redirect_from`).")
REDIRECT_SHADOWS_PAGE = _subtype("redirect_shadows_page", "An old URL is the address of a real page; a redirect there would replace it or loop.")
REDIRECT_CHAIN = _subtype("redirect_chain", "A redirect leads to another old URL instead of a page (written as one hop).")
REDIRECT_LOOP = _subtype("redirect_loop", "Redirects lead back to where they started; no redirect page is written.")
REDIRECT_EXTERNAL = _subtype("redirect_external", "An old URL or redirect target is absolute or on another host (no open redirects).")
REDIRECT_UNKNOWN_TARGET = _subtype("redirect_unknown_target", "A `portal_redirects` target is neither a page nor another old URL.")
REDIRECT_INVALID = _subtype("redirect_invalid", "An old URL is not a path inside the site ending in `.html` or `/`.")
REDIRECT_ANCHOR = _subtype("redirect_anchor", "An old URL lands on a part of a page (`#anchor`) that the page does not have.")

# --- getting-started cards ---------------------------------------------------
CARD_TARGET = _subtype("card_target", "A card links to a page or label that does not exist.")
CARD_TITLE = _subtype("card_title", "A card has no title and its target has none to borrow.")
CARD_OPTION = _subtype("card_option", "A card or card grid has an unknown or malformed option.")


# --- API methods (devportal.api, devportal.core.apispec) -------------------------------
HTTP_METHOD = _subtype("http_method", "An api-request names an HTTP method other than GET, POST, PUT, DELETE, PATCH, HEAD or OPTIONS.")
URL_PLACEHOLDER = _subtype("url_placeholder", "A URL {placeholder} no `path:` entry documents, a `path:` entry missing from the URL, or a malformed placeholder.")
URL_QUERY = _subtype("url_query", "An api-request URL carries a query string; query parameters belong under `query:`.")
STATUS_CODE = _subtype("status_code", "A `codes:` entry is not an HTTP status code (an integer from 100 to 599).")
JSON_EXAMPLE = _subtype("json_example", "An `example:` of an API block is not valid JSON.")
EXAMPLE_FIELDS = _subtype("example_fields", "A JSON example has a field its table does not describe, or lacks a field the table marks required.")
EXAMPLE_VALUE = _subtype("example_value", "A JSON example gives a value of another type than its table declares, or one outside the field's enum.")
DUPLICATE_METHOD = _subtype("duplicate_method", "Two pages document the same METHOD and URL.")
API_BLOCK = _subtype("api_block", "An API block is not a YAML mapping, has an unknown or duplicate key, or a malformed field line.")
METHOD_PARTS = _subtype("method_parts", "A page in methods/ lacks its api-request or api-response, has two, or puts the response first.")
API_STRUCTURE = _subtype("api_structure", "An API document has no Overview or no methods/ folder, or an `order:` contradicts the standard order of parts.")
API_REFERENCE = _subtype("api_reference", "An {api:method} reference matches no documented method, or several.")
ENDPOINT_INDEX = _subtype("endpoint_index", "An api-endpoints directive names an unknown section or document.")

# --- API methods filled from OpenAPI 3 (devportal.core.openapi, devportal.api.openapi_fill) ---
OPENAPI_FILE = _subtype("openapi_file", "An `:openapi:` spec file is missing, is not YAML or JSON, or is not an OpenAPI 3 document.")
OPENAPI_INVALID = _subtype("openapi_invalid", "An OpenAPI document breaks the OpenAPI 3 rules (named by file and JSON pointer).")
OPENAPI_REF = _subtype("openapi_ref", "A `$ref` in an OpenAPI document points nowhere, loops, or leaves the file.")
OPENAPI_OPERATION = _subtype("openapi_operation", "An `:openapi:` option is malformed, names an operation the spec lacks (or has twice), or contradicts the block's METHOD URL.")
OPENAPI_UNSUPPORTED = _subtype("openapi_unsupported", "Part of an OpenAPI operation cannot be shown in a method block (e.g. a non-JSON body, a cookie parameter) and is left out.")

# --- prose rules (devportal.prose, devportal.core.prose) -------------------------------
STYLE_PHRASE = _subtype("style_phrase", "A reader-facing page contains a phrase a `portal_prose_phrases` rule forbids (the page speaking about itself or its sources).")
STYLE_SPELLING = _subtype("style_spelling", "A word is in British spelling; the portal writes American English (`portal_prose_spelling`).")
STYLE_NAMES = _subtype("style_names", "One header or parameter is written two ways within a document (case, `-`/`_`, or a `portal_prose_names` group).")
STYLE_ALLOW = _subtype("style_allow", "A `prose-allow` entry names an unknown rule or gives no reason.")
STYLE_CONFIG = _subtype("style_config", "A `portal_prose_*` value in conf.py is malformed; the rest of the rules still apply.")

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
    location: tuple[str, int | None] | str | None
    if problem.docname is not None:
        location = (problem.docname, problem.line)
    elif problem.path is not None:
        location = f"{problem.path}:{problem.line}" if problem.line else problem.path
    else:
        location = None
    logger.warning(problem.message, location=location, type=WARNING_TYPE, subtype=problem.subtype)


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice a misspelt *word* most likely meant, for a warning's "did you mean …?" (None: none is close)."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return match[0] if match else None
