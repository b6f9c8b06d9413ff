"""Hostile input is bounded: a billion-laughs alias bomb, 10,000 levels of nesting, an alias inside itself and
a 50 MB file each give a typed warning (``portal.input_limit`` or the reader's own YAML error) instead of a
hang, a memory blow-up or a traceback.

Every reader runs in one child process with its address space capped at 2 GB; the parent's timeout only
detects a hang (it is not a speed assertion: speed goals live in benchmarks/).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

CHILD = textwrap.dedent(r'''
    import json, os, resource, sys, tempfile
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    from devportal.core import apispec, frontmatter, openapi, taxonomy
    from devportal.build.sources import unreadable

    BOMB = "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9) if p else ', '.join(['lol'] * 9)}]\n"
                   for p, c in zip([""] + list("abcdefgh"), "abcdefghi"))
    DEEP_FLOW = "[" * 10_000 + "]" * 10_000
    DEEP_BLOCK = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "x: 1\n"
    CYCLE = "a: &a\n  b: *a\n"
    HUGE = "x: " + "y" * 50_000_000 + "\n"
    inputs = {"alias bomb": BOMB, "deep flow": DEEP_FLOW, "deep block": DEEP_BLOCK, "cycle": CYCLE, "50 MB": HUGE}
    result = {}
    for name, text in inputs.items():
        subtypes = {}
        fm = frontmatter.parse("---\n" + text + "\n---\n", "page")
        subtypes["front matter"] = [p.subtype for p in fm.problems]
        subtypes["sections.yaml"] = [p.subtype for p in taxonomy.load_sections(text, "sections.yaml")[1]]
        subtypes["api block"] = [p.subtype for p in apispec.parse_response(text, line=1)[1]]
        spec_text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n" + text
        subtypes["openapi"] = [p.subtype for p in openapi.parse(spec_text, "s.yaml").problems]
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "page.md")
            with open(path, "w") as fh:
                fh.write("---\n" + text + "\n---\n# T\n")
            subtypes["front matter (file)"] = [p.subtype for p in frontmatter.read_file(path, "page").problems]
            raw = open(path, "rb").read()
            problem = unreadable(raw, "utf-8-sig", "page")
            subtypes["page"] = [problem.subtype] if problem else []
            spec_path = os.path.join(tmp, "openapi.yaml")
            with open(spec_path, "w") as fh:
                fh.write(spec_text)
            subtypes["openapi (file)"] = [p.subtype for p in openapi.load(spec_path, "openapi.yaml").problems]
        result[name] = subtypes
    print(json.dumps(result))
''')


@pytest.fixture(scope="module")
def outcome():
    proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


EXPECTED = {
    # each reader says input_limit, except where the input is plain invalid YAML to it (libyaml's own nesting
    # limit at 1,000 levels) or a page just long: only the page reader minds a 50 MB page
    ("alias bomb", "front matter"): "input_limit", ("alias bomb", "sections.yaml"): "input_limit",
    ("alias bomb", "api block"): "input_limit", ("alias bomb", "openapi"): "input_limit",
    ("alias bomb", "openapi (file)"): "input_limit", ("alias bomb", "front matter (file)"): "input_limit",
    ("deep flow", "front matter"): "front_matter", ("deep flow", "sections.yaml"): "sections_file",
    ("deep flow", "api block"): "api_block", ("deep flow", "openapi"): "openapi_file",
    ("deep block", "front matter"): "input_limit", ("deep block", "sections.yaml"): "input_limit",
    ("deep block", "api block"): "input_limit", ("deep block", "openapi"): "input_limit",
    ("cycle", "front matter"): "input_limit", ("cycle", "sections.yaml"): "input_limit",
    ("cycle", "api block"): "input_limit", ("cycle", "openapi"): "input_limit",
    ("50 MB", "front matter"): "input_limit", ("50 MB", "sections.yaml"): "input_limit",
    ("50 MB", "api block"): "input_limit", ("50 MB", "openapi"): "input_limit",
    ("50 MB", "front matter (file)"): "input_limit", ("50 MB", "page"): "input_limit",
    ("50 MB", "openapi (file)"): "input_limit",
}


@pytest.mark.parametrize(("hostile", "reader"), sorted(EXPECTED))
def test_hostile_input_gives_a_typed_warning(outcome, hostile, reader):
    assert EXPECTED[(hostile, reader)] in outcome[hostile][reader], outcome[hostile][reader]
