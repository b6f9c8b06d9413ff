"""Benchmark the portal's navigation at scale: `make bench PAGES=N`.

Builds a generated portal of N pages the way `make html` builds the portal
(-n -j auto), then the same content with no navigation at all (the floor:
``portal_navigation = False`` — same extensions, no tabs, sidebar, breadcrumbs
or prev/next), then two incremental rebuilds, and measures a cold view of the landing page and a
method page (``pageweight.py``: bytes sent compressed, requests). The last line is machine-readable;
``page_view_kb`` is the heavier of the two views, compressed; it also gives what search
costs (benchmarks/search.py): the index's build time and share of the clean build, its bytes, and the
compressed bytes the first query of a session transfers, measured in Chromium.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from generate import generate
from pageweight import cold_view
from search import first_query_kb, index_kb

WORK = Path(__file__).resolve().parent / "_work"


#: seconds (wall, CPU) the search index took in the last build into a folder (devportal.search logs them), and
#: the CPU seconds of that whole build: the machine's load changes wall times, not CPU times
SEARCH_S: dict[Path, tuple[float, float]] = {}
BUILD_CPU_S: dict[Path, float] = {}


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sphinx(src: Path, out: Path, *extra: str) -> float:
    # not -q: the search index logs its own time (the log goes to a pipe, which costs nothing measurable)
    cmd = [sys.executable, "-m", "sphinx", "-n", "-j", "auto", "-b", "html", *extra, str(src), str(out)]
    start, cpu_start = time.perf_counter(), _children_cpu_s()
    result = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    BUILD_CPU_S[out] = _children_cpu_s() - cpu_start
    if result.returncode != 0 or "WARNING" in result.stderr:
        sys.exit(f"build failed:\n{result.stderr[-3000:]}")
    if found := re.search(r"search index: \d+ pages in ([\d.]+) s \(CPU ([\d.]+) s\)", result.stdout):
        SEARCH_S[out] = (float(found.group(1)), float(found.group(2)))
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2, help="clean builds of each kind; the fastest counts")
    parser.add_argument("--native", action="store_true",
                        help="also build the same pages with the theme's own toctree navigation, for comparison")
    args = parser.parse_args()
    n = args.pages
    src = generate(n, WORK / f"portal-{n}")
    out, floor_out = WORK / f"html-{n}", WORK / f"floor-{n}"

    def clean_build(folder: Path, *extra: str) -> float:
        subprocess.run(["rm", "-rf", str(folder)], check=True)
        return sphinx(src, folder, *extra)

    # interleaved and repeated, the fastest run of each kind counts: a burst of load on the machine
    # then slows one run, not one kind
    floor_times, build_times, search_times = [], [], []
    for _ in range(args.repeat):
        floor_times.append(clean_build(floor_out, "-D", "portal_navigation=0"))
        build_times.append(clean_build(out))
        wall, cpu = SEARCH_S.get(out, (float("nan"), float("nan")))
        search_times.append((wall, cpu, cpu / BUILD_CPU_S[out]))
    floor_s, build_s = min(floor_times), min(build_times)
    search_s, _search_cpu_s, search_cpu_share = search_times[build_times.index(build_s)]
    search_index = index_kb(out)
    first_query = first_query_kb(out, "index.html", "create widget")
    pages = [p for p in out.rglob("*.html") if "_static" not in p.parts and ".doctrees" not in p.parts]
    page_files = [p for p in pages if p.parent != out or p.name == "index.html"]
    html_kb = sum(p.stat().st_size for p in page_files) / len(page_files) / 1024

    # incremental: edit one page's body, then add a page; repeated like the clean builds (the added
    # page is removed again between repeats, untimed), the fastest counts
    target = next(src.rglob("method-001.md"))
    original = target.read_text()
    new = target.with_name("method-new.md")
    edit_times, add_times = [], []
    for i in range(args.repeat):
        marker = "This edited text is long enough" if i % 2 == 0 else "This text is long enough"
        target.write_text(original.replace("This text is long enough", marker))
        edit_times.append(sphinx(src, out))
        new.write_text(original.replace("order: 20", "order: 5").replace("widget 1\n", "a new widget\n")
                       .replace("/widgets/1/", "/widgets/new/"))  # its own URL: a copy would be reported
        add_times.append(sphinx(src, out))
        new.unlink()
        sphinx(src, out)
    incremental_edit_s, incremental_add_s = min(edit_times), min(add_times)

    if args.native:
        native_src = generate(n, WORK / f"native-{n}", native=True)
        native_out = WORK / f"native-html-{n}"
        subprocess.run(["rm", "-rf", str(native_out)], check=True)
        native_s = sphinx(native_src, native_out)
        native_pages = [p for p in native_out.rglob("*.html") if "_static" not in p.parts]
        native_kb = sum(p.stat().st_size for p in native_pages) / len(native_pages) / 1024
        print(f"native: pages={n} build_s={native_s:.1f} vs_floor={native_s / floor_s:.2f} "
              f"html_kb_per_page={native_kb:.1f}")

    # what a reader's phone downloads for a cold view of the landing page and of a method page
    method = next(out.rglob("method-001.html")).relative_to(out).as_posix()
    views = [cold_view(out, page) for page in ("index.html", method)]
    for view in views:
        print(f"page view: {view.page} requests={view.requests} kb_sent={view.sent / 1024:.1f} "
              f"kb_raw={view.raw / 1024:.1f}")
    page_view_kb = max(v.sent for v in views) / 1024

    peak_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"pages written: {len(page_files)}; source pages: {n}")
    print(f"bench: pages={n} build_s={build_s:.1f} floor_s={floor_s:.1f} nav_overhead={build_s / floor_s:.2f} "
          f"html_kb_per_page={html_kb:.1f} peak_rss_mb={peak_rss_mb:.0f} "
          f"incremental_edit_s={incremental_edit_s:.1f} incremental_add_s={incremental_add_s:.1f} "
          f"page_view_kb={page_view_kb:.1f} "

          f"search_s={search_s:.2f} search_share={search_s / build_s:.3f} search_cpu_share={search_cpu_share:.3f} "
          f"search_index_kb={search_index:.0f} "
          f"first_query_kb={'n/a' if first_query is None else f'{first_query:.0f}'}")


if __name__ == "__main__":
    main()
