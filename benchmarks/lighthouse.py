"""Lighthouse on a built portal, served compressed on 127.0.0.1 (``serve.py``), as the issue measures it.

    python benchmarks/lighthouse.py build/html index.html admin/index.html [--preset desktop]

Prints, per page: the four category scores, first contentful paint, largest contentful paint, total
blocking time, layout shift, bytes transferred and requests. Needs ``npm ci`` (the ``lighthouse``
package) and Chromium (``CHROME_PATH``, default /usr/bin/chromium). Scores for performance move with
the machine's load (Lighthouse simulates a slow phone from a trace); the other categories do not.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path

from serve import serve

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def run(url: str, preset: str = "mobile", scheme: str = "light") -> dict:
    """Lighthouse's figures for one URL."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}",
               f"--chrome-flags=--headless --no-sandbox --disable-gpu --force-prefers-color-scheme={scheme}"
               if scheme == "dark" else "--chrome-flags=--headless --no-sandbox --disable-gpu"]
        if preset == "desktop":
            cmd.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        subprocess.run(cmd, check=True, env=env, capture_output=True, timeout=300)
        report = json.loads(out.read_text())
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        **{c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "requests": len(requests),
        "urls": [r["url"][:90] for r in requests],
        "failed": [a["id"] for a in audits.values() if a.get("score") is not None and a["score"] < 1
                   and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--preset", choices=("mobile", "desktop"), default="mobile")
    parser.add_argument("--scheme", choices=("light", "dark"), default="light")
    parser.add_argument("--audits", action="store_true", help="also list the audits that did not pass")
    args = parser.parse_args()
    with serve(args.outdir) as root:
        for page in args.pages:
            r = run(root + page, args.preset, args.scheme)
            print(f"{page} [{args.preset}, {args.scheme}]: perf={r['performance']} a11y={r['accessibility']} "
                  f"bp={r['best-practices']} seo={r['seo']} fcp={r['fcp_s']:.1f}s lcp={r['lcp_s']:.1f}s "
                  f"tbt={r['tbt_ms']:.0f}ms cls={r['cls']:.3f} kb={r['kb']:.0f} requests={r['requests']}")
            if args.audits:
                print("  not passed:", ", ".join(r["failed"]))
                print("  requests:", " ".join(r["urls"]))


if __name__ == "__main__":
    main()
