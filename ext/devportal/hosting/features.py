"""Hosting (Read the Docs or any file server) and the site features readers expect.

Reused, each set up here and given defaults only where conf.py is silent:

- **sphinx-sitemap**: ``sitemap.xml`` with absolute URLs from ``html_baseurl``
  (``{link}`` only: Read the Docs' base URL already holds ``/en/latest/``);
  404, search and index pages left out. Without a base URL there is no sitemap
  (its URLs must be absolute), and the build says so as info, not a warning.
- **sphinx-notfound-page**: ``404.html`` whose styles and links are absolute
  from the site's path (``/en/latest/`` on Read the Docs, ``/`` elsewhere), so
  it works at any depth; the portal's section tabs on it are made absolute too.
- **sphinxext-opengraph**: OpenGraph tags, ``og:url`` from ``html_baseurl``,
  ``og:description`` from the page's ``summary``; no social-card images.
- **sphinx-copybutton**: copy buttons that leave shell, Python and IPython
  prompts (and console output) out.
- **sphinx-last-updated-by-git**: a "Last updated" date per page from git,
  set up only when the sources are in a git work tree with a commit, so a
  build outside git (a test fixture, a tarball) neither warns nor fails.
- **"Edit on …" links** from ``portal_repository_url`` (or Read the Docs' clone
  URL): the portal's theme (``devportal.theme``) reads ``portal_edit_base``;
  under pydata-sphinx-theme, its edit button, in-page table of contents and
  last-updated component are configured instead.

Written here: ``<meta name="description">`` and ``<meta name="keywords">``
from front matter; a favicon; ``llms.txt`` from the taxonomy (see
:func:`llms_txt` for why not a package); and the sitemap's list completed
with pages an incremental build did not rewrite (sphinx-sitemap only lists the
pages written by the current run).

Read the Docs: ``READTHEDOCS_CANONICAL_URL`` becomes ``html_baseurl`` unless
conf.py sets one; canonical links, the sitemap, OpenGraph and the 404 page all
derive from it.
"""

from __future__ import annotations

import os
import queue
import subprocess
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..build import incremental
from ..build.config import user_set
from ..build.incremental import site_nav
from ..build.pagedata import PerPageCollector, front_matter
from ..core import diagnostics as d
from ..core.frontmatter_keys import keywords_of
from ..core.navrender import ROOT, SiteNav, section_page

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parents[1] / "static"
FAVICON = str(STATIC / "favicon.svg")

#: shell ($), Python (>>>, ...), IPython (In [1]:, ...:) prompts; sphinx-copybutton's documented set
PROMPTS = r">>> |\.\.\. |\$ |In \[\d*\]: | {2,5}\.\.\.: | {5,8}: "
#: pages that are no content to index (html, and dirhtml's clean URLs)
SITEMAP_EXCLUDES = ["404.html", "search.html", "genindex.html", "404/", "search/", "genindex/"]
LLMS_TXT = "llms.txt"


# ---------------------------------------------------------------------------
# configuration


def _default(config, name: str, value) -> None:
    if name in config and not user_set(config, name):
        config[name] = value


def _in_git(path: str | os.PathLike) -> bool:
    try:
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "HEAD"], cwd=path,
                              capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _git_prefix(path: str | os.PathLike) -> str:
    """The source folder's path inside its repository (``docs/``), or "" outside git."""
    try:
        done = subprocess.run(["git", "rev-parse", "--show-prefix"], cwd=path, capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def base_url(config) -> str:
    """``html_baseurl`` with one trailing slash (sitemap and OpenGraph join paths onto it)."""
    base = config.html_baseurl or ""
    return base.rstrip("/") + "/" if base else ""


def edit_url_base(repository: str, branch: str, path: str) -> tuple[str, str | None]:
    """(URL prefix of a source file's edit page, provider name) for a repository URL."""
    repo = repository.strip()
    if repo.startswith("git@") and ":" in repo:  # git@github.com:org/repo.git
        host, _, rest = repo[4:].partition(":")
        repo = f"https://{host}/{rest}"
    repo = repo.removesuffix("/").removesuffix(".git")
    host = urlsplit(repo).netloc.lower()
    path = path.strip("/") + "/" if path.strip("/") else ""
    if "gitlab" in host:
        return f"{repo}/-/edit/{branch}/{path}", "GitLab"
    if "bitbucket" in host:
        return f"{repo}/src/{branch}/{path}", "Bitbucket"
    return f"{repo}/edit/{branch}/{path}", "GitHub" if host.endswith("github.com") else None


def configure(app: Sphinx, config) -> None:
    """Defaults for the reused extensions; runs before their own config-inited handlers."""
    env = os.environ
    canonical = env.get("READTHEDOCS_CANONICAL_URL", "").strip()
    if canonical and not user_set(config, "html_baseurl"):
        config.html_baseurl = canonical
    base = base_url(config)
    if base:
        config.html_baseurl = base

    # sitemap: the base URL already names language and version
    _default(config, "sitemap_url_scheme", "{link}")
    _default(config, "sitemap_excludes", list(SITEMAP_EXCLUDES))
    if "sitemap_show_lastmod" in config and "sphinx_last_updated_by_git" in app.extensions:
        _default(config, "sitemap_show_lastmod", True)
    if "site_url" in config and not (base or config.site_url):
        # sphinx-sitemap would warn (and fail a -W build); a sitemap needs absolute URLs
        config.suppress_warnings = [*config.suppress_warnings, "sitemap.configuration"]
        logger.info("devportal: no sitemap.xml without html_baseurl (Read the Docs sets it)")

    # 404 page: absolute links from the site's path
    _default(config, "notfound_urls_prefix", urlsplit(base).path or "/")
    prefix = config.notfound_urls_prefix if "notfound_urls_prefix" in config else "/"
    _default(config, "notfound_context", {
        "title": "Page not found",
        "body": "<h1>Page not found</h1>\n"
                "<p>There is no page at this address. It may have moved when the portal replaced the old site.</p>\n"
                f'<p>Start again from the <a href="{escape(prefix or "/")}index.html">portal home page</a>, '
                "or search for what you were looking for.</p>\n",
    })

    # OpenGraph: absolute og:url; summaries rather than the first paragraph; no generated images
    if base:
        _default(config, "ogp_site_url", base)
    elif env.get("READTHEDOCS") and "ogp_site_url" in config and not config.ogp_site_url:
        _default(config, "ogp_site_url", "/")  # sphinxext-opengraph fails on Read the Docs without a URL
    _default(config, "ogp_social_cards", {"enable": False})

    # copy buttons: prompts and output stay out of the clipboard
    _default(config, "copybutton_prompt_text", PROMPTS)
    _default(config, "copybutton_prompt_is_regexp", True)
    _default(config, "copybutton_exclude", ".linenos, .gp, .go")

    _default(config, "html_favicon", FAVICON)

    pydata = config.html_theme == "pydata_sphinx_theme"
    if not pydata and config.html_theme != "devportal":  # the portal's theme reads portal_edit_base itself
        return
    options = dict(config.html_theme_options)  # a copy: the default dict is shared across applications
    config.html_theme_options = options
    if pydata:
        options.setdefault("secondary_sidebar_items", ["page-toc", "edit-this-page", "sourcelink"])
        options.setdefault("article_footer_items", ["last-updated"])
    repository = config.portal_repository_url or env.get("READTHEDOCS_GIT_CLONE_URL", "")
    edit_keys = {"github_user", "gitlab_user", "bitbucket_user", "edit_page_url_template"}
    if repository and "use_edit_page_button" not in options and not edit_keys & set(config.html_context):
        branch = config.portal_repository_branch or env.get("READTHEDOCS_GIT_IDENTIFIER", "") or "main"
        path = config.portal_docs_path if config.portal_docs_path is not None else _git_prefix(app.srcdir)
        url, provider = edit_url_base(repository, branch, path)
        if pydata:
            options["use_edit_page_button"] = True
        config.html_context = {**config.html_context, "portal_edit_base": url,
                               "edit_page_url_template": "{{ portal_edit_base }}{{ file_name }}",
                               "edit_page_provider_name": provider}


# ---------------------------------------------------------------------------
# reading: summary and keywords per page


@dataclass
class PageMeta:
    summary: str = ""
    keywords: list[str] = field(default_factory=list)


class PageMetaCollector(PerPageCollector[PageMeta]):
    """Each page's summary and keywords, keyed by docname."""

    attrs = ("portal_page_meta",)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        docname = env.docname
        fm = front_matter(env)
        meta = PageMeta()
        summary = fm.data.get("summary")
        if isinstance(summary, str):
            meta.summary = " ".join(summary.split())
        keywords = keywords_of(fm.data.get("keywords"))
        if keywords is None:
            d.emit(logger, d.Problem(d.BAD_VALUE, "`keywords` must be a list of words or a comma-separated line",
                                     docname, line=fm.line("keywords")))
        else:
            meta.keywords = keywords
        PageMetaCollector.of(env)[docname] = meta


def init_env(app: Sphinx) -> None:
    PageMetaCollector.init_env(app.env)


# ---------------------------------------------------------------------------
# writing


def page_metadata(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``<meta name="description">`` and ``keywords``; ``og:description`` from the summary.

    Runs before sphinxext-opengraph (priority 500), which then keeps this
    description instead of cutting one from the first paragraph.
    """
    meta = PageMetaCollector.of(app.env).get(pagename)
    summary = meta.summary if meta else (_landing_summary(app, pagename) or _generated_summary(app, pagename))
    keywords = meta.keywords if meta else []
    existing = context.get("metatags", "")
    tags = []
    if summary and 'name="description"' not in existing:
        tags.append(f'<meta name="description" content="{escape(summary)}" />')
    if keywords and 'name="keywords"' not in existing:
        tags.append(f'<meta name="keywords" content="{escape(", ".join(keywords))}" />')
    if tags:
        context["metatags"] = existing + "\n    " + "\n    ".join(tags) + "\n"
    if summary and doctree is not None:
        context["meta"] = {**(context.get("meta") or {}), "og:description": summary}  # a copy: env stays as read


def _generated_summary(app: Sphinx, pagename: str) -> str:
    """What the pages Sphinx and its extensions write are, for search engines (every page has a description)."""
    project = app.config.project
    if _is_404(app, pagename):
        return f"Page not found. Start again from the {project} home page, or search for what you were looking for."
    if pagename == "search":
        return f"Search every page of {project}."
    if pagename == "genindex":
        return f"Index of {project}: every term, method and object documented, by name."
    for domain in app.env.domains.values():
        for index in domain.indices:
            if pagename == f"{domain.name}-{index.name}":
                return f"{index.localname} of {project}: every documented {domain.label} entry."
    return ""


def _landing_summary(app: Sphinx, pagename: str) -> str:
    """A generated section landing page describes itself with its section's summary."""
    nav = site_nav(app.env)
    sections = nav.site.sections if nav is not None else []
    return next((n.section.summary for n in sections if section_page(n.section.slug) == pagename), "")


def _is_404(app: Sphinx, pagename: str) -> bool:
    return "notfound.extension" in app.extensions and pagename == app.config.notfound_pagename


def absolute_404_root(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The 404 page is served at any depth: its scripts find the site from its absolute path."""
    if _is_404(app, pagename):
        context["content_root"] = app.config.notfound_urls_prefix or "/"  # data-content_root, read by scripts


def absolute_404_navigation(app: Sphinx, pagename: str, context: dict, nav: SiteNav) -> None:
    """``portal-page-navigation``: the portal's tabs and breadcrumbs on the 404 page, absolute like the rest
    of it."""
    if not _is_404(app, pagename):
        return
    prefix = app.config.notfound_urls_prefix or "/"
    context["portal_tabs"] = nav.tabs(None).replace(ROOT, prefix)
    context["portal_breadcrumbs"] = nav.breadcrumbs(pagename, escape(str(context.get("title", ""))),
                                                    app.config.root_doc).replace(ROOT, prefix)


def register_routingtable_label(app: Sphinx, env) -> None:
    """sphinxcontrib-httpdomain names its routing table ``routingtable`` (a label for ``{ref}`` and
    intersphinx) while each page is read, in the standard domain's data; a parallel build merges only
    labels that belong to a page read by the worker, so ``objects.inv`` lost it. Registered once more
    here, in the main process, after reading: serial and parallel builds write the same inventory."""
    if "sphinxcontrib.httpdomain" in app.extensions:
        from sphinxcontrib.httpdomain import register_routingtable_as_label

        register_routingtable_as_label(app, None)


def notfound_at_the_root(app: Sphinx, exception) -> None:
    """dirhtml writes the 404 page to ``404/index.html``; hosts (Read the Docs, GitHub Pages, Netlify) look
    for ``404.html`` at the root first. Its links are absolute, so the same page serves from either path."""
    if exception is not None or app.builder.name != "dirhtml" or "notfound.extension" not in app.extensions:
        return
    page = Path(app.outdir, app.config.notfound_pagename, "index.html")
    root = Path(app.outdir, f"{app.config.notfound_pagename}.html")
    if page.is_file() and (not root.is_file() or root.read_bytes() != page.read_bytes()):
        root.write_bytes(page.read_bytes())


def complete_sitemap(app: Sphinx, exception) -> None:
    """Give sphinx-sitemap every page, not only those this run wrote; in a stable order.

    sphinx-sitemap collects pages as they are written, so an incremental build
    that rewrites one page would publish a sitemap of one page. Runs before its
    ``build-finished`` handler.
    """
    # sphinx-sitemap has no public way to add pages or order them: it collects links in a queue on the
    # application (``app.sitemap_links``, a multiprocessing queue for parallel writes) and writes them in
    # the order they arrive, which parallel writing makes vary. Its public ``add_html_link`` adds the pages
    # this run did not write; the queue is read and refilled in order. Checked against sphinx-sitemap 2.9;
    # tests/test_upstream.py fails when either goes.
    links_queue = getattr(app, "sitemap_links", None)
    if exception is not None or links_queue is None or app.builder.format != "html" or not base_url(app.config):
        return  # no base URL, no sitemap: nothing to complete
    import sphinx_sitemap

    links: dict[str, str | None] = {}

    def drain() -> None:
        while True:
            try:
                link, lastmod = links_queue.get_nowait()
            except queue.Empty:
                return
            links.setdefault(link, lastmod)

    drain()
    for docname in sorted(app.env.found_docs):
        sphinx_sitemap.add_html_link(app, docname, None, {}, None)
    drain()
    for link in sorted(links):
        links_queue.put((link, links[link]))


def llms_txt(app: Sphinx):
    """``llms.txt`` (llmstxt.org): every section, document and page, with its summary.

    Written from the taxonomy (``navigation.site_nav``) rather than with a
    package: sphinx-llms-txt and its kin follow the toctree, and this portal has
    none — its structure is its folders. Listing the site model takes a few
    lines and never drifts from the navigation readers see.
    """
    if not app.config.portal_llms_txt or app.builder.name not in ("html", "dirhtml"):
        return []
    nav = site_nav(app.env)
    if nav is None:
        return []
    base = base_url(app.config)
    uri = app.builder.get_target_uri

    def link(title: str, docname: str, summary: str) -> str:
        text = title.replace("[", "(").replace("]", ")")
        return f"[{text}]({base}{uri(docname)})" + (f": {summary}" if summary else "")

    root = PageMetaCollector.of(app.env).get(app.config.root_doc)
    out = [f"# {app.config.project}", ""]
    if root and root.summary:
        out += [f"> {root.summary}", ""]
    out += ["The portal is organised in sections; each section holds documents (one per API, SDK or guide), "
            "and each document its pages: overview, getting started, methods, further topics, appendix.", ""]
    for node in nav.site.sections:
        section = node.section
        if not section.for_readers:
            continue
        out += [f"## {section.name}", "", f"{section.summary} Landing page: {base}{uri(f'{section.slug}/index')}", ""]
        for doc in node.documents:
            if not doc.link:
                continue
            out.append("- " + link(doc.title, doc.link, doc.summary))
            for page in doc.pages():
                if page.docname != doc.link:
                    out.append("  - " + link(page.title, page.docname, page.summary))
        out.append("")
    text = "\n".join(out).rstrip() + "\n"
    path = Path(app.outdir) / LLMS_TXT
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return []


def setup_features(app: Sphinx) -> None:
    app.add_config_value("portal_repository_url", "", "html", types=[str],
                         description="Repository of the portal's sources (GitHub, GitLab or Bitbucket URL) for "
                                     "'Edit this page'; default: Read the Docs' READTHEDOCS_GIT_CLONE_URL.")
    app.add_config_value("portal_repository_branch", "", "html", types=[str],
                         description="Branch edited by 'Edit this page'; default: Read the Docs' "
                                     "READTHEDOCS_GIT_IDENTIFIER, else main.")
    app.add_config_value("portal_docs_path", None, "html", types=[str, type(None)],
                         description="Folder of the sources inside the repository; default: found with git.")
    app.add_config_value("portal_llms_txt", True, "html", types=[bool],
                         description="Write llms.txt: every section, document and page with its summary.")
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_sitemap")
    app.setup_extension("notfound.extension")
    app.setup_extension("sphinx_copybutton")
    _setup_opengraph(app)
    if _in_git(app.srcdir):
        app.setup_extension("sphinx_last_updated_by_git")
    # before the reused extensions read their values at config-inited: sphinx-notfound-page's
    # validate_configs, sphinx-copybutton's add_to_context, sphinx-last-updated-by-git's _config_inited
    app.connect("config-inited", configure, priority=400)
    app.connect("builder-inited", init_env)
    app.connect("env-updated", register_routingtable_label)
    app.add_env_collector(PageMetaCollector)
    # before sphinxext-opengraph's html_page_context, which then keeps this og:description
    app.connect("html-page-context", page_metadata, priority=450)
    app.connect("html-page-context", absolute_404_root)
    app.connect("html-collect-pages", llms_txt)
    # before sphinx-sitemap's create_sitemap writes the sitemap from its queue
    app.connect("build-finished", complete_sitemap, priority=400)
    app.setup_extension("devportal.build")  # declares the portal's events
    app.connect(incremental.EVENT_PAGE_NAVIGATION, absolute_404_navigation)
    app.connect("build-finished", notfound_at_the_root)


def _setup_opengraph(app: Sphinx) -> None:
    # sphinxext-opengraph prints "matplotlib is not installed" on import; social cards are off here anyway
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        app.setup_extension("sphinxext.opengraph")
