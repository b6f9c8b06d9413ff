"""Sphinx glue for the taxonomy: collect pages, build the site once, navigate.

Reading (parallel-safe): each page's front matter and title go into
``env.portal_pages`` through an environment collector (purge + merge).
After reading, once per build: the :class:`~devportal.taxonomy.Site` and its
:class:`~devportal.navhtml.SiteNav` are built, problems are reported, and every
page whose navigation or generated content changed is queued for rewriting, so
an incremental build writes what a clean build would.
Writing: each page joins precomputed navigation pieces in ``html-page-context``.
"""

from __future__ import annotations

import weakref
from html import escape
from pathlib import Path

import jinja2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from . import diagnostics as d
from . import taxonomy
from .navhtml import ROOT, SiteNav, fingerprint, page_toc
from .pagedata import PerPageCollector, front_matter

logger = logging.getLogger(__name__)

ENV_VERSION = 1
TEMPLATES = str(Path(__file__).parent / "templates")
STATIC = str(Path(__file__).parent / "static")

#: the SiteNav of the current build, per environment (not pickled: it holds builder callables)
_NAV: weakref.WeakKeyDictionary[BuildEnvironment, SiteNav] = weakref.WeakKeyDictionary()


def site_nav(env: BuildEnvironment) -> SiteNav | None:
    return _NAV.get(env)


def add_dependency(env: BuildEnvironment, key: tuple) -> None:
    """Declare that the page being read renders data from *key*.

    Keys: ``("site",)``, ``("section", slug)``, ``("document", key)``,
    ``("page", docname)``, ``("label", name)``. When that data changes, the page
    is rewritten by the next incremental build.
    """
    env.portal_deps.setdefault(env.docname, set()).add(key)


# ---------------------------------------------------------------------------
# sections


def load_sections(app: Sphinx) -> None:
    path = Path(app.srcdir, app.config.portal_sections_file)
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        d.emit(logger, d.Problem(d.SECTIONS_FILE, f"sections file not found: {shown}", path=shown))
        app.portal_sections = []
        return
    sections, problems = taxonomy.load_sections(text, shown)
    for problem in problems:
        d.emit(logger, problem)
    app.portal_sections = sections


# ---------------------------------------------------------------------------
# reading


class PortalCollector(PerPageCollector):
    """Keeps what each page tells the taxonomy (``portal_pages``) and what it renders from other pages
    (``portal_deps``), keyed by docname."""

    attrs = ("portal_pages", "portal_deps")

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        docname = env.docname
        fm = front_matter(env)
        info, problems = taxonomy.page_info_from_front_matter(docname, fm.data, fm.lines)
        title = env.titles.get(docname)
        if title is not None and title.astext() and title.astext() != "<no title>":
            info.title = title.astext()
        for problem in fm.problems + problems:
            d.emit(logger, problem)
        env.portal_pages[docname] = info
        # the taxonomy places every page (and warns about those it cannot place), so
        # Sphinx's "not included in any toctree" check does not apply
        env.metadata[docname].setdefault("orphan", True)


def init_env(app: Sphinx, env: BuildEnvironment | None = None) -> None:
    env = env or app.env
    PortalCollector.init_env(env)
    if not hasattr(env, "portal_signatures"):
        env.portal_signatures = {}


# ---------------------------------------------------------------------------
# once per build, after reading


def build_site(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Build the site and its navigation; return the pages whose output must change."""
    init_env(app, env)
    pages = {name: info for name, info in env.portal_pages.items() if name in env.found_docs}
    site = taxonomy.build_site(app.portal_sections, pages, app.config.root_doc)
    for problem in site.problems:
        d.emit(logger, problem)
    # through a weak reference: the navigation is stored per environment, and the builder refers
    # to that environment, so a strong one would keep every build alive in a long-lived process
    builder = weakref.ref(app.builder)
    nav = SiteNav(site, lambda docname: builder().get_target_uri(docname))
    _NAV[env] = nav


    def dep_fingerprint(key: tuple) -> str:
        kind = key[0]
        if kind == "site":
            return nav.site_fp
        if kind == "section":
            return nav.section_fp.get(key[1], "")
        if kind == "document":
            return nav.document_fp.get(key[1], "")
        if kind == "page":
            info = pages.get(key[1])
            return fingerprint(info.title, info.summary, info.indicator) if info else "missing"
        if kind == "label":
            label = env.domaindata["std"]["labels"].get(key[1])
            if not label:
                return "missing"
            info = pages.get(label[0])
            return fingerprint(label, info.title if info else "", info.summary if info else "")
        return ""

    signatures = {}
    for docname in env.found_docs:
        deps = sorted(env.portal_deps.get(docname, ()))
        signatures[docname] = fingerprint(nav.page_fingerprint(docname), [(k, dep_fingerprint(k)) for k in deps])
    old = env.portal_signatures
    env.portal_signatures = signatures
    if not app.config.portal_navigation:
        return [name for name in signatures if old.get(name) != signatures[name]
                and env.portal_deps.get(name)]
    return sorted(name for name, sig in signatures.items() if old.get(name) != sig)


# ---------------------------------------------------------------------------
# writing


class TitleBadges(SphinxPostTransform):
    """Put a page's indicator badges ("Chat", "Messaging") by its title.

    At write time, so the badges never become part of the title Sphinx stores
    for links, search results and the window title.
    """

    default_priority = 7

    def run(self, **kwargs) -> None:
        info = getattr(self.env, "portal_pages", {}).get(self.env.docname)
        if info is None or not info.indicator:
            return
        title = next(iter(self.document.findall(nodes.title)), None)
        if title is not None:
            title.extend(nodes.inline(label, label, classes=["portal-badge", f"portal-badge-{label.lower()}"])
                         for label in taxonomy.INDICATORS[info.indicator])


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    nav = _NAV.get(app.env)
    context.update(portal_tabs="", portal_sidebar="", portal_breadcrumbs="")
    # for templates/page-toc.html, with or without the portal's navigation
    context["portal_page_toc"] = page_toc(context.get("toc", ""), int(context.get("theme_show_toc_level", 1)))
    if nav is None or not app.config.portal_navigation:
        return
    builder = app.builder
    root = "../" * builder.get_target_uri(pagename).count("/")
    context["portal_tabs"] = nav.tabs(nav.current_section(pagename)).replace(ROOT, root)
    context["portal_sidebar"] = nav.sidebar(pagename).replace(ROOT, root)
    title = escape(nav.title(pagename)) or context.get("title", "") or escape(context.get("indextitle", "")) \
        or {"search": "Search", "genindex": "Index"}.get(pagename, "")  # pages whose template names them
    context["portal_breadcrumbs"] = nav.breadcrumbs(pagename, title, app.config.root_doc).replace(ROOT, root)
    prev, nxt = nav.prev_next(pagename)
    context["prev"] = {"link": root + builder.get_target_uri(prev), "title": escape(nav.title(prev))} if prev else None
    context["next"] = {"link": root + builder.get_target_uri(nxt), "title": escape(nav.title(nxt))} if nxt else None
    context["parents"] = []


def configure_theme(app: Sphinx, config) -> None:
    """Put the portal's navigation templates where the theme draws its own."""
    # Assign new values, never mutate: a default list or dict is shared by every Sphinx application in
    # the process, and a mutated one makes the next build look reconfigured (a full rewrite).
    if TEMPLATES not in config.templates_path:
        config.templates_path = [*config.templates_path, TEMPLATES]
    if not config.portal_navigation or config.html_theme == "devportal":  # the portal's theme places them itself
        return
    options = dict(config.html_theme_options)
    options.setdefault("navbar_center", ["portal-tabs"])
    # one header row: logo, the seven tabs, then compact search and colour-mode buttons
    options.setdefault("navbar_persistent", [])
    options.setdefault("navbar_end", ["search-button", "theme-switcher"])
    options.setdefault("navbar_align", "left")  # tabs start right after the logo, not at the content column
    options.setdefault("article_header_start", ["portal-breadcrumbs"])
    skip = options.get("templates_skip_empty_check", ["navbar-nav.html"])
    options["templates_skip_empty_check"] = list(dict.fromkeys([*skip, "portal-tabs.html"]))
    config.html_theme_options = options
    if not config.html_sidebars:
        config.html_sidebars = {"**": ["portal-sidebar"]}


def note_removed(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Remember deleted pages: their old output would otherwise linger beside the new site."""
    app.portal_removed = set(removed)
    return []


def delete_removed_outputs(app: Sphinx, exception) -> None:
    builder = app.builder
    if exception is not None or not hasattr(builder, "get_outfilename"):
        return
    for docname in getattr(app, "portal_removed", ()):
        if docname in app.env.found_docs:
            continue
        Path(builder.get_outfilename(docname)).unlink(missing_ok=True)
        for source in Path(builder.outdir, "_sources").glob(f"{docname}.*"):
            source.unlink()


def cache_templates(app: Sphinx) -> None:
    """Keep compiled page templates between builds: the theme's templates take most of a second to
    compile, which an incremental build would otherwise pay every time. Jinja checks the source, so
    an edited template is compiled afresh."""
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None and environment.bytecode_cache is None:
        folder = Path(app.doctreedir, "portal-templates")
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def add_static(app: Sphinx) -> None:
    """Portal styles (brand colours, badges, tabs), for HTML builders only."""
    if app.builder.format == "html":
        app.config.html_static_path = [*app.config.html_static_path, STATIC]  # new list: see configure_theme
        app.add_css_file("portal.css")


def setup(app: Sphinx) -> dict:
    app.add_config_value("portal_sections_file", "sections.yaml", "env", types=[str],
                         description="Path (relative to the source folder) of the file that declares the sections.")
    app.add_config_value("portal_navigation", True, "html", types=[bool],
                         description="Draw section tabs, sidebar, breadcrumbs and prev/next from the taxonomy.")
    app.setup_extension("myst_parser")
    app.connect("config-inited", configure_theme)
    app.connect("builder-inited", load_sections)
    app.connect("builder-inited", add_static)
    app.connect("builder-inited", cache_templates)
    app.connect("builder-inited", init_env)
    app.add_env_collector(PortalCollector)
    app.add_post_transform(TitleBadges)
    app.connect("env-get-updated", build_site)
    app.connect("env-get-outdated", note_removed)
    app.connect("build-finished", delete_removed_outputs)
    app.connect("html-page-context", page_context)
    return {"version": "0.1", "env_version": ENV_VERSION, "parallel_read_safe": True, "parallel_write_safe": True}
