"""Incremental correctness: an incremental build writes what a clean build would.

Sphinx re-reads a page when its source changes, but a portal page also shows
what other pages say (navigation, cards, landing lists, endpoint indexes). This
module owns how such pages are found and rewritten, for every capability:

- **dependencies**: while a page is read, a capability declares the data it
  renders from elsewhere (:func:`add_dependency`);
- **the site model**: after reading, once per build, the ``portal-build-site``
  event asks for the site's navigation (:class:`~devportal.core.navrender.SiteNav`);
  :func:`site_nav` hands it to everyone else for the rest of the build; then
  ``portal-site-built`` tells every capability it is there;
- **signatures**: a fingerprint per page of everything it shows from elsewhere;
  a page whose signature changed since the last build is rewritten without being
  re-read (:func:`changed_pages`);
- **removed outputs**: the HTML of a deleted page is deleted too.

Events (declared by :func:`setup`, emitted in this order after reading):

``portal-build-site(app, env) -> SiteNav | None``
    first answer wins: the navigation capability builds the site model.
``portal-site-built(app, env, nav) -> Iterable[str] | None``
    ``nav`` may be ``None`` (navigation off); each handler may return pages to rewrite.

And while writing, for each page whose navigation is drawn:

``portal-page-navigation(app, pagename, context, nav)``
    the navigation is in *context* (``portal_tabs``, ``portal_breadcrumbs``, …); a handler may
    adjust it (the 404 page links from the site's absolute path).
"""

from __future__ import annotations

import weakref
from collections.abc import Set
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..core.fingerprint import fingerprint
from ..core.navrender import SiteNav
from .pagedata import PerPageCollector, build_state

__all__ = ["add_dependency", "changed_pages", "fingerprint", "site_nav"]

EVENT_BUILD_SITE = "portal-build-site"
EVENT_SITE_BUILT = "portal-site-built"
EVENT_PAGE_NAVIGATION = "portal-page-navigation"

# The navigation of the current build, per environment. Kept out of the environment itself: it holds
# the builder's callables (not picklable), and weakly, so a finished build is not kept alive.
_NAV: weakref.WeakKeyDictionary[BuildEnvironment, SiteNav] = weakref.WeakKeyDictionary()


def site_nav(env: BuildEnvironment) -> SiteNav | None:
    """The site model and its navigation, once reading is over (``None`` before, or without navigation)."""
    return _NAV.get(env)


def add_dependency(env: BuildEnvironment, key: tuple) -> None:
    """Declare that the page being read renders data from *key*.

    Keys: ``("site",)``, ``("section", slug)``, ``("document", key)``,
    ``("page", docname)``, ``("label", name)``. When that data changes, the page
    is rewritten by the next incremental build.
    """
    DependencyCollector.of(env).setdefault(env.docname, set()).add(key)


def _signatures(env: BuildEnvironment) -> dict[str, dict[str, str]]:
    """owner -> {docname: signature} of the last build."""
    return build_state(env, "portal_signatures", dict)


def changed_pages(env: BuildEnvironment, owner: str, signatures: dict[str, str]) -> list[str]:
    """Store *owner*'s signatures of this build; return the pages whose signature changed since the last."""
    stored = _signatures(env)
    old = stored.get(owner, {})
    stored[owner] = signatures
    return sorted(name for name, sig in signatures.items() if old.get(name) != sig)


class DependencyCollector(PerPageCollector[set[tuple]]):
    """Keeps what each page renders from elsewhere (``portal_deps``), keyed by docname."""

    attrs = ("portal_deps",)


def init_env(app: Sphinx, env: BuildEnvironment | None = None) -> None:
    env = env or app.env
    DependencyCollector.init_env(env)
    _signatures(env)


def _dependency_signatures(env: BuildEnvironment, nav: SiteNav | None) -> dict[str, str]:
    pages: dict = getattr(env, "portal_pages", {})  # the navigation capability's, when it is on

    def dep_fingerprint(key: tuple) -> str:
        kind = key[0]
        if kind == "page":
            info = pages.get(key[1])
            return fingerprint(info.title, info.summary, info.indicator) if info else "missing"
        if kind == "label":
            label = env.domaindata["std"]["labels"].get(key[1])
            if not label:
                return "missing"
            info = pages.get(label[0])
            return fingerprint(label, info.title if info else "", info.summary if info else "")
        if nav is None:
            return ""
        if kind == "site":
            return nav.site_fp
        if kind == "section":
            return nav.section_fp.get(key[1], "")
        if kind == "document":
            return nav.document_fp.get(key[1], "")
        return ""

    return {docname: fingerprint([(k, dep_fingerprint(k)) for k in sorted(deps)])
            for docname, deps in DependencyCollector.of(env).items() if docname in env.found_docs and deps}


def after_reading(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Build the site model once, tell every capability, and return every page whose output must change."""
    init_env(app, env)
    nav = app.emit_firstresult(EVENT_BUILD_SITE, env)
    if nav is not None:
        _NAV[env] = nav
    else:
        _NAV.pop(env, None)
    changed = set(changed_pages(env, "dependencies", _dependency_signatures(env, nav)))
    for pages in app.emit(EVENT_SITE_BUILT, env, nav):
        changed.update(pages or ())
    return sorted(changed)


# -- removed pages -------------------------------------------------------------------------------

def _removed(env: BuildEnvironment) -> set[str]:
    """Pages deleted since the last build."""
    return build_state(env, "portal_removed", set)


def note_removed(app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str],
                 removed: Set[str]) -> list[str]:
    """Remember deleted pages: their old output would otherwise linger beside the new site."""
    gone = _removed(env)
    gone.clear()
    gone.update(removed)
    return []


def delete_removed_outputs(app: Sphinx, exception: Exception | None) -> None:
    builder = app.builder
    if exception is not None or not hasattr(builder, "get_outfilename"):
        return
    for docname in _removed(app.env):
        if docname in app.env.found_docs:
            continue
        Path(builder.get_outfilename(docname)).unlink(missing_ok=True)
        for source in Path(builder.outdir, "_sources").glob(f"{docname}.*"):
            source.unlink()


def setup_incremental(app: Sphinx) -> None:
    app.add_event(EVENT_BUILD_SITE)
    app.add_event(EVENT_SITE_BUILT)
    app.add_event(EVENT_PAGE_NAVIGATION)
    app.connect("builder-inited", init_env)
    app.add_env_collector(DependencyCollector)
    app.connect("env-get-updated", after_reading)
    app.connect("env-get-outdated", note_removed)
    app.connect("build-finished", delete_removed_outputs)
