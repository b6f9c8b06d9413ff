"""Serve a built portal on 127.0.0.1 the way a CDN does: gzip for text, long-lived caching for hashed assets.

Read the Docs' CDN compresses HTML, CSS, JS and SVG and lets a browser keep assets whose URL carries a
content hash (``?v=...``, ``?digest=...``); pages themselves are revalidated. Measurements of a cold and
a second page view need both, so the benchmarks and Lighthouse runs serve the build through this.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

COMPRESSED = {".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".map"}
HASHED = ("?v=", "?digest=")


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log: list[str] | None = None  # every path asked for, in order (set per server by serve())

    def log_message(self, format, *args):
        pass

    def send_head(self):
        if self.log is not None:
            self.log.append(self.path)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return None
        data = path.read_bytes()
        gz = path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if gz:
            data = gzip.compress(data, 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(data)))
        if gz:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        hashed = any(h in self.path for h in HASHED)
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if hashed else "no-cache")
        self.end_headers()
        self._body = data
        return True

    def do_GET(self):
        if self.send_head():
            self.wfile.write(self._body)

    def do_HEAD(self):
        self.send_head()


@contextlib.contextmanager
def serve(folder: Path, log: list[str] | None = None) -> Iterator[str]:
    """Serve *folder* on a free port of 127.0.0.1 for the ``with`` block; yields the root URL.

    *log*, when given, receives the path of every request the server answers.
    """
    handler = type("LoggingHandler", (Handler,), {"log": log})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
