"""Build-cost measures for large portals that Sphinx does not take by itself.

Profiled on a 1000-page portal (benchmarks/README.md), an incremental build
after a one-page edit spent more time in bookkeeping than in work:

- **Garbage collection** (0.8 s of 3.2 s, plus 0.7 s at interpreter exit). The
  environment holds hundreds of thousands of objects that live all build long,
  and every full collection walked them again. Now no collection runs while
  extensions load and the environment is unpickled; its objects are then
  frozen (``gc.freeze``: moved to a generation the collector skips), again
  once the pages are read and when the build is over. New garbage is still
  collected; a later build in the same process thaws the old objects and
  collects those that are garbage by then.
- **Parallel reading of a few pages** (0.6 s). Sphinx 9 reads in parallel
  whenever ``-j`` is above 1, and every worker sends the *whole* environment
  back as a pickle, which costs more than reading a handful of pages. An
  incremental build with a small change set reads serially; clean builds and
  large change sets stay parallel, and writing is left as Sphinx decides.

Nothing here changes what a build writes.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

# Serial reading wins while reading the changed pages costs less than one
# environment round trip between processes, which grows with the portal.
SERIAL_READ_MIN = 10
SERIAL_READ_SHARE = 50  # read serially up to 1 page in 50 of the portal


def serial_read_limit(portal_pages: int) -> int:
    return max(SERIAL_READ_MIN, portal_pages // SERIAL_READ_SHARE)


def thaw_previous_build() -> None:
    """A previous build in this process (tests, sphinx-autobuild) froze its objects; let them be collected."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()


def freeze(*_args) -> None:
    gc.freeze()
    gc.enable()


def choose_read_mode(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    app._portal_parallel = app.parallel  # type: ignore[attr-defined]
    incremental = bool(env.all_docs)  # pages still known from the last build
    if app.parallel > 1 and incremental and len(docnames) <= serial_read_limit(len(env.found_docs)):
        app.parallel = 1


def restore_parallel(app: Sphinx, env: BuildEnvironment) -> None:
    app.parallel = getattr(app, "_portal_parallel", app.parallel)  # writing decides for itself
    freeze()


def setup_speed(app: Sphinx) -> None:
    thaw_previous_build()
    # Nothing made while extensions load and the environment is unpickled is garbage:
    # collecting then only walks it again and again.
    gc.disable()
    app.connect("builder-inited", freeze, priority=0)  # the loaded environment lives all build long
    app.connect("env-before-read-docs", choose_read_mode, priority=1000)
    app.connect("env-updated", restore_parallel, priority=0)
    app.connect("build-finished", freeze, priority=1000)  # spares the collection at interpreter exit
