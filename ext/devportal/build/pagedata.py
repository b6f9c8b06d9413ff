"""Per-page data kept in the build environment, the parallel-safe way.

Every capability that learns something while a page is read stores it in a
dict on the environment keyed by docname. :class:`PerPageCollector` gives such
dicts their purge and merge (so ``-j`` builds and incremental builds are
right), and :func:`front_matter` parses a page's front matter once per read,
however many capabilities ask for it.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from typing import Any, Generic, TypeVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from ..core import frontmatter

_CACHE_KEY = "portal_front_matter"

T = TypeVar("T")


def build_state(env: BuildEnvironment, name: str, default: Callable[[], T]) -> T:
    """A value the portal keeps on the environment for this build and the next (pickled with it),
    made by *default* on first use. Its owner module names it ``portal_<what>``."""
    try:
        return getattr(env, name)
    except AttributeError:
        value = default()
        setattr(env, name, value)
        return value


def set_build_state(env: BuildEnvironment, name: str, value: object) -> None:
    """Replace the value :func:`build_state` keeps under *name*."""
    setattr(env, name, value)


class PerPageCollector(EnvironmentCollector, Generic[T]):
    """Owns the environment dicts named in :attr:`attrs`, each ``{docname: T}``."""

    attrs: tuple[str, ...] = ()

    @classmethod
    def init_env(cls, env: BuildEnvironment) -> None:
        for attr in cls.attrs:
            if not hasattr(env, attr):
                setattr(env, attr, {})

    @classmethod
    def of(cls, env: BuildEnvironment) -> dict[str, T]:
        """The ``{docname: value}`` dict of the collector's first attribute (made empty on first use)."""
        return build_state(env, cls.attrs[0], dict)

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        for attr in self.attrs:
            getattr(env, attr, {}).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment) -> None:
        for attr in self.attrs:
            mine, theirs = build_state(env, attr, dict), getattr(other, attr, {})
            for docname in docnames:
                if docname in theirs:
                    mine[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """Subclasses that learn from the doctree override this; others record from directives."""


def front_matter(env: BuildEnvironment) -> frontmatter.FrontMatter:
    """The front matter of the page being read, parsed on first use and then shared."""
    current: Any = getattr(env, "current_document", None) or env.temp_data
    cached = current.get(_CACHE_KEY)
    if cached is None:
        cached = frontmatter.read_file(str(env.doc2path(env.docname)), env.docname)
        current[_CACHE_KEY] = cached
    return cached
