"""``python -m devportal check``: build the portal quietly and print one table of its problems.

Sphinx runs in a child process (a fresh interpreter, so the check sees exactly what ``make html`` sees,
parallel reading included) with a fresh environment, ``-n`` and a warning file; nothing stops at the
first problem. Each ``file:line: WARNING: message [type.subtype]`` record of the file becomes one row of
the table (type, file:line, message), and a summary counts them by type. Exit status: 0 when clean,
1 when there are problems, 2 when the build itself could not run.

Places the scaffolds marked ``Write:`` and nobody has written yet are listed after the table; they do
not count as problems unless ``--strict`` is given.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import authoring

RECORD_RE = re.compile(r"^(?:(?P<file>.+?):(?:(?P<line>\d+):)? )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): "
                       r"(?P<message>.*)$")
TYPE_RE = re.compile(r"\s\[(?P<type>[A-Za-z0-9_.-]+)\]$")
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Problem:
    type: str  # "portal.url_query", "ref.doc", or "" when Sphinx gave none
    file: str
    line: int | None
    message: str
    level: str = "WARNING"

    @property
    def location(self) -> str:
        if not self.file:
            return "-"
        return f"{self.file}:{self.line}" if self.line else self.file


def parse(text: str, base: Path | None = None) -> list[Problem]:
    """The records of a Sphinx warning file; continuation lines belong to the record above them."""
    problems: list[Problem] = []
    for raw in ANSI_RE.sub("", text).splitlines():
        match = RECORD_RE.match(raw)
        if match:
            problems.append(Problem("", _relative(match["file"] or "", base),
                                    int(match["line"]) if match["line"] else None, match["message"].strip(),
                                    match["level"]))
        elif problems and raw.strip():
            problems[-1].message += " " + raw.strip()
    for problem in problems:
        found = TYPE_RE.search(problem.message)
        if found:
            problem.type = found["type"]
            problem.message = problem.message[: found.start()].rstrip()
    return sorted(problems, key=lambda p: (p.file, p.line or 0))  # stable: same line keeps Sphinx's order


def _relative(path: str, base: Path | None) -> str:
    if not path or not os.path.isabs(path):
        return path
    for root in (Path.cwd(), base):
        if root is None:
            continue
        try:
            return Path(path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return path


def table(problems: list[Problem]) -> str:
    rows = [("TYPE", "FILE:LINE", "MESSAGE")] + [(p.type or p.level.lower(), p.location, p.message)
                                                  for p in problems]
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    return "\n".join(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]}".rstrip() for r in rows)


def summary(problems: list[Problem]) -> str:
    if not problems:
        return "No problems."
    counts = Counter(p.type or p.level.lower() for p in problems)
    by_type = ", ".join(f"{n} {t}" for t, n in sorted(counts.items(), key=lambda i: (-i[1], i[0])))
    noun = "problem" if len(problems) == 1 else "problems"
    return f"{len(problems)} {noun}: {by_type}."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def build(docs: Path, outdir: Path, *, builder: str = "html", jobs: str = "auto") -> tuple[int, str, str]:
    """Run sphinx-build; return (exit code, warning file text, stderr)."""
    with tempfile.TemporaryDirectory(prefix="devportal-check-") as tmp:
        warnfile = Path(tmp) / "warnings.txt"
        command = [sys.executable, "-m", "sphinx", "-b", builder, "-E", "-n", "-q", "-N", "-j", jobs,
                   "-w", str(warnfile), "-d", str(Path(tmp) / "doctrees"), str(docs), str(outdir)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        text = warnfile.read_text(encoding="utf-8") if warnfile.exists() else ""
    return result.returncode, text, result.stderr


def run(docs: str | Path = "docs", *, builddir: str | Path | None = None, builder: str = "html",
        jobs: str = "auto", strict: bool = False, out=None) -> int:
    out = out or sys.stdout
    docs = Path(docs)
    if not (docs / "conf.py").is_file():
        print(f"devportal check: {authoring.display(docs / 'conf.py')} does not exist; give the portal's docs "
              "folder with --docs", file=sys.stderr)
        return 2
    if builddir is None:
        with tempfile.TemporaryDirectory(prefix="devportal-check-out-") as tmp:
            code, text, stderr = build(docs, Path(tmp), builder=builder, jobs=jobs)
    else:
        code, text, stderr = build(docs, Path(builddir), builder=builder, jobs=jobs)
    problems = parse(text, docs.resolve().parent)
    if problems:
        print(table(problems), file=out)
        print(file=out)
    if code != 0:
        # without -W Sphinx fails only when it cannot go on (a broken conf.py, an exception): say what it said
        print(f"devportal check: Sphinx stopped (exit {code}):\n{stderr.strip()}", file=sys.stderr)
        return 2
    print(summary(problems), file=out)

    todo = authoring.markers(docs)
    if todo:
        by_file: dict[Path, list[int]] = {}
        for marker in todo:
            by_file.setdefault(marker.path, []).append(marker.line)
        print(f"\nStill to write: {_count(len(todo), 'place')} marked `{authoring.MARKER}` in "
              f"{_count(len(by_file), 'file')}" + (" (problems, with --strict)" if strict else "") + ":", file=out)
        for path, lines in by_file.items():
            print(f"  {_relative(str(path.resolve()), docs.resolve().parent)}  "
                  f"line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}", file=out)
    return 1 if problems or (strict and todo) else 0
