"""Getting-started cards: sphinx-design grid, whole-card links, borrowing, escaping, warnings."""

from __future__ import annotations

import re

import pytest

from .conftest import build, copy_root, read_html, warnings_of, write


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return build(copy_root("cards", tmp_path_factory.mktemp("cards")))


def cards(app):
    return read_html(app, "index").select(".portal-cards .sd-card")


def test_grid_is_sphinx_design_with_one_column_on_phones_two_on_wide_screens(app):
    row = read_html(app, "index").select_one(".portal-cards > .sd-row")
    classes = row["class"]
    phones_one_wide_two = {"sd-row-cols-1", "sd-row-cols-xs-1", "sd-row-cols-sm-1", "sd-row-cols-md-2",
                           "sd-row-cols-lg-2"}
    assert phones_one_wide_two <= set(classes)
    assert len(row.select(":scope > .sd-col")) == 3
    assert warnings_of(app) == ""


def test_whole_card_is_one_link_named_by_its_title(app):
    for card in cards(app):
        links = card.select("a")
        assert len(links) == 1
        assert "sd-stretched-link" in links[0]["class"] and "sd-card-hover" in card["class"]
        assert links[0].get_text(strip=True) == card.select_one(".sd-card-title").get_text(strip=True)


def test_explicit_title_and_summary_are_escaped(app):
    raw = (app.outdir / "index.html").read_text()
    card = cards(app)[0]
    # markup in author text reaches the reader as the same text, never as tags
    assert card.select_one(".sd-card-title").get_text(strip=True) == 'Log <in> & "go"'
    assert card.a.get_text() == 'Log <in> & "go"'
    assert card.select_one(".sd-card-text").get_text() == "Sign requests <b>now</b> & later."
    assert "<in>" not in raw and "<b>now</b>" not in raw
    assert cards(app)[0].a["href"] == "guides/start/auth.html"


def test_card_borrows_title_and_summary_from_its_target(app):
    card = cards(app)[1]
    assert card.select_one(".sd-card-title").get_text(strip=True) == "Data APIs"
    assert card.select_one(".sd-card-text").get_text() == "Pick the data API that fits."
    assert card.a["href"] == "guides/start/data.html"


def test_card_links_to_a_label(app):
    card = cards(app)[2]
    assert card.a["href"] == "guides/start/flows.html#flows-label"
    assert card.select_one(".sd-card-title").get_text(strip=True) == "Major Flows"
    assert card.select_one(".sd-card-text").get_text() == "Combine APIs."


def test_retitled_target_reaches_the_card_in_an_incremental_build(tmp_path):
    src = copy_root("cards", tmp_path)
    build(src)
    target = src / "guides/start/data.md"
    write(target, target.read_text().replace("# Data APIs", "# Reporting APIs").replace("fits.", "suits."))
    app = build(src)
    card = cards(app)[1]
    assert card.select_one(".sd-card-title").get_text(strip=True) == "Reporting APIs"
    assert card.select_one(".sd-card-text").get_text() == "Pick the data API that suits."


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    return build(copy_root("cards-warnings", tmp_path_factory.mktemp("cardswarn")))


@pytest.mark.parametrize("line, subtype, text", [
    (3, "card_option", "bad :columns: value"),
    (5, "card_target", "card links to '/guides/start/missing'"),
    (9, "card_title", "has no title"),
    (11, "card_option", "unknown option 'colour'"),
])
def test_bad_cards_give_typed_warnings_at_their_line(bad, line, subtype, text):
    assert re.search(rf"index\.md:{line}: WARNING: .*{re.escape(text)}.*\[portal\.{subtype}\]", warnings_of(bad)), \
        warnings_of(bad)


def test_bad_cards_still_render(bad):
    titles = [c.select_one(".sd-card-title").get_text(strip=True) for c in cards(bad)]
    assert titles == ["Missing", "/guides/start/untitled", "Start"]
    assert cards(bad)[0].a is None  # no link to a page that does not exist
    assert "Traceback" not in warnings_of(bad)
