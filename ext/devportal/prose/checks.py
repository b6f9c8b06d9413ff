"""Prose rules on every reader-facing page: the Sphinx glue of :mod:`devportal.core.prose`.

- ``config-inited``: the ``portal_prose_*`` values are compiled once (a malformed value is named, and the
  rest still apply);
- ``doctree-read`` (parallel-safe): the text a reader sees — paragraphs, titles, table cells, the
  ``summary`` — is checked for forbidden phrases and British spelling, skipping code, literals and URLs;
  the page's literal names and its ``prose-allow`` exceptions are kept per page;
- ``env-check-consistency``: the names of all pages of each document are compared (one header, one name).

Pages matching ``portal_prose_exclude`` (docname patterns, e.g. the writers' own section) are not checked.
"""

from __future__ import annotations

import re
import weakref
from fnmatch import fnmatchcase
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..build import pagedata
from ..core import diagnostics as d
from ..core import prose as core

logger = logging.getLogger(__name__)

SUBTYPE = {core.SPELLING: d.STYLE_SPELLING, core.NAMES: d.STYLE_NAMES}  # any other rule: a phrase rule

#: text here is not prose a reader reads as sentences
SKIP = (nodes.literal_block, nodes.doctest_block, nodes.raw, nodes.math, nodes.math_block, nodes.comment,
        nodes.target, nodes.substitution_definition, nodes.system_message, nodes.problematic)


class ProseCollector(pagedata.PerPageCollector[tuple[list, list[str]]]):
    """Per page: its literal names and the rules it opts out of (for the per-document names check)."""

    attrs = ("portal_prose_pages",)


def _line(node: nodes.Node) -> int | None:
    while node is not None:
        if getattr(node, "line", None):
            return node.line
        node = node.parent
    return None


def _literal(text: nodes.Text, block: nodes.Element) -> bool:
    node = text.parent
    while node is not None and node is not block.parent:
        if isinstance(node, nodes.literal):
            return True
        if isinstance(node, nodes.reference) and node.get("refuri") and node.astext() == node["refuri"]:
            return True  # a bare URL
        node = node.parent
    return False


def segments(doctree: nodes.document) -> list[core.Segment]:
    """The text of a page as a reader sees it, block by block, each run with its line."""
    out: list[core.Segment] = []
    for block in doctree.findall(nodes.TextElement):
        if isinstance(block, (nodes.Inline, *SKIP)):
            continue
        ancestor, skipped = block.parent, False
        while ancestor is not None:
            if isinstance(ancestor, SKIP):
                skipped = True
                break
            ancestor = ancestor.parent
        if skipped:
            continue
        start = _line(block)
        offset = 0
        for text in block.findall(nodes.Text):
            owner: nodes.Node | None = text.parent
            while owner is not None and isinstance(owner, nodes.Inline):
                owner = owner.parent
            if owner is not block:
                continue  # belongs to a nested block, which is visited on its own
            value = str(text)
            out.append(core.Segment(value, start + offset if start is not None else None, _literal(text, block)))
            offset += value.count("\n")
    return out


# Rules compiled once per configuration (weakly: a finished build's config is not kept alive), with the
# problems found in the configuration, said once the builder (and logging's locations) exist.
_COMPILED: weakref.WeakKeyDictionary[Config, tuple[core.Rules, list[str]]] = weakref.WeakKeyDictionary()


def compiled(config: Config) -> tuple[core.Rules, list[str]]:
    if config not in _COMPILED:
        _COMPILED[config] = core.compile_rules(config.portal_prose_phrases, config.portal_prose_spelling,
                                               config.portal_prose_names, config.portal_prose_case_variants)
    return _COMPILED[config]


def rules_of(app: Sphinx) -> core.Rules:
    return compiled(app.config)[0]


def compile_config(app: Sphinx, config: Config) -> None:
    compiled(config)


def excluded(app: Sphinx, docname: str) -> bool:
    return any(fnmatchcase(docname, pattern) for pattern in app.config.portal_prose_exclude)


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    if excluded(app, docname):
        return
    rules = rules_of(app)
    fm = pagedata.front_matter(env)
    allowed, problems = core.parse_allow(fm.data.get(core.ALLOW_KEY), rules.names)
    for message in problems:
        d.emit(logger, d.Problem(d.STYLE_ALLOW, message, docname, line=fm.line(core.ALLOW_KEY)))
    segs = segments(doctree)
    summary = fm.data.get("summary")
    if isinstance(summary, str):
        segs.append(core.Segment(summary, fm.line("summary")))
    for finding in core.check_text(segs, rules, allowed):
        d.emit(logger, d.Problem(SUBTYPE.get(finding.rule, d.STYLE_PHRASE), finding.message, docname,
                                 line=finding.line))
    ProseCollector.of(env)[docname] = (core.names_in(segs), sorted(allowed))


def init_env(app: Sphinx) -> None:
    ProseCollector.init_env(app.env)
    problems = compiled(app.config)[1]
    if not problems:
        return
    conf = Path(app.confdir, "conf.py")
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    for message in problems:
        name = re.match(r"`(portal_prose_\w+)", message)
        line = next((i + 1 for i, text in enumerate(lines) if name and text.startswith(name.group(1))), 1)
        d.emit(logger, d.Problem(d.STYLE_CONFIG, message, path=str(conf), line=line))


def document_of(docname: str) -> str:
    """``section/document`` for a page of a document; the page itself otherwise."""
    parts = docname.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else docname


def check_names(app: Sphinx, env: BuildEnvironment) -> None:
    pages = ProseCollector.of(env)
    documents: dict[str, dict[str, list]] = {}
    for docname in sorted(pages):
        if docname in env.all_docs:
            documents.setdefault(document_of(docname), {})[docname] = pages[docname][0]
    rules = rules_of(app)
    for document in documents.values():
        for docname, finding in core.check_names(document, rules):
            if core.NAMES not in pages[docname][1]:
                d.emit(logger, d.Problem(d.STYLE_NAMES, finding.message, docname, line=finding.line))


def setup_checks(app: Sphinx) -> None:
    app.setup_extension("myst_parser")
    app.add_config_value("portal_prose_phrases", core.DEFAULT_PHRASES, "env", types=[dict],
                         description="Phrases reader-facing pages must not contain: {rule name: [regular "
                                     "expressions]}, matched case-insensitively outside code and URLs.")
    app.add_config_value("portal_prose_spelling", core.DEFAULT_SPELLING, "env", types=[dict],
                         description="Words to avoid -> the words to write (British -> American English); "
                                     "inflections are derived.")
    app.add_config_value("portal_prose_names", core.DEFAULT_NAME_GROUPS, "env", types=[list],
                         description="Groups of names for one header or parameter; a document uses one name "
                                     "of each group.")
    app.add_config_value("portal_prose_case_variants", True, "env", types=[bool],
                         description="Report names within a document that differ only in case, `-` or `_`.")
    app.add_config_value("portal_prose_exclude", [], "env", types=[list],
                         description="Docname patterns (fnmatch) of pages that are not reader-facing and are "
                                     "not checked, e.g. [\"contributing/*\"].")
    app.connect("config-inited", compile_config)
    app.connect("builder-inited", init_env)
    app.add_env_collector(ProseCollector)
    app.connect("doctree-read", check_page)
    app.connect("env-check-consistency", check_names)
