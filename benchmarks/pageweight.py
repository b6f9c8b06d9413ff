"""What a cold view of a built page costs a reader: requests and bytes, compressed and not.

Read from the files, not from a browser, so the figures do not depend on the machine: the page, every
stylesheet, script, icon and image its HTML names, and whatever those stylesheets name in turn
(``@import``, ``url()``). Compressed sizes are gzip level 6, as a CDN serves text. The browser tests check
that a real browser makes exactly the requests counted here.

    python benchmarks/pageweight.py build/html index.html admin/index.html
"""

from __future__ import annotations

import argparse
import gzip
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from serve import COMPRESSED

_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = set((a.get("rel") or "").lower().split())
        if tag == "link" and a.get("href") and rel & {"stylesheet", "icon", "preload", "modulepreload"}:
            self.refs.append(a["href"])
        elif tag in ("script", "img", "iframe") and a.get("src"):
            self.refs.append(a["src"])


@dataclass
class View:
    page: str
    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # URL path -> (raw bytes, sent bytes)

    @property
    def requests(self) -> int:
        return len(self.files)

    @property
    def raw(self) -> int:
        return sum(r for r, _ in self.files.values())

    @property
    def sent(self) -> int:
        return sum(s for _, s in self.files.values())


def _size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    sent = len(gzip.compress(data, 6, mtime=0)) if path.suffix in COMPRESSED else len(data)
    return len(data), sent


def cold_view(outdir: Path, page: str) -> View:
    """The files a browser fetches to show *page* (a path relative to *outdir*) with an empty cache."""
    view = View(page)
    base = "http://site/"
    queue = [urljoin(base, page)]
    while queue:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc != "site" or parts.path in view.files:
            continue  # another origin (none today) or already fetched
        path = outdir / parts.path.lstrip("/")
        if not path.is_file():
            raise FileNotFoundError(f"{page} refers to {parts.path}, which is not in {outdir}")
        view.files[parts.path] = _size(path)
        if path.suffix == ".html":
            refs = _Refs()
            refs.feed(path.read_text(encoding="utf-8"))
            queue += [urljoin(url, ref) for ref in refs.refs if not ref.startswith("data:")]
            if not any(r for r in refs.refs if "icon" in r or r.endswith((".ico", ".svg", ".png"))):
                queue.append(urljoin(url, "/favicon.ico"))  # browsers ask for one when a page names none
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            for match in _CSS_URL.finditer(text):
                ref = match.group(1) or match.group(2)
                if not ref.startswith(("data:", "#")):
                    queue.append(urljoin(url, ref))
    return view


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("pages", nargs="+")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every file")
    args = parser.parse_args()
    for page in args.pages:
        view = cold_view(args.outdir, page)
        print(f"{page}: requests={view.requests} kb_sent={view.sent / 1024:.1f} kb_raw={view.raw / 1024:.1f}")
        if args.verbose:
            for path, (raw, sent) in view.files.items():
                print(f"  {path}: {raw / 1024:.1f} KB, {sent / 1024:.1f} KB sent")


if __name__ == "__main__":
    main()
