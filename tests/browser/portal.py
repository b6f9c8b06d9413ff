"""The built portal as the browser tests see it: which page plays which part.

Tests name pages by the part they play (the landing page, a section landing page,
an API overview, a method page), not by path, because the real content is still
being written: each part is filled by the page the issue names when it exists
(the Skills API, in the Admin section) and otherwise by the first page of the
same kind, so a test checks what is there today and picks the named page up as
soon as it lands. A part no page can fill yet is a content gap; the test that
needs it skips and says which page is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

#: the document the issue names for the search, copy-button and method tests
SKILLS_API = "admin/skills-api"
SECTION = "admin"

ROLES = ("landing", "section", "api-overview", "method")


@dataclass
class Portal:
    """A built portal folder, served at *url* (ends with ``/``)."""

    outdir: Path
    url: str

    def exists(self, path: str) -> bool:
        """A page of the portal (an old URL's redirect page is not: its page moved)."""
        page = self.outdir / path
        return page.is_file() and 'content="devportal redirect"' not in page.read_text(errors="replace")[:400]

    def api_documents(self) -> list[str]:
        """Folders (``section/document``) of documents that have method pages, Skills API first."""
        docs = sorted(
            str(p.parent.relative_to(self.outdir))
            for p in self.outdir.glob("*/*/methods")
            if p.is_dir() and self._methods_in(p)
        )
        return sorted(docs, key=lambda d: d != SKILLS_API)

    def _methods_in(self, folder: Path) -> list[str]:
        return sorted(str(p.relative_to(self.outdir)) for p in folder.rglob("*.html") if p.name != "index.html")

    def method_pages(self, document: str) -> list[str]:
        return self._methods_in(self.outdir / document / "methods")

    def page_for(self, role: str) -> str:
        """The path of the page that plays *role*; skips the test when no page can yet."""
        if role == "landing":
            return "index.html"
        if role == "section":
            for path in (f"{SECTION}/index.html", "guides/index.html"):
                if self.exists(path):
                    return path
            pytest.skip("content gap: no section landing page (admin/index.html) was built")
        docs = self.api_documents()
        if not docs:
            pytest.skip("content gap: no document has method pages yet (docs/<section>/<api>/methods/*.md); "
                        f"expected {SKILLS_API}/methods/")
        if role == "api-overview":
            return f"{docs[0]}/index.html"
        if role == "method":
            return self.method_pages(docs[0])[0]
        raise ValueError(role)

    def skills_api(self) -> str:
        """The Skills API's folder; skips while it has not been written."""
        if not self.exists(f"{SKILLS_API}/index.html"):
            pytest.skip(f"content gap: the Skills API ({SKILLS_API}/index.md) has not been written yet")
        return SKILLS_API
