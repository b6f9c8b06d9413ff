"""Hypothesis strategies for the fuzz suites: generated YAML/JSON and damaged copies of real files.

Two kinds of input, mixed:

- structure-aware generation: the shapes each reader expects (front matter keys, sections, API block keys,
  OpenAPI objects) filled with wrong values (wrong types, huge numbers, empty strings, unicode, control
  characters), written as YAML with tags, anchors and aliases (also cyclic), flow and block styles;
- mutation of the real files in ``docs/`` and ``tests/``: lines deleted, duplicated or swapped, tabs
  inserted, text truncated, characters flipped.

Also the helpers every property uses: :func:`assert_problems` (typed, located inside the input) and
:func:`count` (the session counter ``make fuzz`` prints).
"""

from __future__ import annotations

import collections
import json
import os
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from devportal.core import diagnostics as d

REPO = Path(__file__).resolve().parents[2]

#: property name -> generated inputs run (printed at the end of the session by conftest)
COUNTS: collections.Counter = collections.Counter()


def count(name: str) -> None:
    COUNTS[name] += 1


def examples(default: int, deep: int) -> int:
    """Examples per property: a few for ``make test``, many for ``make fuzz`` (``HYPOTHESIS_PROFILE=deep``)."""
    return deep if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else default


# ---------------------------------------------------------------------------------------------
# what every reader must give


def line_count(text: str) -> int:
    """Lines as Python and docutils count them: YAML also breaks lines at U+2028, U+2029 and NEL."""
    return max(1, len(text.splitlines()) + (1 if text.endswith(("\n", "\r")) else 0))


def assert_problems(problems, text: str | None = None, *, lines: int | None = None, first_line: int = 1,
                    allow_none_line: bool = False) -> None:
    """Each problem is a typed :class:`Problem` whose line lies inside the input (*text*, or *lines* lines
    starting at *first_line*)."""
    top = first_line + (lines if lines is not None else line_count(text or "")) - 1
    for problem in problems:
        assert isinstance(problem, d.Problem), problem
        assert problem.subtype in d.SUBTYPES, problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        if problem.line is None and allow_none_line:
            continue
        assert isinstance(problem.line, int), problem
        assert first_line <= problem.line <= top, (problem, first_line, top)


# ---------------------------------------------------------------------------------------------
# wrong values

CONTROL = "".join(chr(c) for c in range(0, 32) if chr(c) not in "\n") + "\x7f\x85\u2028\u2029\ufeff"
NASTY_STRINGS = [
    "", " ", "\t", "  \t ", "null", "~", "yes", "no", "on", "off", "true", "NaN", ".nan", ".inf", "-.inf", "0x1F",
    "0o17", "1e999", "-1e999", "9" * 5000, "1_000", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "<<", "---",
    "...", "- x", "a: b", "{a", "[a", "&a", "*a", "!x", "|", ">", "#", "%YAML 1.1", "@", "`", "\"", "'", "\\",
    "\u202e", "\u0000", "é", "日本語", "🙂", "\ud7ff", "a" * 10_000, "{domain}", "{", "}", "{}", "{{x}}", "/", "//",
    "../..", "/../x.html", "http://evil.example/x.html", "javascript:alert(1)", "<script>", "x.html#f", "x.html?q",
    "a\\b.html", "—", " — ", "--", "default", "required", "read-only", ",", ",,", "string, required — ",
]
TAGS = ["!!python/object:os.system", "!!python/name:os.system", "!custom", "!!int", "!!float", "!!bool",
        "!!binary", "!!timestamp", "!!str", "!!null", "!!set", "!!omap", "!!map", "!!seq", "!", "!<tag:x>",
        "!!merge"]

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.text(alphabet=CONTROL + "ab :-{}[]#&*!|>'\"%@`,?", max_size=20),
    st.sampled_from(NASTY_STRINGS),
)
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    st.sampled_from([0, -1, 10**18, 2**63, 2**64 + 1, 10**400]),
)
scalars = st.one_of(texts, numbers, st.booleans(), st.none())


def values(keys=None, max_leaves: int = 12):
    """Any YAML value tree; mapping keys from *keys* (the names a reader knows) or any text."""
    key_strategy = st.one_of(st.sampled_from(keys), texts) if keys else texts
    return st.recursive(
        scalars,
        lambda children: st.one_of(st.lists(children, max_size=4),
                                   st.dictionaries(key_strategy, children, max_size=4)),
        max_leaves=max_leaves,
    )


# ---------------------------------------------------------------------------------------------
# YAML text from a value tree, with the decorations writers' and tools' YAML has


@st.composite
def yaml_text(draw, value_strategy, indent: str = "") -> str:
    """*value_strategy*'s value written as YAML: block or flow style, plain/quoted/tagged scalars, anchors
    and aliases (to earlier anchors, or to the value being written: a cycle)."""
    anchors: list[str] = []

    def scalar(value) -> str:
        kind = draw(st.integers(0, 9))
        if kind == 0 and value is not None:
            return f"{draw(st.sampled_from(TAGS))} {json.dumps(str(value))}"
        if kind == 1 and anchors:
            return "*" + draw(st.sampled_from(anchors))
        if kind in (2, 3) and isinstance(value, str) and "\n" not in value:
            return value  # plain: often not what it looks like (or not valid at all)
        if isinstance(value, bool) or value is None:
            return draw(st.sampled_from({True: ["true", "yes", "on"], False: ["false", "no"],
                                         None: ["null", "~", ""]}[value]))
        if isinstance(value, (int, float)):
            return json.dumps(value) if value == value and abs(value) != float("inf") else ".nan"
        return json.dumps(value)

    def flow(value) -> str:
        if isinstance(value, list):
            return "[" + ", ".join(flow(v) for v in value) + "]"
        if isinstance(value, dict):
            return "{" + ", ".join(f"{json.dumps(str(k))}: {flow(v)}" for k, v in value.items()) + "}"
        return scalar(value)

    def anchor() -> str:
        if draw(st.integers(0, 5)) == 0:
            name = f"a{len(anchors)}"
            anchors.append(name)
            return f"&{name} "
        return ""

    def block(value, pad: str) -> list[str]:
        lines = []
        if isinstance(value, dict):
            for key, child in value.items():
                key_text = str(key) if draw(st.booleans()) and isinstance(key, str) and key.isidentifier() \
                    else json.dumps(str(key))
                if isinstance(child, (dict, list)) and child and draw(st.integers(0, 3)):
                    lines.append(f"{pad}{key_text}: {anchor()}".rstrip())
                    lines += block(child, pad + "  ")
                elif isinstance(child, (dict, list)):
                    lines.append(f"{pad}{key_text}: {anchor()}{flow(child)}")
                else:
                    lines.append(f"{pad}{key_text}: {scalar(child)}")
            if anchors and draw(st.integers(0, 6)) == 0:
                lines.append(f"{pad}<<: *{draw(st.sampled_from(anchors))}")
        elif isinstance(value, list):
            for child in value:
                if isinstance(child, (dict, list)) and child and draw(st.booleans()):
                    lines.append(f"{pad}- {anchor()}".rstrip())
                    lines += block(child, pad + "  ")
                else:
                    lines.append(f"{pad}- {flow(child) if isinstance(child, (dict, list)) else scalar(child)}")
        else:
            lines.append(pad + scalar(value))
        return lines

    value = draw(value_strategy)
    if draw(st.integers(0, 4)) == 0:
        return indent + flow(value)
    return "\n".join(block(value, indent))


# ---------------------------------------------------------------------------------------------
# mutation of real files


@cache
def real_files(*suffixes: str) -> tuple[tuple[str, str], ...]:
    """(path relative to the repository, text) of the real files with *suffixes* in docs/ and tests/."""
    found = []
    for folder in ("docs", "tests/roots"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix in suffixes and path.is_file() and "_build" not in path.parts:
                found.append((str(path.relative_to(REPO)), path.read_text(encoding="utf-8")))
    return tuple(found)


MUTATIONS = ("delete", "duplicate", "swap", "tab", "truncate", "flip", "insert", "indent", "dedent")
FLIP_CHARS = "\t \n:-{}[]#&*!|>'\"%@`,?\\\x00\x0b\u00a0\u2028é🙂0-9"


@st.composite
def mutated(draw, text: str, max_mutations: int = 4) -> str:
    """*text* damaged the way hands and tools damage files."""
    for _ in range(draw(st.integers(1, max_mutations))):
        lines = text.split("\n")
        kind = draw(st.sampled_from(MUTATIONS))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "tab":
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + "\t" + lines[i][pos:]
        elif kind == "indent":
            lines[i] = draw(st.sampled_from([" ", "  ", "    ", "\t"])) + lines[i]
        elif kind == "dedent":
            lines[i] = lines[i].lstrip()
        elif kind == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
            continue
        elif kind == "flip" and text:
            pos = draw(st.integers(0, len(text) - 1))
            text = text[:pos] + draw(st.sampled_from(FLIP_CHARS)) + text[pos + 1:]
            continue
        elif kind == "insert":
            lines.insert(i, draw(texts))
        text = "\n".join(lines)
    return text


@st.composite
def damaged_file(draw, *suffixes: str, contains: str | None = None) -> tuple[str, str]:
    """(name, damaged text) of one real file with *suffixes* (whose text has *contains*, if given)."""
    files = [f for f in real_files(*suffixes) if contains is None or contains in f[1]]
    name, text = draw(st.sampled_from(files))
    return name, draw(mutated(text))
