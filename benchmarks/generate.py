"""Generate a synthetic portal: N method-shaped pages over the seven sections.

Each document has an overview, a getting-started page, an appendix and a
``methods/`` subfolder; every page carries front matter and method-like
content (description, parameter tables, a JSON example) so the build does
the work a real portal page does.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
SECTIONS = ["guides", "consumer-experience", "agent-interactions", "data", "real-time-interactions",
            "account-configuration", "admin"]
PAGES_PER_DOCUMENT = 20

METHOD = """\
---
summary: Method {i} of the {doc} document, generated for the benchmark.
order: {order}
---
# {verb} widget {i}

Returns widget {i} of the account. Use it to read one widget; call it again with the revision you received
in `ac-revision` to learn whether the widget changed. This text is long enough to look like a real method.

## Request

```{{api-request}} {verb_upper} https://{{domain}}/api/account/{{accountId}}/widgets/{i}/{{widgetId}}
service: accountConfigReadOnly
headers:
  Authorization: required — Bearer token or OAuth 1.0 header.
  If-Match: The revision the client knows.
path:
  accountId: string, required — LivePerson account ID.
  widgetId: long, required — ID of the widget.
query:
  v: number, required, default 1.0 — API version.
  select: string — Fields to return.
```

## Response

```{{api-response}}
headers:
  ac-revision: Revision of the widgets collection.
elements:
  id: long, required — Widget ID.
  name: string, required — Widget name.
  deleted: boolean — Whether the widget is deleted.
  maxWaitTime{i}: int — Seconds a conversation waits.
codes:
  200: OK
  401: Not authenticated.
  404: Not found.
example: |
  {{"id": {i}, "name": "Widget {i}", "deleted": false, "maxWaitTime{i}": 120}}
```
"""

PAGE = """\
---
summary: The {title} of the {doc} document.
---
# {title}

This page explains the {title} of {doc}. It has a few paragraphs of text, like a real page of an API document,
so that reading and writing it costs what a real page costs.

## Details

- The first point about {doc}.
- The second point about {doc}.
"""


def generate(pages: int, dest: Path, native: bool = False) -> Path:
    """Write a portal with about *pages* pages into *dest* (replacing it).

    *native*: the same pages wired the stock way for comparison — toctrees in
    section and document pages and pydata-sphinx-theme's own navigation (portal navigation off).
    """
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy(DOCS / "sections.yaml", dest / "sections.yaml")
    (dest / "conf.py").write_text('extensions = ["devportal"]\nhtml_theme = "pydata_sphinx_theme"\n'
                                  'html_theme_options = {"logo": {"text": "Bench"}}\n')
    if native:
        # same extensions and content; the theme's own toctree navigation instead of the portal's
        (dest / "conf.py").write_text('extensions = ["devportal"]\nportal_navigation = False\n'
                                      'suppress_warnings = ["portal.outside_section"]\n'
                                      'html_theme = "pydata_sphinx_theme"\n'
                                      'html_theme_options = {"logo": {"text": "Bench"}}\n')
        (dest / "index.md").write_text("# Bench portal\n\n```{toctree}\n:maxdepth: 1\n\n"
                                       + "\n".join(f"{s}/index" for s in SECTIONS) + "\n```\n")
    else:
        (dest / "index.md").write_text("# Bench portal\n\n```{portal-overview}\n```\n")
    section_docs: dict[str, list[str]] = {s: [] for s in SECTIONS}
    documents = max(1, round(pages / PAGES_PER_DOCUMENT))
    written = 0
    for d in range(documents):
        section = SECTIONS[d % len(SECTIONS)]
        doc = f"api-{d:04d}"
        title = f"Widget API {d}"
        folder = dest / section / doc
        (folder / "methods").mkdir(parents=True)
        overview = f"---\nsummary: Manage widgets, part {d}.\norder: {d}\n---\n# {title}\n\nOverview of {title}.\n"
        section_docs[section].append(f"{doc}/index")
        (folder / "getting-started.md").write_text(PAGE.format(title="Getting Started", doc=title))
        (folder / "appendix.md").write_text(PAGE.format(title="Appendix", doc=title))
        written += 3
        share = min(PAGES_PER_DOCUMENT - 3, pages - written) if d < documents - 1 else pages - written
        for i in range(max(share, 1)):
            verb, http = [("Get", "GET"), ("Create", "POST"), ("Update", "PUT"), ("Delete", "DELETE")][i % 4]
            (folder / "methods" / f"method-{i:03d}.md").write_text(
                METHOD.format(i=i, doc=title, order=(i + 1) * 10, verb=verb, verb_upper=http))
            written += 1
        if native:
            methods = sorted(p.stem for p in (folder / "methods").glob("*.md"))
            overview += ("\n```{toctree}\n:maxdepth: 2\n\ngetting-started\n"
                         + "".join(f"methods/{m}\n" for m in methods) + "appendix\n```\n")
        (folder / "index.md").write_text(overview)
    if native:
        for section, docs in section_docs.items():
            (dest / section).mkdir(exist_ok=True)
            (dest / section / "index.md").write_text(f"# {section.title()}\n\n```{{toctree}}\n:maxdepth: 1\n\n"
                                                     + "\n".join(docs) + "\n```\n")
    return dest


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--native", action="store_true",
                        help="the theme's own toctree navigation instead of the portal's")
    parser.add_argument("dest", type=Path)
    args = parser.parse_args()
    print(generate(args.pages, args.dest, args.native))
