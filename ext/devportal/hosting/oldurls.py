"""Pages moved from the old site keep their URLs and their front matter.

The Sphinx glue of :mod:`devportal.core.redirects` and :mod:`devportal.core.frontmatter_keys`:

- reading (parallel-safe): each page's old URLs (``permalink``, ``redirect_from``)
  and the old-URL links in its text go into ``env.portal_legacy`` through an
  environment collector (purge + merge by docname); unknown front matter keys
  are reported by name. A page of the old site without a ``# Heading`` gets one
  from ``title``/``pagename``, replacing the blank line after its front matter
  so every later line keeps its number, and its headings are lifted so they
  start at ``##`` (the old site's layout drew the title; its pages start at
  ``###``).
- once per build, after reading: every claim is checked and the redirects
  planned (:func:`devportal.core.redirects.plan`); pages linking an old URL whose
  target changed are queued for rewriting.
- writing: links to old URLs go straight to the page now holding the content;
  the redirect pages are written once per build (``html-collect-pages``), and
  the ones a previous build wrote but this one does not are removed, so an
  incremental build leaves what a clean build would.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from ..build import incremental
from ..build.incremental import site_nav
from ..build.pagedata import PerPageCollector, build_state, front_matter, set_build_state
from ..core import diagnostics as d
from ..core import frontmatter, frontmatter_keys, redirects
from ..core.navrender import section_page

logger = logging.getLogger(__name__)

#: the redirect pages the last build wrote (kept beside the environment, so -E still cleans up)
MANIFEST = "portal-redirects.json"


@dataclass
class LegacyPage:
    """What one page says about old URLs; stored per docname."""

    claims: list[redirects.Claim] = field(default_factory=list)
    links: set[str] = field(default_factory=set)  # old URLs (normalised) its text links to
    anchors: frozenset[str] = frozenset()  # ids of its headings and targets: where an old URL may land


# ---------------------------------------------------------------------------
# reading


class LegacyCollector(PerPageCollector["LegacyPage"]):
    """Keeps each page's old URLs and old-URL links, keyed by docname."""

    attrs = ("portal_legacy",)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        docname = env.docname
        fm = front_matter(env)
        page = LegacyPage()
        if fm.data:
            page.claims, problems = redirects.claims_from_front_matter(
                docname, fm.data, fm.lines, lambda key, item: fm.item_lines.get((key, item)))
            unknown, infos = frontmatter_keys.check(docname, fm.data, fm.lines)
            for problem in problems + unknown:
                d.emit(logger, problem)
            for info in infos:
                logger.info(info.message, location=(docname, info.line))
        for xref in doctree.findall(addnodes.pending_xref):
            source = _old_url(xref)
            if source is not None:
                page.links.add(source)
        page.anchors = frozenset(ident for node in doctree.findall(_is_anchor)
                                 if isinstance(node, nodes.Element) for ident in node["ids"])
        LegacyCollector.of(env)[docname] = page


def _is_anchor(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.section, nodes.target))


def _old_url(xref: addnodes.pending_xref) -> str | None:
    """The old URL a Markdown link names (``[x](old-page.html)``), normalised; else None."""
    if xref.get("reftype") != "myst" or xref.get("refdomain") == "doc":
        return None
    target = str(xref.get("reftarget", "")).split("#", 1)[0]
    if not target.lower().endswith(redirects.OLD_SUFFIXES):
        return None
    try:
        return redirects.normalize(target)
    except redirects.BadURL:
        return None


def redirect_targets(env: BuildEnvironment) -> dict[str, str]:
    """Old URL -> the docname it leads to, as planned by the last build."""
    return build_state(env, "portal_redirect_targets", dict)


def init_env(app: Sphinx) -> None:
    env = app.env
    LegacyCollector.init_env(env)
    redirect_targets(env)


# -- old-site pages without a heading -----------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?=\s|$)")


def _headings(lines: list[str]):
    """(index, level) of every ATX heading outside fenced blocks."""
    fence = None
    for i, line in enumerate(lines):
        match = _FENCE.match(line)
        if match:
            mark = match.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = None
            continue
        if fence is None:
            heading = _ATX.match(line)
            if heading:
                yield i, len(heading.group(1))
            elif line.strip() and set(line.strip()) == {"="} and i and lines[i - 1].strip():
                yield i - 1, 1  # setext H1


def add_title(app: Sphinx, docname: str, source: list[str]) -> None:
    """Give a page with ``title``/``pagename`` front matter but no ``# Heading`` its heading."""
    text = source[0]
    if not text.startswith("---") or not str(app.env.doc2path(docname)).endswith(".md"):
        return
    block, end = frontmatter.split(text)
    if not block:
        return
    data = front_matter(app.env).data  # the page being read; empty when unreadable (the collector says why)
    if not data:
        return
    keys: tuple[str, ...] = ("title", "pagename")
    if docname.endswith("/index") and docname.count("/") == 2:
        # an old overview page ("pagename: Overview") becomes its document's index.md: the document's name
        keys = ("title", "documentname", "pagename")
    title = next((data[k] for k in keys if isinstance(data.get(k), str) and data[k].strip()), None)
    if title is None:
        return
    lines = text.splitlines(keepends=True)
    body = lines[end:]
    headings = list(_headings(body))
    if any(level == 1 for _i, level in headings):
        return
    # the old site's layout drew the title above pages whose headings start at ### : lift them to ##
    lift = min((level for _i, level in headings), default=2) - 2
    if lift > 0:
        for i, level in headings:
            body[i] = re.sub(r"^( {0,3})#{" + str(level) + "}", r"\g<1>" + "#" * (level - lift), body[i], count=1)
    heading = "# " + " ".join(title.split()).rstrip("#").rstrip() + "\n"
    if body and not body[0].strip():
        body[0] = heading  # the blank line after the front matter: later lines keep their numbers
    else:
        body.insert(0, heading + "\n")
    source[0] = "".join(lines[:end] + body)


# ---------------------------------------------------------------------------
# once per build, after reading


def page_outputs(app: Sphinx, env: BuildEnvironment) -> dict[str, str]:
    """Output path -> pagename of every real page this build writes (documents and generated pages)."""
    builder = app.builder
    names = set(env.found_docs)
    nav = site_nav(env)
    if nav is not None:
        names.update(section_page(node.section.slug) for node in nav.site.sections)
    if getattr(app.config, "html_use_index", False):
        names.add("genindex")
    names.add("search")
    if app.config.html_domain_indices:  # e.g. httpdomain's http-routingtable
        domains = env.domains.sorted() if hasattr(env.domains, "sorted") else env.domains.values()
        names.update(f"{domain.name}-{index.name}" for domain in domains for index in domain.indices)
    if "notfound.extension" in app.extensions:
        names.add(app.config.notfound_pagename)
    suffix = getattr(builder, "out_suffix", None) or app.config.html_file_suffix or ".html"
    outputs = {}
    for name in names:
        if builder.name == "dirhtml":
            path = "index.html" if name == "index" else (name[:-6] if name.endswith("/index") else name) + "/index.html"
        else:
            path = name + suffix
        outputs[path] = name
    return outputs


def plan_redirects(app: Sphinx, env: BuildEnvironment, nav) -> list[str]:
    """``portal-site-built``: check all claims, keep the plan; return pages whose old-URL links now lead elsewhere."""
    init_env(app)
    legacy = LegacyCollector.of(env)
    claims = [c for name, page in sorted(legacy.items()) if name in env.found_docs for c in page.claims]
    config_claims: list[redirects.Claim] = []
    problems: list[d.Problem] = []
    if app.config.portal_redirects or not isinstance(app.config.portal_redirects, dict):
        conf = Path(app.confdir, "conf.py")
        try:
            conf_text = conf.read_text(encoding="utf-8")
        except OSError:
            conf_text = ""
        config_claims, problems = redirects.claims_from_config(app.config.portal_redirects, str(conf), conf_text)
    anchors = {name: page.anchors for name, page in LegacyCollector.of(env).items() if name in env.found_docs}
    plan = redirects.plan(claims + config_claims, page_outputs(app, env), anchors)
    for problem in problems + plan.problems:
        d.emit(logger, problem)
    set_build_state(env, "portal_redirect_plan", plan)
    old, new = redirect_targets(env), plan.targets()
    set_build_state(env, "portal_redirect_targets", new)
    return sorted(name for name, page in legacy.items()
                  if name in env.found_docs and any(old.get(u) != new.get(u) for u in page.links))


# ---------------------------------------------------------------------------
# writing


class ResolveOldLinks(SphinxPostTransform):
    """``[Appendix](skills-api-appendix.html)`` in a moved page: link the page that claims that old URL."""

    default_priority = 8  # before MyST resolves (and warns about) its links

    def run(self, **kwargs) -> None:
        targets = redirect_targets(self.env)
        if not targets:
            return
        for xref in list(self.document.findall(addnodes.pending_xref)):
            source = _old_url(xref)
            target = targets.get(source) if source else None
            if target is None:
                continue
            docname, _, landing = target.partition("#")
            fragment = str(xref["reftarget"]).partition("#")[2] or landing
            content = xref[0].deepcopy() if xref.children else nodes.inline()
            if not content.astext():
                title = self.env.titles.get(docname)
                content = nodes.inline("", title.astext() if title else docname)
            ref: nodes.Node
            try:
                # The builder makes the URI, and a post-transform has no public way to it: the deprecated
                # SphinxTransform.app is env._app too. This one must run before MyST resolves (and warns about)
                # the link (priority 9), so a doctree-resolved handler (which is given the app) is too late.
                # Checked against Sphinx 9.0; tests/test_upstream.py fails when env._app.builder goes.
                ref = make_refnode(self.env._app.builder, self.env.docname, docname, fragment or "", content)
            except NoUri:  # a builder without an address for the page (a book, plain text) keeps the text
                ref = content
            xref.replace_self(ref)


def write_redirects(app: Sphinx):
    """Write every planned redirect page; remove the ones the last build wrote and this one does not."""
    builder = app.builder
    plan: redirects.Plan | None = build_state(app.env, "portal_redirect_plan", lambda: None)
    if plan is None or builder.name not in ("html", "dirhtml"):
        return []
    outdir = Path(builder.outdir)
    base = app.config.html_baseurl
    written: list[str] = []
    for source, redirect in plan.redirects.items():
        target_uri = builder.get_target_uri(redirect.docname)
        relative = redirects.relative_url(source, target_uri) + (f"#{redirect.anchor}" if redirect.anchor else "")
        canonical = (base.rstrip("/") + "/" + redirects.relative_url("", target_uri)) if base else relative
        title = app.env.titles.get(redirect.docname)
        html = redirects.render(relative, title.astext() if title else redirect.docname, canonical)
        path = outdir / source
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8", errors="replace") != html:
            path.write_text(html, encoding="utf-8")
        written.append(source)

    manifest = Path(app.doctreedir) / MANIFEST
    try:
        everything = json.loads(manifest.read_text(encoding="utf-8"))
        previous = list(everything.get(str(outdir), []))
    except (OSError, ValueError, AttributeError):
        previous, everything = [], {}
    for source in sorted(set(previous) - set(written)):
        path = outdir / source
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                stale = redirects.is_redirect_page(fh.read(400))
        except OSError:
            continue
        if stale:  # never delete what is not ours (e.g. a page that now lives at that address)
            path.unlink()
    everything[str(outdir)] = written
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(everything, indent=0), encoding="utf-8")
    logger.info("devportal: %d redirect pages for old URLs", len(written))
    return []


def setup_oldurls(app: Sphinx) -> None:
    app.setup_extension("myst_parser")
    app.setup_extension("devportal.build")
    app.add_config_value("portal_redirects", {}, "", types=[dict],
                         description="Old URLs whose content has no page of its own: "
                                     "{old URL: docname ('/section/document/page') or another old URL}.")
    app.connect("builder-inited", init_env)
    app.connect("source-read", add_title)
    app.add_env_collector(LegacyCollector)
    app.connect(incremental.EVENT_SITE_BUILT, plan_redirects)
    app.add_post_transform(ResolveOldLinks)
    app.connect("html-collect-pages", write_redirects)
