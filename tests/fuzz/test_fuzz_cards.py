"""Card and grid options (``portal-cards`` / ``portal-card``, ``cards/directives.py``): no core of their own,
so each input is a real build of a small portal whose home page holds the generated grid.

Property: the build raises nothing and writes the page; every problem is a warning at the page (typed
``portal.card_*`` where it is ours); ``-W`` fails exactly when something warned.
"""

from __future__ import annotations

import shutil

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ..conftest import ROOTS
from .build_util import assert_sane, build_strict
from .strategies import count, examples, texts

OPTION_NAMES = ["columns", "gutter", "class", "title", "colums", "link", ""]
OPTION_VALUES = ["1 1 2 2", "1", "0", "13", "auto", "1 2 3", "-1", "x", "", "3 3", "1 1 2 2 2", "a b", "{", "9" * 50]
TARGETS = ["/guides/start/auth", "guides/start/data", "flows-label", "../../x", "", "nope", "/", "http://x.example",
           "<b>x</b>", "guides/start/auth.md", "GUIDES/START/AUTH"]

option = st.tuples(st.one_of(st.sampled_from(OPTION_NAMES), texts.filter(lambda t: "\n" not in t)),
                   st.one_of(st.sampled_from(OPTION_VALUES), texts.filter(lambda t: "\n" not in t)))


@st.composite
def grids(draw) -> str:
    lines = ["# Home", "", "````{portal-cards}"]
    lines += [f":{k}: {v}" for k, v in draw(st.lists(option, max_size=3))]
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.integers(0, 6)) == 0:
            lines += [draw(texts.filter(lambda t: "`" not in t)), ""]  # something that is not a card
            continue
        target = draw(st.one_of(st.sampled_from(TARGETS), texts.filter(lambda t: "\n" not in t and "`" not in t)))
        lines.append(f"```{{portal-card}} {target}".rstrip())
        lines += [f":{k}: {v}" for k, v in draw(st.lists(option, max_size=2))]
        lines += [draw(texts.filter(lambda t: "`" not in t))]
        lines.append("```")
    lines.append("````")
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(3, 15))
@given(grids())
@example("# Home\n\n````{portal-cards}\n:columns: 13\n:gutter: x\n:colums: 2\n```{portal-card}\n:title:\n```\n"
         "not a card\n````\n")
def test_card_grid(tmp_path_factory, page):
    count("cards (builds)")
    src = tmp_path_factory.mktemp("cards") / "src"
    shutil.copytree(ROOTS / "test-cards", src)
    (src / "index.md").write_text(page, encoding="utf-8")
    app, warnings = build_strict(src)
    assert warnings is not None
    assert (src / "_build" / "html" / "index.html").is_file()
    assert_sane(app, warnings)
    for line in warnings.splitlines():
        if "WARNING" in line and "[portal." in line:
            assert "index.md" in line, line
