"""The Contributing reference, generated from the code so that it never drifts.

``{portal-reference} TOPIC`` renders one table:

- ``warnings``: every warning subtype (:data:`devportal.core.diagnostics.SUBTYPES`) with its meaning;
- ``front-matter``: every front matter key (:data:`devportal.core.frontmatter_keys.KEYS`);
- ``directives`` / ``roles``: every directive and role the devportal modules register, found in the
  registries Sphinx and docutils keep (so a new directive appears without anyone listing it), with the
  first paragraph of its docstring and its options;
- ``commands``: the writers' commands (``python -m devportal …``), from their argument parser.

A page that uses the directive is re-read on every build (``env-get-outdated``): it is one page, and
its tables then follow the code even when only the code changed.
"""

from __future__ import annotations

import argparse
import inspect
import re
from collections.abc import Set

from docutils import nodes
from docutils.parsers.rst import directives as rst_directives
from docutils.parsers.rst import roles as rst_roles
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..build.nodes import rich_text, table
from ..build.pagedata import build_state
from ..core import diagnostics as d

logger = logging.getLogger(__name__)

PACKAGE = "devportal"
TOPICS = ("warnings", "front-matter", "directives", "roles", "commands")


# ---------------------------------------------------------------------------------------------
# what the code defines (plain data; the tests use these too)


def warning_rows() -> list[tuple[str, str]]:
    return [(f"{d.WARNING_TYPE}.{name}", meaning) for name, meaning in d.SUBTYPES.items()]


def front_matter_rows() -> list[tuple[str, str]]:
    from ..core import frontmatter_keys

    rows = []
    for key in frontmatter_keys.KEYS.values():
        rows.append((key.name, key.meaning))
    for prefix, meaning in frontmatter_keys.PREFIXES.items():
        rows.append((f"{prefix}…", meaning))
    return rows


def _ours(obj) -> bool:
    module = getattr(obj, "__module__", "") or type(obj).__module__
    return module == PACKAGE or module.startswith(PACKAGE + ".")


def _summary(obj) -> str:
    """The first paragraph of the object's own docstring (not a base class's), on one line."""
    if inspect.isfunction(obj):
        doc = obj.__doc__
    else:
        doc = (obj if inspect.isclass(obj) else type(obj)).__dict__.get("__doc__")
    doc = inspect.cleandoc(doc or "")
    return " ".join(doc.split("\n\n", 1)[0].split())


# docutils keeps the directives and roles an application registers in module dicts and offers no public
# way to list them (``directives.directive(name, …)`` looks one up by name). Reading them finds every
# directive and role our modules register, without a list that could drift. Checked against docutils 0.22;
# tests/test_upstream.py fails when either dict goes.


def directive_rows(env: BuildEnvironment) -> list[tuple[str, str, str]]:
    """(name, options, summary) of every devportal directive, plain and in domains."""
    rows = []
    for name, cls in sorted(rst_directives._directives.items()):  # type: ignore[attr-defined]
        if _ours(cls):
            rows.append((name, _options(cls), _summary(cls)))
    for domain in _domains(env):
        for name, cls in sorted(domain.directives.items()):
            if _ours(cls):
                rows.append((f"{domain.name}:{name}", _options(cls), _summary(cls)))
    return rows


def role_rows(env: BuildEnvironment) -> list[tuple[str, str]]:
    rows = []
    for name, role in sorted(rst_roles._roles.items()):  # type: ignore[attr-defined]
        if _ours(role):
            rows.append((name, _summary(role)))
    for domain in _domains(env):
        for name, role in sorted(domain.roles.items()):
            if _ours(role):
                rows.append((f"{domain.name}:{name}", _summary(role)))
    return rows


def _domains(env: BuildEnvironment):
    container = env.domains
    domains = container.sorted() if hasattr(container, "sorted") else container.values()
    return [dom for dom in domains if _ours(dom)]


def _options(cls) -> str:
    spec = getattr(cls, "option_spec", None) or {}
    return ", ".join(f":{name}:" for name in spec)


def command_rows() -> list[tuple[str, str]]:
    """(usage, help) of each ``python -m devportal`` command, from its argument parser."""
    from .cli import build_parser

    commands: list[argparse.ArgumentParser] = []
    build_parser(commands)
    rows = []
    for parser in commands:
        usage = " ".join(parser.format_usage().split())
        usage = re.sub(r"^usage:\s*", "", usage).replace(" [-h]", "")
        rows.append((usage, " ".join((parser.description or "").split())))
    return rows


# ---------------------------------------------------------------------------------------------
# rendering


def _table(columns: list[str], rows: list[list[list[nodes.Node]]], kind: str) -> nodes.table:
    return table(columns, [(cells, None) for cells in rows], ["portal-reference", f"portal-reference-{kind}"])


def _code(text: str) -> list[nodes.Node]:
    return [nodes.literal(text, text)] if text else []


class PortalReference(SphinxDirective):
    """``{portal-reference} TOPIC``: a table generated from the code (warnings, front-matter, directives,
    roles or commands)."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        topic = self.arguments[0].strip().lower()
        reference_pages(self.env).add(self.env.docname)
        if topic == "warnings":
            rows = [[_code(name), rich_text(meaning)] for name, meaning in warning_rows()]
            return [_table(["Warning", "Meaning"], rows, topic)]
        if topic == "front-matter":
            rows = [[_code(name), rich_text(meaning)] for name, meaning in front_matter_rows()]
            return [_table(["Key", "Meaning"], rows, topic)]
        if topic == "directives":
            rows = [[_code(name), rich_text(" ".join(f"`{o}`" for o in options.split(", ")) if options else ""),
                     rich_text(summary)] for name, options, summary in directive_rows(self.env)]
            return [_table(["Directive", "Options", "What it does"], rows, topic)]
        if topic == "roles":
            rows = [[_code("{" + name + "}"), rich_text(summary)] for name, summary in role_rows(self.env)]
            return [_table(["Role", "What it does"], rows, topic)]
        if topic == "commands":
            rows = [[_code(usage), rich_text(help_text)] for usage, help_text in command_rows()]
            return [_table(["Command", "What it does"], rows, topic)]
        d.emit(logger, d.Problem(d.BAD_VALUE, f"portal-reference: unknown topic {topic!r} "
                                 f"(use one of {', '.join(TOPICS)})", self.env.docname, line=self.lineno))
        return []


# ---------------------------------------------------------------------------------------------
# pages with generated tables are re-read every build


def reference_pages(env: BuildEnvironment) -> set[str]:
    """The pages that hold a generated table."""
    return build_state(env, "portal_reference", set)


class ReferencePages(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        reference_pages(env).discard(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment) -> None:
        reference_pages(env).update(docnames & reference_pages(other))

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        pass


def always_outdated(app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str],
                    removed: Set[str]) -> list[str]:
    return sorted(name for name in reference_pages(env) if name in env.found_docs and name not in removed)


def setup_reference(app: Sphinx) -> None:
    app.add_directive("portal-reference", PortalReference)
    app.add_env_collector(ReferencePages)
    app.connect("env-get-outdated", always_outdated)
