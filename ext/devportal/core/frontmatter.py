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


@dataclass(frozen=True)
class Limits:
    """How much YAML a reader takes in: far above any real input, far below a hostile one."""

    max_chars: int  # the text itself
    max_nodes: int  # values with every alias expanded (a "billion laughs" is nine lines)
    max_depth: int  # nesting, aliases expanded; recursive walkers stay far from Python's recursion limit
    what: str = "the YAML"


#: front matter, sections.yaml and API blocks: a few dozen values each in real pages
TEXT_LIMITS = Limits(max_chars=1_000_000, max_nodes=100_000, max_depth=64)
#: OpenAPI documents: real ones have a few thousand values
SPEC_LIMITS = Limits(max_chars=8_000_000, max_nodes=1_000_000, max_depth=100, what="the OpenAPI file")


class InputLimit(yaml.YAMLError):
    """Input the portal refuses to read in full (reported as ``portal.input_limit``, not as a YAML error)."""

    def __init__(self, problem: str, line: int = 0):
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = yaml.Mark("<input>", 0, line, 0, None, 0)


def subtype(exc: yaml.YAMLError, default: str) -> str:
    """The warning subtype for a YAML error: ``input_limit`` for :class:`InputLimit`, else *default*."""
    return d.INPUT_LIMIT if isinstance(exc, InputLimit) else default


def compose(text: str, limits: Limits = TEXT_LIMITS) -> yaml.Node | None:
    """The YAML node tree of *text* (nodes keep their lines); raises ``yaml.YAMLError`` (:class:`InputLimit`
    for text too long, nested too deeply, expanding to too many values, or an alias inside itself)."""
    if len(text) > limits.max_chars:
        raise InputLimit(f"{limits.what} is {len(text):,} characters long; the portal reads at most "
                         f"{limits.max_chars:,}")
    try:
        node = yaml.compose(text, Loader=LOADER)
    except RecursionError:  # the pure-Python composer on deep nesting (libyaml stops at 1000 levels itself)
        raise InputLimit(f"{limits.what} is nested too deeply (the portal reads {limits.max_depth} levels)") from None
    if node is not None:
        check_graph(node, limits)
    return node


def check_graph(root: yaml.Node, limits: Limits) -> None:
    """Raise :class:`InputLimit` when the node graph, aliases expanded, is too big, too deep, or cyclic.

    Aliases share nodes, so sizes are memoised per node: linear in the text, however much it expands."""
    size: dict[int, int] = {}  # id(node) -> values below it, itself included, aliases expanded
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if not isinstance(node, yaml.CollectionNode):
            size[key], depth[key] = 1, 1
            continue
        children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
        if done:
            on_path.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            line = node.start_mark.line
            if size[key] > limits.max_nodes:
                raise InputLimit(f"{limits.what} expands to more than {limits.max_nodes:,} values "
                                 "(an alias repeated inside aliases?)", line)
            if depth[key] > limits.max_depth:
                raise InputLimit(f"{limits.what} is nested more than {limits.max_depth} levels deep", line)
            continue
        if key in size:
            continue
        if key in on_path:
            raise InputLimit(f"{limits.what} has an alias inside its own anchor (a value that contains itself)",
                             node.start_mark.line)
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in size)


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
    """Plain Python data from a composed node, as ``yaml.safe_load`` would give; raises ``yaml.YAMLError``
    (also for a tagged value PyYAML cannot build, ``!!int abc``)."""
    try:
        return LOADER("").construct_document(node)
    except yaml.YAMLError:
        raise
    except Exception as exc:
        # on tagged values (`!!int ""`, `!!bool x`) and Python's own limits (an int of 5,000 digits)
        raise yaml.constructor.ConstructorError(None, None, f"a value cannot be read: {exc}",
                                                _mark_of(exc, node)) from None


def _mark_of(exc: Exception, root: yaml.Node):
    """The mark of the first value that cannot be built alone (PyYAML does not say which one failed)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                LOADER("").construct_object(node)
            except Exception:
                return node.start_mark
        elif isinstance(node, yaml.MappingNode):
            stack.extend(c for pair in reversed(node.value) for c in reversed(pair))
        else:
            stack.extend(reversed(node.value))
    return root.start_mark


@dataclass
class FrontMatter:
    data: dict = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line in the file
    item_lines: dict[tuple[str, str], int] = field(default_factory=dict)  # (key, list item) -> line
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
        what = "front matter is not read" if isinstance(exc, InputLimit) else "front matter is not valid YAML"
        fm.problems.append(d.Problem(subtype(exc, d.FRONT_MATTER), f"{what}: {reason}", docname, line=line))
        return fm
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        fm.problems.append(d.Problem(d.FRONT_MATTER, "front matter must be a mapping of `key: value` lines", docname,
                                     line=2))
        return fm
    fm.data = data
    for key_node, value in node.value:
        # +2: one for the opening fence, one because marks are 0-based
        fm.lines[str(key_node.value)] = key_node.start_mark.line + 2
        for item in value.value if isinstance(value, yaml.SequenceNode) else [value]:
            if isinstance(item, yaml.MappingNode) and len(item.value) == 1:  # - old.html: "#anchor"
                item = item.value[0][0]
            if isinstance(item, yaml.ScalarNode):
                fm.item_lines.setdefault((str(key_node.value), str(item.value)), item.start_mark.line + 2)
    return fm


def read_file(path: str, docname: str | None = None, limits: Limits = TEXT_LIMITS) -> FrontMatter:
    """Parse only the head of a file (front matter is at the top): lines up to the closing fence, and never
    more than the limit allows (a huge page is not read whole)."""
    # undecodable bytes: Sphinx warns about them when it reads the page; here they only must not stop the build
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        first = fh.readline(limits.max_chars + 1)
        if first.strip() != "---":
            return FrontMatter()
        lines, size = [first], len(first)
        for line in fh:
            lines.append(line)
            size += len(line)
            if line.strip() in ("---", "..."):
                break
            if size > limits.max_chars:
                fm = FrontMatter()
                fm.problems.append(d.Problem(d.INPUT_LIMIT, f"front matter is not read: it is longer than "
                                             f"{limits.max_chars:,} characters (or has no closing `---`)",
                                             docname, line=1))
                return fm
    return parse("".join(lines), docname)
