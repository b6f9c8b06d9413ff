"""``python -m devportal``: the writers' tools (see :mod:`devportal.writers.authoring` and
:mod:`devportal.writers.check`).

    python -m devportal new document --section admin "Agent Groups API"
    python -m devportal new method --document admin/agent-groups-api "Get all agent groups" GET URL
    python -m devportal new method --document admin/users-api --openapi openapi.yaml#getAllUsers
    python -m devportal check
    python -m devportal openapi docs/admin/users-api/openapi.yaml#getAllUsers

Exit status: 0 done, 1 refused (or problems found by ``check``), 2 wrong usage or a build that could not run.
"""

from __future__ import annotations

import argparse
import sys

DOCS_HELP = "the portal's docs folder (default: ./docs)"


def build_parser(leaves: list[argparse.ArgumentParser] | None = None) -> argparse.ArgumentParser:
    """The ``python -m devportal`` parser; *leaves*, when given, receives each command's own parser."""
    parser = argparse.ArgumentParser(prog="python -m devportal", description="Writers' tools for the portal.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser("new", help="create a document or a method page from templates",
                              description="Create a document or a method page from templates.")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")

    document = kinds.add_parser(
        "document", help="a document folder: Overview, Getting Started, Methods and Appendix",
        description="Create a document folder with its Overview, Getting Started, Methods and Appendix pages; "
                    "places to write are marked `Write:`.")
    document.add_argument("title", help='the document title, e.g. "Agent Groups API"')
    document.add_argument("--section", required=True, help="section slug or name, e.g. admin")
    document.add_argument("--slug", help="folder name (default: from the title)")
    document.add_argument("--summary", help="one sentence for the overview's `summary:`")
    document.add_argument("--indicator", choices=["chat", "messaging", "both"], help="channel badge")
    document.add_argument("--docs", default="docs", help=DOCS_HELP)

    method = kinds.add_parser(
        "method", help="a method page in a document's methods/ folder",
        description="Add a method page to a document, from its title, HTTP method and URL (path parameters "
                    "come from the URL placeholders), or filled from an OpenAPI 3 operation with `--openapi`.")
    method.add_argument("title", nargs="?", help='page title, e.g. "Get all agent groups" (with --openapi: '
                                                 "default from the operation's summary)")
    method.add_argument("http_method", nargs="?", metavar="METHOD", help="GET, POST, PUT, DELETE, PATCH, …")
    method.add_argument("url", nargs="?", metavar="URL", help='e.g. "https://{domain}/api/account/{accountId}/..."')
    method.add_argument("--document", required=True, help="SECTION/DOCUMENT, e.g. admin/agent-groups-api")
    method.add_argument("--openapi", metavar="FILE#OPERATION",
                        help="fill the method from an OpenAPI 3 operation (operationId or JSON pointer)")
    method.add_argument("--slug", help="file name without .md (default: from the title)")
    method.add_argument("--order", type=int, help="position among the methods (default: after the last)")
    method.add_argument("--service", help="Domain API service name, e.g. accountConfigReadOnly")
    method.add_argument("--summary", help="one sentence for `summary:`")
    method.add_argument("--docs", default="docs", help=DOCS_HELP)

    check = commands.add_parser(
        "check", help="build the portal quietly and print a table of its problems",
        description="Build the portal quietly and print one table of problems (type, file:line, message) "
                    "and a count; exit 1 when there are problems.")
    check.add_argument("--docs", default="docs", help=DOCS_HELP)
    check.add_argument("--builder", default="html", help="Sphinx builder (default: html)")
    check.add_argument("--jobs", "-j", default="auto", help="parallel jobs (default: auto)")
    check.add_argument("--builddir", help="keep the built output here (default: a temporary folder)")
    check.add_argument("--strict", action="store_true", help="count places still marked `Write:` as problems")

    show = commands.add_parser(
        "openapi", help="print the method blocks an OpenAPI 3 operation fills",
        description="Print the api-request and api-response blocks an OpenAPI 3 operation fills, as a writer "
                    "would type them (to review a spec, or to turn a method into a hand-written one).")
    show.add_argument("reference", metavar="FILE#OPERATION", help="spec file and operationId or JSON pointer")
    if leaves is not None:
        leaves += [document, method, check, show]
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from . import authoring

    try:
        if args.command == "new":
            return _new(args)
        if args.command == "check":
            from . import check

            return check.run(args.docs, builddir=args.builddir, builder=args.builder, jobs=args.jobs,
                             strict=args.strict)
        if args.command == "openapi":
            return _openapi(args)
    except authoring.Refusal as refusal:
        print(f"devportal {args.command}: {refusal}", file=sys.stderr)
        return 1
    return 2  # pragma: no cover - argparse requires a command


def _new(args) -> int:
    from . import authoring

    project = authoring.Project.load(args.docs)
    if args.kind == "document":
        created = authoring.new_document(project, args.section, args.title, slug=args.slug, summary=args.summary,
                                         indicator=args.indicator)
    else:
        created = authoring.new_method(project, args.document, args.title, args.http_method, args.url,
                                       slug=args.slug, order=args.order, service=args.service,
                                       summary=args.summary, spec_ref=args.openapi)
    for path in created:
        print(f"created {authoring.display(path)}")
    print(f"Now write the places marked `{authoring.MARKER}`; `make check` lists those left and any problem.")
    return 0


def _openapi(args) -> int:
    from ..core import openapi
    from . import authoring

    file, operation_ref = openapi.split_reference(args.reference)
    if not file or not operation_ref:
        raise authoring.Refusal("give FILE#OPERATION, e.g. docs/admin/users-api/openapi.yaml#getAllUsers")
    spec = openapi.load(file, file)
    for problem in spec.problems:
        print(f"{problem.path}:{problem.line or 1}: {problem.message} [portal.{problem.subtype}]", file=sys.stderr)
    if not spec.ok:
        return 1
    operation, reason = openapi.find_operation(spec, operation_ref)
    if operation is None:
        raise authoring.Refusal(reason)
    conversion = openapi.convert(spec, operation)
    for problem in conversion.request.problems + conversion.response.problems:
        print(f"{problem.path}:{problem.line or 1}: {problem.message} [portal.{problem.subtype}]", file=sys.stderr)
    sys.stdout.write(openapi.markdown(conversion))
    return 1 if spec.problems else 0

