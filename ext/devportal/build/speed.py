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


def freeze(*_args: object) -> None:
    gc.freeze()
    gc.enable()


class ReadMode:
    """Reads a small incremental change set serially, for one application.

    Sphinx offers no public way to choose serial reading: ``Builder.read`` reads in parallel whenever
    ``Sphinx.parallel`` (the ``-j`` value) is above 1. So ``parallel`` is lowered to 1 for the reading
    phase only (``env-before-read-docs``, the last event before ``Builder.read`` decides) and given back
    at ``env-updated``, before writing decides for itself. Checked against Sphinx 9.0;
    ``tests/test_upstream.py`` fails when reading stops following ``Sphinx.parallel``.
    """

    def __init__(self) -> None:
        self.jobs: int | None = None  # the -j value while it is lowered

    def choose(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        incremental = bool(env.all_docs)  # pages still known from the last build
        if app.parallel > 1 and incremental and len(docnames) <= serial_read_limit(len(env.found_docs)):
            self.jobs, app.parallel = app.parallel, 1

    def restore(self, app: Sphinx, env: BuildEnvironment) -> None:
        if self.jobs is not None:
            app.parallel, self.jobs = self.jobs, None
        freeze()


def setup_speed(app: Sphinx) -> None:
    thaw_previous_build()
    # Nothing made while extensions load and the environment is unpickled is garbage: collecting then
    # only walks it again and again. The collector is process-wide state (no Sphinx API is involved);
    # it is enabled again at builder-inited, once the loaded objects are frozen.
    gc.disable()
    app.connect("builder-inited", freeze, priority=0)  # the loaded environment lives all build long
    mode = ReadMode()
    # last of the env-before-read-docs handlers (they may still add pages to read), first at env-updated
    app.connect("env-before-read-docs", mode.choose, priority=1000)
    app.connect("env-updated", mode.restore, priority=0)
    app.connect("build-finished", freeze, priority=1000)  # spares the collection at interpreter exit
