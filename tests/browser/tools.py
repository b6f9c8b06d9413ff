"""Where the browser tests' outside tools live, and what to do when one is missing.

The tools: Debian's Chromium (driven by the ``playwright`` Python package, which
never downloads a browser of its own here), axe-core and the Nu HTML Checker
(``vnu-jar``, run with Java) from the npm registry, installed by ``npm ci`` from
the repository's package.json. ``.ci/run`` installs all of them.

On a developer's machine a missing tool skips the tests that need it, saying how
to install it; under CI (``CI=true``) it fails them, so a green CI run always
means the browser tests really ran.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
#: Chromium flags that keep a headless, sandboxed, offline machine quiet: no GPU, no
#: QUIC, and none of the background connections this closed network would refuse.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

INSTALL_HINT = {
    "chromium": "install it with `apt-get install chromium` (never `playwright install`)",
    "playwright": "install the test extra: `make test` does, or `pip install -e '.[test]'`",
    "java": "install a Java runtime: `apt-get install default-jre-headless`",
    "npm": "install the node packages: `npm ci --ignore-scripts` in the repository root",
}


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(what: str, detail: str) -> NoReturn:
    """Skip (developer machine) or fail (CI) because a tool is missing."""
    reason = f"{detail}; {INSTALL_HINT[what]}"
    if under_ci():
        pytest.fail(f"CI=true and the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def require_chromium() -> str:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing("chromium", f"no Chromium at {CHROMIUM}")
    return CHROMIUM


def require_axe() -> str:
    if not AXE_JS.is_file():
        missing("npm", f"axe-core is not installed ({AXE_JS.relative_to(REPO)} missing)")
    return AXE_JS.read_text(encoding="utf-8")


def require_vnu() -> list[str]:
    """The command that runs the Nu HTML Checker."""
    java = shutil.which("java")
    if java is None:
        missing("java", "no `java` on PATH for the Nu HTML Checker")
    if not VNU_JAR.is_file():
        missing("npm", f"vnu-jar is not installed ({VNU_JAR.relative_to(REPO)} missing)")
    return [java, "-Xss2m", "-jar", str(VNU_JAR)]
