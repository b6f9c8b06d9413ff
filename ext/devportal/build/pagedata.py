"""Per-page data kept in the build environment, the parallel-safe way.

Every capability that learns something while a page is read stores it in a
dict on the environment keyed by docname. :class:`PerPageCollector` gives such
dicts their purge and merge (so ``-j`` builds and incremental builds are
right), and :func:`front_matter` parses a page's front matter once per read,
however many capabilities ask for it.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from ..core import frontmatter

_CACHE_KEY = "portal_front_matter"


class PerPageCollector(EnvironmentCollector):
    """Owns the environment dicts named in :attr:`attrs`, each ``{docname: value}``."""

    attrs: tuple[str, ...] = ()

    @classmethod
    def init_env(cls, env: BuildEnvironment) -> None:
        for attr in cls.attrs:
            if not hasattr(env, attr):
                setattr(env, attr, {})

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        for attr in self.attrs:
            getattr(env, attr, {}).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        for attr in self.attrs:
            mine, theirs = getattr(env, attr), getattr(other, attr, {})
            for docname in docnames:
                if docname in theirs:
                    mine[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree) -> None:
        """Subclasses that learn from the doctree override this; others record from directives."""


def front_matter(env: BuildEnvironment) -> frontmatter.FrontMatter:
    """The front matter of the page being read, parsed on first use and then shared."""
    current = getattr(env, "current_document", None) or env.temp_data
    cached = current.get(_CACHE_KEY)
    if cached is None:
        cached = frontmatter.read_file(str(env.doc2path(env.docname)), env.docname)
        current[_CACHE_KEY] = cached
    return cached
