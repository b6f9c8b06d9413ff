"""Shared fixtures: fixture projects live in tests/roots/test-<feature>/."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def read_html(app, pagename: str) -> BeautifulSoup:
    """Parse one built page of *app*'s HTML output."""
    return BeautifulSoup((Path(app.outdir) / f"{pagename}.html").read_text(encoding="utf-8"), "html.parser")


def warnings_of(app) -> str:
    """Everything the build warned, without colour codes."""
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
