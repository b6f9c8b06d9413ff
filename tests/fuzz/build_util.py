"""One in-process Sphinx build for the build-level fuzz suites (cards, whole portal)."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

from sphinx.errors import SphinxError
from sphinx.testing.util import SphinxTestApp

TRACEBACK = re.compile(r"Traceback|Exception occurred|exception:|Error: ", re.I)


def build_strict(srcdir: Path):
    """Build *srcdir* as ``make html`` does (``-W --keep-going``): every page is written, warnings end the build
    with status 1. An exception from any extension propagates (that is the failure these suites look for).
    Returns (app, warnings); warnings is None when Sphinx stopped because the root page was left out."""
    app = SphinxTestApp("html", srcdir=srcdir, builddir=srcdir / "_build", freshenv=True, warningiserror=True,
                        status=StringIO(), warning=StringIO())
    try:
        app.build()
    except SphinxError as exc:
        # Sphinx's own clean stop (sphinx-build prints its message, no traceback): only when the root page
        # itself could not be read, which the portal has said, typed, before
        warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
        assert "unable to load the master document" in str(exc), exc
        assert re.search(r"index\.md:\d+: WARNING: .*\[portal\.(source_encoding|input_limit)\]", warnings), warnings
        return app, None
    finally:
        app.cleanup()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return app, warnings


def assert_sane(app, warnings: str) -> None:
    """No traceback text; ``-W`` fails when anything warned; the portal's own warnings are typed."""
    assert not TRACEBACK.search(warnings), warnings
    assert (app.statuscode != 0) == bool(warnings.strip()), (app.statuscode, warnings)
    for line in warnings.splitlines():
        if re.search(r"\b(WARNING|ERROR|CRITICAL|SEVERE):", line):
            # every problem names its file (and line where it has one)
            assert re.match(r"^\S.*?\.(md|yaml|json|py)(:\d+)?: (WARNING|ERROR|CRITICAL|SEVERE):", line), line
