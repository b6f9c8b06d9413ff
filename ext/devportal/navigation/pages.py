"""Sphinx glue for the taxonomy: collect pages, build the site once, navigate.

Reading (parallel-safe): each page's front matter and title go into
``env.portal_pages`` through an environment collector (purge + merge).
After reading, once per build: the :class:`~devportal.core.taxonomy.Site` and its
:class:`~devportal.core.navrender.SiteNav` are built, problems are reported, and every
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

from ..build import incremental
from ..build.builders import is_website, target_uri
from ..build.nodes import indicator_badges
from ..build.pagedata import PerPageCollector, build_state, front_matter, set_build_state
from ..core import diagnostics as d
from ..core import taxonomy
from ..core.navrender import ROOT, SiteNav, page_toc

logger = logging.getLogger(__name__)

TEMPLATES = str(Path(__file__).parents[1] / "templates")
STATIC = str(Path(__file__).parents[1] / "static")

# ---------------------------------------------------------------------------
# sections


def declared_sections(env: BuildEnvironment) -> list[taxonomy.Section]:
    """The sections of ``sections.yaml``, as read when the build started."""
    return build_state(env, "portal_sections", list)


def load_sections(app: Sphinx) -> None:
    path = Path(app.srcdir, app.config.portal_sections_file)
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        d.emit(logger, d.Problem(d.SECTIONS_FILE, f"sections file not found: {shown}", path=shown))
        set_build_state(app.env, "portal_sections", [])
        return
    sections, problems = taxonomy.load_sections(text, shown)
    for problem in problems:
        d.emit(logger, problem)
    set_build_state(app.env, "portal_sections", sections)


# ---------------------------------------------------------------------------
# reading


class PortalCollector(PerPageCollector[taxonomy.PageInfo]):
    """Keeps what each page tells the taxonomy (``portal_pages``), keyed by docname."""

    attrs = ("portal_pages",)

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
        PortalCollector.of(env)[docname] = info
        # the taxonomy places every page (and warns about those it cannot place), so
        # Sphinx's "not included in any toctree" check does not apply
        env.metadata[docname].setdefault("orphan", True)
        section = next((s for s in declared_sections(env) if s.slug == docname.split("/")[0]), None)
        if section is not None and not section.for_readers:
            env.metadata[docname]["nosearch"] = True  # Sphinx's own search marker: writers' pages stay out of it


def init_env(app: Sphinx, env: BuildEnvironment | None = None) -> None:
    PortalCollector.init_env(env or app.env)


# ---------------------------------------------------------------------------
# once per build, after reading


def build_site(app: Sphinx, env: BuildEnvironment) -> SiteNav:
    """``portal-build-site``: the site model and its navigation, once per build."""
    init_env(app, env)
    pages = {name: info for name, info in PortalCollector.of(env).items() if name in env.found_docs}
    site = taxonomy.build_site(declared_sections(env), pages, app.config.root_doc)
    for problem in site.problems:
        d.emit(logger, problem)
    # through a weak reference: the navigation lives as long as the environment, and the builder
    # refers to that environment, so a strong one would keep every build alive in a long-lived process
    builder = weakref.ref(app.builder)

    def uri(docname: str) -> str:
        live = builder()
        assert live is not None  # called only during the build that made the navigation
        # a book (LaTeX, texinfo) has no address for a page it does not hold; its navigation is never drawn
        return target_uri(live, docname) or ""

    return SiteNav(site, uri)


def navigation_changed(app: Sphinx, env: BuildEnvironment, nav: SiteNav | None) -> list[str]:
    """``portal-site-built``: pages whose drawn navigation (tabs, sidebar, breadcrumbs, prev/next) changed."""
    signatures = {}
    if nav is not None and app.config.portal_navigation and is_website(app.builder):
        signatures = {docname: nav.page_fingerprint(docname) for docname in env.found_docs}
    return incremental.changed_pages(env, "navigation", signatures)


# ---------------------------------------------------------------------------
# writing


class TitleBadges(SphinxPostTransform):
    """Put a page's indicator badges ("Chat", "Messaging") by its title.

    At write time, so the badges never become part of the title Sphinx stores
    for links, search results and the window title.
    """

    default_priority = 7

    def run(self, **kwargs) -> None:
        info = PortalCollector.of(self.env).get(self.env.docname)
        if info is None or not info.indicator:
            return
        title = next(iter(self.document.findall(nodes.title)), None)
        if title is not None:
            title.extend(indicator_badges(info.indicator))


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    nav = incremental.site_nav(app.env)
    context.update(portal_tabs="", portal_sidebar="", portal_breadcrumbs="", portal_writers="")
    # for templates/page-toc.html, with or without the portal's navigation
    context["portal_page_toc"] = page_toc(context.get("toc", ""), int(context.get("theme_show_toc_level", 1)))
    if nav is None or not app.config.portal_navigation or not is_website(app.builder):
        return  # one page holding every page (singlehtml, EPUB) has no tabs or sidebar to draw
    builder = app.builder
    root = "../" * builder.get_target_uri(pagename).count("/")
    context["portal_tabs"] = nav.tabs(nav.current_section(pagename)).replace(ROOT, root)
    context["portal_sidebar"] = nav.sidebar(pagename).replace(ROOT, root)
    context["portal_writers"] = nav.writers_links().replace(ROOT, root)
    title = escape(nav.title(pagename)) or context.get("title", "") or escape(context.get("indextitle", "")) \
        or {"search": "Search", "genindex": "Index"}.get(pagename, "")  # pages whose template names them
    context["portal_breadcrumbs"] = nav.breadcrumbs(pagename, title, app.config.root_doc).replace(ROOT, root)
    prev, nxt = nav.prev_next(pagename)
    context["prev"] = {"link": root + builder.get_target_uri(prev), "title": escape(nav.title(prev))} if prev else None
    context["next"] = {"link": root + builder.get_target_uri(nxt), "title": escape(nav.title(nxt))} if nxt else None
    context["parents"] = []
    app.emit(incremental.EVENT_PAGE_NAVIGATION, pagename, context, nav)


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


def setup_pages(app: Sphinx) -> None:
    app.add_config_value("portal_sections_file", "sections.yaml", "env", types=[str],
                         description="Path (relative to the source folder) of the file that declares the sections.")
    app.add_config_value("portal_navigation", True, "html", types=[bool],
                         description="Draw section tabs, sidebar, breadcrumbs and prev/next from the taxonomy.")
    app.setup_extension("myst_parser")
    app.setup_extension("devportal.build")
    app.connect("config-inited", configure_theme)
    app.connect("builder-inited", load_sections)
    app.connect("builder-inited", add_static)
    app.connect("builder-inited", cache_templates)
    app.connect("builder-inited", init_env)
    app.add_env_collector(PortalCollector)
    app.add_post_transform(TitleBadges)
    app.connect(incremental.EVENT_BUILD_SITE, build_site)
    app.connect(incremental.EVENT_SITE_BUILT, navigation_changed)
    app.connect("html-page-context", page_context)
