"""Methods filled from OpenAPI 3: the ``:openapi:`` option of ``api-request`` and ``api-response``.

A writer keeps the page exactly as for a hand-written method — prose, ``## Request`` with an
``api-request``, ``## Response`` with an ``api-response`` — and lets the spec fill the blocks::

    ```{api-request}
    :openapi: ../openapi.yaml#getAllUsers
    ```

The spec path is relative to the page (or absolute from the docs folder, ``/admin/users-api/openapi.yaml``);
after ``#`` comes an operationId or a JSON pointer to the operation (``#/paths/~1users/get``). Any YAML the
writer adds to the block (``note:``, ``service:``, even ``example:``) replaces what the spec gives for that key.

The directives below are the api-request/api-response directives of :mod:`devportal.api` with one step
added before them: :mod:`devportal.core.openapi` turns the operation into the YAML a writer would have typed,
and the unchanged parsing, checks and rendering run on it. So a filled method *is* a hand-written one
(same nodes, anchors, search entries, endpoint index), and every problem the checks find in generated
lines is reported in the spec, at the JSON pointer the line came from.

Life of the data: the spec is a dependency of each page that uses it (editing it re-reads them); once per
build, after reading, each spec in use is checked as a whole and its problems reported once.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..build.pagedata import PerPageCollector
from ..core import diagnostics as d
from ..core import openapi
from . import methods as api

logger = logging.getLogger(__name__)



class OpenApiFilled(api.ApiBlock):
    """Mixin for the block directives: with ``:openapi:``, generate the content, then run as written."""

    kind = ""  # "request" / "response"

    def run(self) -> list[nodes.Node]:
        reference = self.options.get("openapi")
        if reference is None:
            return list(super().run())
        env, docname = self.env, self.env.docname
        file, operation_ref = openapi.split_reference(reference)
        if not file or not operation_ref:
            return self.give_up(f"`:openapi: {reference}` must name a spec file and an operation, e.g. "
                                "`../openapi.yaml#getAllUsers`")
        relname, abspath = env.relfn2path(file, docname)
        exists = Path(abspath).is_file()
        used = SpecUsage.of(env).setdefault(docname, {})
        used[relname] = used.get(relname, True) and exists  # False: missing when read
        if exists:
            env.note_dependency(abspath)  # editing the spec re-reads this page
        spec = openapi.load(abspath, relname)
        if not spec.ok:
            reason = spec.problems[0].message.removeprefix(f"{relname}: ") if spec.problems else "unreadable"
            return self.give_up(f"cannot fill the api-{self.kind} from {relname}: {reason}",
                                subtype=d.OPENAPI_FILE)
        operation, reason = openapi.find_operation(spec, operation_ref)
        if operation is None:
            return self.give_up(reason)
        # only the half this directive shows: the other is its sibling directive's
        converter = openapi.RequestConverter if self.kind == "request" else openapi.ResponseConverter
        block = converter(spec, operation).block()
        self.check_argument(block)

        written = list(self.content)
        overridden = _top_level_keys("\n".join(written))
        lines, pointers = block.without(overridden)
        self._filled = (spec, operation, pointers)
        self.arguments = [block.argument] if self.kind == "request" else []
        self.content = StringList(lines + written, items=[(f"{relname}", 0)] * len(lines) + list(
            self.content.items))
        for problem in block.problems:
            self.report_one(problem)
        return list(super().run())

    def check_argument(self, block: openapi.Block) -> None:
        """A METHOD URL written beside ``:openapi:`` must agree with the spec."""
        if self.kind != "request" or not self.arguments:
            return
        written, generated = " ".join(self.arguments[0].split()), block.argument
        if written.upper() != generated.upper():
            d.emit(logger, d.Problem(d.OPENAPI_OPERATION, f"the api-request says {written!r} but the spec's "
                                     f"operation is {generated!r}; drop METHOD URL and let the spec give it",
                                     self.env.docname, line=self.lineno))

    def give_up(self, message: str, subtype: str = d.OPENAPI_OPERATION):
        """Say why nothing can be filled; still count the block, so the page's structure checks hold."""
        d.emit(logger, d.Problem(subtype, message, self.env.docname, line=self.lineno))
        self.record_block(self.kind)
        return []

    def report(self, problems: list[d.Problem]) -> None:
        for problem in problems:
            self.report_one(problem)

    def report_one(self, problem: d.Problem) -> None:
        """A problem on a generated line belongs to the spec, at that line's JSON pointer."""
        filled = getattr(self, "_filled", None)
        if filled is None or problem.docname != self.env.docname or problem.line is None:
            d.emit(logger, problem)
            return
        spec, operation, pointers = filled
        index = problem.line - self.content_line
        if index >= len(pointers):  # the writer's own lines, after the generated ones
            problem = d.Problem(problem.subtype, problem.message, problem.docname,
                                line=self.content_line + index - len(pointers))
        else:
            pointer = pointers[index] if index >= 0 else operation.pointer
            # "(line N)" of a generated line means nothing to the writer: the pointer says where
            message = re.sub(r" \(line \d+\)", "", problem.message)
            problem = spec.problem(problem.subtype, pointer, f"{message} (filling {self.env.docname})")
        d.emit(logger, problem)


class OpenApiRequest(OpenApiFilled, api.ApiRequest):
    """``{api-request} METHOD URL``, or ``:openapi: FILE#OPERATION`` to fill it from an OpenAPI 3 spec."""

    kind = "request"
    option_spec = {**(api.ApiRequest.option_spec or {}), "openapi": directives.unchanged_required}


class OpenApiResponse(OpenApiFilled, api.ApiResponse):
    """``{api-response}``, or ``:openapi: FILE#OPERATION`` to fill it from an OpenAPI 3 spec."""

    kind = "response"
    option_spec = {**(api.ApiResponse.option_spec or {}), "openapi": directives.unchanged_required}


def _top_level_keys(text: str) -> set[str]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return set()  # the block parser reports it
    if not isinstance(node, yaml.MappingNode):
        return set()
    return {str(k.value) for k, _v in node.value if isinstance(k, yaml.ScalarNode)}


# ---------------------------------------------------------------------------------------------
# which page uses which spec (per docname: purge and merge trivially)


class SpecUsage(PerPageCollector[dict[str, bool]]):
    """``env.portal_openapi``: docname -> {spec path relative to the docs folder: it existed when read}.
    The directives record as they run."""

    attrs = ("portal_openapi",)


def check_specs(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Once per build: every spec in use, checked as a whole (OpenAPI 3 schema, $refs, operations).
    A missing spec is reported by the pages that name it."""
    used = sorted({name for docname, names in SpecUsage.of(env).items() if docname in env.found_docs
                   for name in names})
    for relname in used:
        path = Path(env.srcdir) / relname
        if path.is_file():
            for problem in openapi.load(str(path), relname).problems:
                d.emit(logger, problem)
    return []


def pages_with_missing_specs(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """A page that named a missing spec (which cannot be a dependency) is read again, until the spec exists."""
    return sorted(docname for docname, used in SpecUsage.of(env).items()
                  if docname not in removed and not all(used.values()))


def setup_openapi_fill(app: Sphinx) -> None:
    # the same directives, with the `:openapi:` option (devportal.api renders them)
    app.add_directive("api-request", OpenApiRequest, override=True)
    app.add_directive("api-response", OpenApiResponse, override=True)
    app.add_env_collector(SpecUsage)
    app.connect("env-get-outdated", pages_with_missing_specs)
    app.connect("env-get-updated", check_specs)
