"""The Nu HTML Checker (vnu.jar) finds no errors in the portal's kinds of page."""

from __future__ import annotations

import json
import subprocess

import pytest

from .portal import ROLES
from .tools import require_vnu


@pytest.fixture(scope="module")
def vnu_errors(portal) -> dict[str, list[dict]]:
    """Check every page that plays a role in one run of the checker (it starts a JVM); errors by path."""
    command = require_vnu()
    paths = {}
    for role in ROLES:
        try:
            paths[role] = portal.page_for(role)
        except pytest.skip.Exception:
            continue
    files = sorted({str(portal.outdir / p) for p in paths.values()})
    run = subprocess.run([*command, "--format", "json", "--exit-zero-always", *files],
                         capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(run.stderr or run.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu HTML Checker did not answer in JSON:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    errors: dict[str, list[dict]] = {p: [] for p in paths.values()}
    for message in messages:
        if message["type"] in ("error", "non-document-error"):
            url = message.get("url", "")
            path = next((p for p in errors if url.endswith("/" + p)), url)
            errors.setdefault(path, []).append(message)
    return errors


@pytest.mark.parametrize("role", ROLES)
def test_nu_html_checker_finds_no_errors(portal, vnu_errors, role):
    path = portal.page_for(role)
    found = vnu_errors.get(path, [])
    lines = [f"line {m.get('lastLine', '?')}: {m['message']}  «{m.get('extract', '').strip()[:120]}»" for m in found]
    assert not found, f"vnu on {path}:\n  " + "\n  ".join(lines)
