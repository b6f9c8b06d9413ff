"""The whole build: a small portal (``tests/roots/test-fuzz-portal``: front matter, cards, hand-written and
OpenAPI-filled method blocks, old URLs, ``sections.yaml`` and a spec) with one file randomly damaged.

Property (what ``make html`` promises): the build under ``--keep-going`` raises nothing; every other page is
written; every problem is a warning naming its file; ``-W`` fails exactly when something warned.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ..conftest import ROOTS
from .build_util import assert_sane, build_strict
from .strategies import count, examples, mutated

ROOT = ROOTS / "test-fuzz-portal"
FILES = sorted(str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file() and p.name != "conf.py")
PAGES = sorted(f[:-3] for f in FILES if f.endswith(".md"))

BOMB = "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9) if p else ', '.join(['lol'] * 9)}]\n"
               for p, c in zip(["", *"abcdefgh"], "abcdefghi", strict=True))


@st.composite
def damage(draw) -> tuple[str, bytes]:
    """(file, new bytes): a real file of the portal, damaged by hand or by a tool; now and then hostile."""
    name = draw(st.sampled_from(FILES))
    text = (ROOT / name).read_text(encoding="utf-8")
    hostile = draw(st.integers(0, 9))
    if hostile == 0:
        head = "---\n" + BOMB + "summary: x\n---\n" if name.endswith(".md") else BOMB
        text = head + (text.split("---\n", 2)[-1] if name.endswith(".md") else text)
    elif hostile == 1:
        text = ("---\nsummary: " + "[" * 999 + "]" * 999 + "\n---\n" if name.endswith(".md") else "[" * 20000) + text
    else:
        text = draw(mutated(text))
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        pos = draw(st.integers(0, len(raw)))
        raw = raw[:pos] + b"\xff" + raw[pos:]
    return name, raw


@settings(max_examples=examples(2, 25))
@given(damage())
@example(("admin/users-api/openapi.yaml", BOMB.encode()))
@example(("index.md", b"---\nsummary: caf\xe9\n---\n# Home\n"))  # found: UnicodeDecodeError (Sphinx's read)
@example(("guides/retrieve-api-domains/index.md", b"# Caf\xe9\n"))  # the same on any other page
# found: `!!int abc` raised ValueError in the old-site title reader (hosting/oldurls.py add_title)
@example(("admin/users-api/methods/delete-user.md",
          b"---\norder: !!int abc\n---\n# D\n\n```{api-request} GET /a\nexample: |\n  " + b"[" * 3000 + b"\n```\n"))
def test_damaged_portal_builds(tmp_path_factory, damaged):
    count("whole build")
    name, raw = damaged
    src = tmp_path_factory.mktemp("portal") / "src"
    shutil.copytree(ROOT, src)
    (src / name).write_bytes(raw)
    app, warnings = build_strict(src)
    if warnings is None:  # the root page itself is unreadable: Sphinx stops cleanly, after the portal said why
        assert name == "index.md"
        return
    out = Path(app.outdir)
    missing = [p for p in PAGES if p != name[:-3] and not (out / f"{p}.html").is_file()]
    assert not missing, (missing, warnings)
    assert_sane(app, warnings)


def test_an_unreadable_page_is_named_at_its_line():
    """The page reader's verdict on its own: the first undecodable byte's line; a page over the size limit."""
    from devportal.build.sources import MAX_PAGE_BYTES, unreadable

    problem = unreadable(b"# T\n\nok\ncaf\xe9\n", "utf-8-sig", "p")
    assert (problem.subtype, problem.line, problem.docname) == ("source_encoding", 4, "p")
    assert unreadable(b"x" * (MAX_PAGE_BYTES + 1), "utf-8-sig", "p").subtype == "input_limit"
    assert unreadable("# Café\n".encode(), "utf-8-sig", "p") is None
