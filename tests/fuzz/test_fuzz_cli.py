"""The writers' tools' arguments: ``python -m devportal new document|new method|check|openapi`` through
``devportal.writers.cli.main(argv)``, in-process, on a copy of a small portal in a temporary folder.

Property: the exit status is 0, 1 or 2 (done, refused, wrong usage) and nothing escapes as an exception;
nothing is written outside the docs folder; a refusal writes nothing.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from devportal.writers import cli

from ..conftest import ROOTS
from .strategies import count, examples, mutated, texts

words = st.one_of(texts.filter(lambda t: "\x00" not in t), st.sampled_from(
    ["admin", "Admin", "guides", "admin/users-api", "admin/users-api/", "admin/..", "../admin", "/admin/users-api",
     "admin/users-api/methods", "x", "", " ", "-", "--", "Agent Groups API", "Get user", "GET", "get", "FETCH",
     "https://{domain}/api/account/{accountId}/x", "/a?b=c", "{", "index", "../../escape", "a" * 300,
     "openapi.yaml#getUser", "admin/users-api/openapi.yaml#getUser", "openapi.yaml#/paths/~1x/get",
     "openapi.yaml#", "#getUser", "nope.yaml#x", "openapi.yaml getUser", "10", "-5", "1e3", "chat", "both"]))

OPTIONS = {
    "document": ["--section", "--slug", "--summary", "--indicator", "--docs"],
    "method": ["--document", "--openapi", "--slug", "--order", "--service", "--summary", "--docs"],
    "openapi": [],
}


@st.composite
def argvs(draw) -> list[str]:
    command = draw(st.sampled_from(["document", "method", "openapi", "junk"]))
    if command == "junk":
        return draw(st.lists(words, max_size=4))
    argv = ["new", command] if command != "openapi" else ["openapi"]
    argv += draw(st.lists(words, max_size=3))
    for _ in range(draw(st.integers(0, 4))):
        option = draw(st.sampled_from(OPTIONS[command] + ["--help", "--bogus", "-x"]))
        argv += [option] + ([draw(words)] if draw(st.integers(0, 5)) else [])
    if command == "document" and draw(st.booleans()):
        argv += ["--section", draw(st.sampled_from(["admin", "guides", "Guides"]))]
    if command == "method" and draw(st.booleans()):
        argv += ["--document", "admin/users-api"]
    if command == "method" and draw(st.booleans()):
        argv += ["--openapi", "openapi.yaml#" + draw(st.sampled_from(["getUser", "getUsers", "createUsers", "x"]))]
    return draw(st.permutations(argv)) if draw(st.integers(0, 5)) == 0 else argv


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(argv: list[str], cwd: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # argparse: --help (0) or wrong usage (2)
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(old)
    return code, err.getvalue()


@st.composite
def workspaces(draw):
    """(argv, damaged spec text or None, a method page already in the document or None)."""
    argv = draw(argvs())
    spec = page = None
    if draw(st.integers(0, 2)) == 0:
        spec = draw(mutated((ROOTS / "test-authoring/admin/users-api/openapi.yaml").read_text(encoding="utf-8")))
    if draw(st.integers(0, 2)) == 0:  # `new method` reads the orders of the pages already there
        order = draw(st.one_of(st.sampled_from([".inf", "-.inf", ".nan", "9" * 400, "10", "x", "[1]", "1e308"]),
                               texts.filter(lambda t: "\n" not in t)))
        page = draw(st.one_of(st.just(f"---\norder: {order}\n---\n# M\n"),
                              mutated("---\nsummary: Gets a user.\norder: 10\n---\n# Get user\n")))
    return argv, spec, page


@settings(max_examples=examples(60, 2000))
@given(workspaces())
@example((["new", "method", "--document", "admin/..", "Get", "GET", "/a"], None, None))
@example((["new", "document", "--section", "admin", "--slug", "../../escape", "T"], None, None))
@example((["openapi", "admin/users-api/openapi.yaml#getUser"], "openapi: 3.0.3\npaths: {x: !!int abc}\n", None))
@example((["new", "method", "--document", "admin/users-api", "--order", "1e3", "T", "GET", "/a"], None, None))
# found: an existing page's `order: .inf` (or nan, or 400 digits) raised OverflowError in next_order
@example((["new", "method", "--document", "admin/users-api", "T", "GET", "/a"], None, "---\norder: .inf\n---\n"))
@example((["new", "method", "--document", "admin/users-api", "T", "GET", "/a"], None, "---\norder: .nan\n---\n"))
def test_writers_tools(tmp_path_factory, workspace):
    count("writers' tools")
    argv, spec, page = workspace
    work = tmp_path_factory.mktemp("cli")
    docs = work / "docs"
    shutil.copytree(ROOTS / "test-authoring", docs)
    if spec is not None:
        (docs / "admin/users-api/openapi.yaml").write_text(spec, encoding="utf-8")
    if page is not None:
        (docs / "admin/users-api/methods").mkdir(exist_ok=True)
        (docs / "admin/users-api/methods/existing.md").write_text(page, encoding="utf-8")
    shutil.copy(docs / "admin/users-api/openapi.yaml", work / "openapi.yaml")
    before = snapshot(work)
    code, stderr = run(argv, work)
    assert code in (0, 1, 2), (code, stderr)
    assert "Traceback" not in stderr
    after = snapshot(work)
    outside = [p for p in set(after) ^ set(before) if not p.startswith("docs/")]
    assert not outside, outside  # nothing written outside the docs folder
    assert all(after[p] == before[p] for p in before if p in after), "an existing file was changed"
    if code != 0:
        assert after == before  # a refusal (or a mistake in the command) writes nothing


@settings(max_examples=examples(1, 5))
@given(st.lists(st.sampled_from(["--strict", "--jobs", "1", "x", "--builder", "html", "nope", "--builddir", "out"]),
                max_size=4), st.sampled_from(["index.md", "sections.yaml", "admin/users-api/openapi.yaml"]),
       st.data())
def test_check_command(tmp_path_factory, extra, damaged, data):
    """``check`` builds the portal (a subprocess): slow, so a few inputs; a damaged file is a problem (1)."""
    count("writers' tools (check)")
    work = tmp_path_factory.mktemp("check")
    docs = work / "docs"
    shutil.copytree(ROOTS / "test-authoring", docs)
    path = docs / damaged
    path.write_text(data.draw(mutated(path.read_text(encoding="utf-8"))), encoding="utf-8")
    code, stderr = run(["check", "--docs", "docs", *extra], work)
    assert code in (0, 1, 2), (code, stderr)
    assert "Traceback" not in stderr and "Exception occurred" not in stderr, stderr
