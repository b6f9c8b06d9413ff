"""Read a Markdown page's YAML front matter, keeping the line of every key.

Sphinx-free. MyST also parses front matter, but turns values into strings and
drops line numbers; writers need warnings that point at the offending line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from . import diagnostics as d

#: libyaml's parser when PyYAML has it (several times faster on a large portal); same nodes and line marks
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str) -> yaml.Node | None:
    """The YAML node tree of *text* (nodes keep their lines); raises ``yaml.YAMLError``."""
    return yaml.compose(text, Loader=LOADER)


def error_line(exc: yaml.YAMLError, text: str) -> int | None:
    """0-based line of a YAML error in *text*, None if unknown. A problem found at the end of the
    text (an unclosed bracket) is put on its last line, where both parsers would agree."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return None
    return min(mark.line, max(text.rstrip("\n").count("\n"), 0))


def error_reason(exc: yaml.YAMLError) -> str:
    """What is wrong, in the parser's words, without the position (reported as a line)."""
    return getattr(exc, "problem", None) or str(exc).splitlines()[0]


def construct(node: yaml.Node):
    """Plain Python data from a composed node, as ``yaml.safe_load`` would give."""
    return LOADER("").construct_document(node)


@dataclass
class FrontMatter:
    data: dict = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line in the file
    problems: list[d.Problem] = field(default_factory=list)
    end_line: int = 0  # line of the closing fence (0 if no front matter)

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


def split(text: str) -> tuple[str | None, int]:
    """Return the YAML text between the ``---`` fences and the closing line number."""
    if not text.startswith("---"):
        return None, 0
    lines = text.splitlines()
    if lines[0].strip() != "---":
        return None, 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), i + 1
    return None, 0


def parse(text: str, docname: str | None = None) -> FrontMatter:
    """Parse the front matter at the top of *text*; problems carry *docname*."""
    block, end = split(text)
    fm = FrontMatter(end_line=end)
    if block is None or not block.strip():
        return fm
    try:
        node = compose(block)
        data = construct(node) if node is not None else None
    except yaml.YAMLError as exc:
        at = error_line(exc, block)
        line = at + 2 if at is not None else 1
        reason = error_reason(exc)
        fm.problems.append(d.Problem(d.FRONT_MATTER, f"front matter is not valid YAML: {reason}", docname, line=line))
        return fm
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        fm.problems.append(d.Problem(d.FRONT_MATTER, "front matter must be a mapping of `key: value` lines", docname,
                                     line=2))
        return fm
    fm.data = data
    for key_node, _value in node.value:
        # +2: one for the opening fence, one because marks are 0-based
        fm.lines[str(key_node.value)] = key_node.start_mark.line + 2
    return fm


def read_file(path: str, docname: str | None = None) -> FrontMatter:
    """Parse only the head of a file (front matter is at the top)."""
    with open(path, encoding="utf-8-sig") as fh:
        first = fh.readline()
        if first.strip() != "---":
            return FrontMatter()
        text = first + fh.read()
    return parse(text, docname)
