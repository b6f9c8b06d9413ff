"""The Contributing reference: generated from the code, so it lists everything the code defines.

tests/roots/test-contributing holds a page with the five `{portal-reference}` tables; the portal's own
docs/contributing/reference/index.md must use all five, so the real Contributing page does too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from devportal.core import diagnostics as d
from devportal.core import frontmatter_keys
from devportal.writers import reference

from .conftest import build, copy_root, read_html, warnings_of

REPO = Path(__file__).resolve().parent.parent
REAL_PAGE = REPO / "docs" / "contributing" / "reference" / "index.md"
EXT = REPO / "ext" / "devportal"
PAGE = "guides/contributing/index"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return build(copy_root("contributing", tmp_path_factory.mktemp("contributing")), freshenv=True)


def column(app, topic: str, index: int = 0) -> list[str]:
    table = read_html(app, PAGE).select_one(f"table.portal-reference-{topic}")
    return [" ".join(row.select("td")[index].get_text().split()) for row in table.select("tbody tr")]


def test_the_reference_builds_without_a_warning(app):
    assert warnings_of(app) == ""


def test_it_lists_every_warning_subtype_the_code_defines_with_its_meaning(app):
    assert column(app, "warnings") == [f"portal.{name}" for name in d.SUBTYPES]
    meanings = column(app, "warnings", 1)
    for (name, meaning), shown in zip(d.SUBTYPES.items(), meanings, strict=True):
        straight = shown.translate(str.maketrans("’“”", "'\"\""))  # Sphinx's smart quotes
        assert straight == meaning.replace("`", ""), name  # `code` is rendered as code


def test_it_lists_every_front_matter_key(app):
    keys = column(app, "front-matter")
    assert keys[:len(frontmatter_keys.KEYS)] == list(frontmatter_keys.KEYS)
    assert {"summary", "order", "indicator", "redirect_from", "permalink"} <= set(keys)
    assert "og:…" in keys  # keys understood by prefix


def test_it_lists_every_directive_and_role_the_extensions_register(app):
    names = column(app, "directives")
    # every `app.add_directive("name", …)` of the extension's modules, read from their source
    registered = {name for module in EXT.rglob("*.py")
                  for name in re.findall(r'add_directive\(\s*"([\w-]+)"', module.read_text())}
    assert sorted(registered) == names
    assert {"api-request", "api-response", "api-fields", "api-endpoints", "portal-cards", "portal-card",
            "portal-reference"} <= set(names)
    options = dict(zip(names, column(app, "directives", 1), strict=True))
    assert options["api-request"] == ":openapi:" and options["portal-cards"].startswith(":columns:")
    summaries = dict(zip(names, column(app, "directives", 2), strict=True))
    assert summaries["portal-reference"].startswith("{portal-reference} TOPIC: a table generated from the code")
    assert column(app, "roles") == ["{api:method}"]


def test_it_lists_the_writers_commands_from_their_parser(app):
    usages = column(app, "commands")
    assert [u.split(" [")[0].split(" --")[0] for u in usages] == [
        "python -m devportal new document", "python -m devportal new method", "python -m devportal check",
        "python -m devportal openapi FILE#OPERATION"]
    assert "--section SECTION" in usages[0] and "--openapi FILE#OPERATION" in usages[1]


def test_a_subtype_added_to_the_code_appears_without_editing_the_page(tmp_path):
    """The page is re-read on every build, so an incremental build follows the code."""
    root = copy_root("contributing", tmp_path)
    build(root, freshenv=True)
    d.register("contributing_test_only", "A subtype that exists only during this test.")
    try:
        again = build(root)
        assert "portal.contributing_test_only" in column(again, "warnings")
    finally:
        d.SUBTYPES.pop("contributing_test_only")


def test_an_unknown_topic_is_a_typed_warning(tmp_path):
    root = copy_root("contributing", tmp_path)
    page = root / "guides" / "contributing" / "index.md"
    page.write_text(page.read_text() + "\n```{portal-reference} everything\n```\n")
    app = build(root, freshenv=True)
    assert re.search(r"index\.md:\d+: WARNING: portal-reference: unknown topic 'everything' \(use one of warnings, "
                     r"front-matter, directives, roles, commands\) \[portal\.bad_value\]", warnings_of(app))


def test_the_portals_contributing_reference_uses_every_table():
    text = REAL_PAGE.read_text()
    assert [t for t in reference.TOPICS if f"```{{portal-reference}} {t}\n```" in text] == list(reference.TOPICS)
