"""Getting-started cards: a grid of whole-card links, built on sphinx-design.

    ````{portal-cards}
    ```{portal-card} /guides/getting-started/authentication
    :title: Authentication
    Log in with the Login Service or sign requests with an API key.
    ```
    ```{portal-card} data-apis-label
    ```
    ````

A card links to a page (a docname, absolute with ``/`` or relative) or a label.
Title and summary may be left out: they are then borrowed from the target (its
title and ``summary`` front matter) when the page is written, and the card's
page is declared dependent on the target so incremental builds stay fresh.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join, logging
from sphinx.util.docutils import SphinxDirective
from sphinx_design.grids import gutter_option, row_columns_option
from sphinx_design.shared import PassthroughTextElement, create_component

from ..build.builders import is_website, relative_uri
from ..build.incremental import add_dependency
from ..build.nodes import indicator_badges, page_xref
from ..core import diagnostics as d

logger = logging.getLogger(__name__)

DEFAULT_COLUMNS = "1 1 2 2"  # one column on phones, two from tablets up


class pending_card(nodes.General, nodes.Element):
    """A card whose link, title and summary are settled when the page is written."""


class _Unknown(str):
    """Marks an option value whose key the directive does not know."""


class OpenOptionSpec(dict):
    """Accepts any option key, so unknown ones become typed warnings, not parse errors."""

    def __missing__(self, key):
        return _Unknown


def _warn_unknown(directive: SphinxDirective, spec: dict) -> None:
    for key, value in directive.options.items():
        if isinstance(value, _Unknown) or key not in spec:
            d.emit(logger, d.Problem(d.CARD_OPTION, f"unknown option {key!r} for {directive.name} "
                                     f"(known: {', '.join(sorted(spec))})", directive.env.docname,
                                     line=directive.lineno))


def _card_options(directive: SphinxDirective, spec: dict) -> dict:
    _warn_unknown(directive, spec)
    return {k: v for k, v in directive.options.items() if k in spec and not isinstance(v, _Unknown)}


class PortalCards(SphinxDirective):
    """The grid: a sphinx-design grid whose items are portal cards."""

    has_content = True
    known = {"columns": directives.unchanged, "gutter": directives.unchanged, "class": directives.class_option}
    option_spec = OpenOptionSpec(known)

    def run(self) -> list[nodes.Node]:
        options = _card_options(self, self.known)
        try:
            columns = row_columns_option(options.get("columns", DEFAULT_COLUMNS))
        except ValueError as exc:
            d.emit(logger, d.Problem(d.CARD_OPTION, f"bad :columns: value: {exc}", self.env.docname, line=self.lineno))
            columns = row_columns_option(DEFAULT_COLUMNS)
        try:
            gutter = gutter_option(options.get("gutter", "3"))
        except ValueError as exc:
            d.emit(logger, d.Problem(d.CARD_OPTION, f"bad :gutter: value: {exc}", self.env.docname, line=self.lineno))
            gutter = gutter_option("3")
        container, row = _grid(columns, gutter, options.get("class", []))
        self.set_source_info(container)
        self.state.nested_parse(self.content, self.content_offset, row)
        for child in row.children:
            if not (isinstance(child, nodes.container) and child.get("design_component") == "grid-item"):
                if isinstance(child, (nodes.comment, nodes.system_message)):
                    continue
                d.emit(logger, d.Problem(d.CARD_OPTION, "only portal-card directives may stand inside portal-cards",
                                         self.env.docname, line=child.line or self.lineno))
        return [container]


class PortalCard(SphinxDirective):
    """One card: ``{portal-card} <target>``; optional ``:title:``; the content is the summary."""

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    known = {"title": directives.unchanged}
    option_spec = OpenOptionSpec(known)

    def run(self) -> list[nodes.Node]:
        options = _card_options(self, self.known)
        target = self.arguments[0].strip() if self.arguments else ""
        summary = " ".join(" ".join(self.content).split())
        card = pending_card(target=target, title=(options.get("title") or "").strip(), summary=summary)
        self.set_source_info(card)
        if not target:
            d.emit(logger, d.Problem(d.CARD_TARGET, "card has no target (give a page path or a label)",
                                     self.env.docname, line=self.lineno))
        else:
            for docname in _candidate_docnames(self.env.docname, target):
                add_dependency(self.env, ("page", docname))
            add_dependency(self.env, ("label", target.lower()))
        item = create_component("grid-item", ["sd-col", "sd-d-flex-row"])
        item += card
        return [item]


def _candidate_docnames(current: str, target: str) -> list[str]:
    """The pages *target* may name from *current*: relative to it, else from the root."""
    target = target.removesuffix(".md")
    if target.startswith("/"):
        return [target.lstrip("/")]
    return [docname_join(current, target), target]


class ResolveCards(SphinxPostTransform):
    """Turn each pending card into a sphinx-design card linked to its target."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        env = self.env
        # The builder, as Sphinx's own ReferencesResolver reaches it (no public accessor in a post-transform;
        # checked against Sphinx 9.0, see tests/test_upstream.py). A post-transform, not doctree-resolved:
        # cards in books link through pending_xref, which the resolver (priority 10) turns into links.
        builder = env._app.builder
        website = is_website(builder)
        pages: dict = getattr(env, "portal_pages", {})  # titles and summaries, when navigation is on
        for pending in list(self.document.findall(pending_card)):
            target = pending["target"]
            docname, anchor, label = None, "", None
            if target:
                docname = next((c for c in _candidate_docnames(env.docname, target) if c in env.all_docs), None)
                if docname is None:
                    label = env.domaindata["std"]["labels"].get(target.lower())
                    if label:
                        docname, anchor = label[0], label[1]
                if docname is None:
                    d.emit(logger, d.Problem(d.CARD_TARGET, f"card links to {target!r}, which is neither a page nor "
                                             "a label", env.docname, line=pending.line))
            title, summary = pending["title"], pending["summary"]
            if docname is not None:
                info = pages.get(docname)
                if not title:
                    title = info.title if info is not None else ""
                    if anchor and label:  # found by its label
                        title = label[2] or title
                if not summary and info is not None:
                    summary = info.summary
            if not title:
                d.emit(logger, d.Problem(d.CARD_TITLE, f"card for {target!r} has no title and its target has none "
                                         "to borrow; add :title:", env.docname, line=pending.line))
                title = target or "Untitled"
            if not website:
                pending.replace_self(plain_card(title, summary, env.docname, docname, anchor and target.lower()))
                continue
            uri = None
            if docname is not None:
                uri = relative_uri(builder, env.docname, docname)
                if uri is not None and anchor:
                    uri += f"#{anchor}"
            pending.replace_self(make_card(title, summary, uri))
        if not website:
            for grid in list(self.document.findall(nodes.container)):
                if "portal-cards" in grid["classes"]:
                    grid.replace_self(plain_list(grid))


def plain_card(title: str, summary: str, fromdoc: str, docname: str | None, label: str) -> nodes.paragraph:
    """A card as a book or plain text shows it: its title as a link (resolved by Sphinx), then its summary."""
    para = nodes.paragraph()
    if docname is None:
        para += nodes.strong(title, title)
    else:
        reftype, target = ("ref", label) if label else ("doc", "/" + docname)
        strong = nodes.strong()
        strong += page_xref(fromdoc, target, nodes.inline(title, title), reftype=reftype)
        para += strong
    if summary:
        para += nodes.Text(f" — {summary}")
    return para


def plain_list(grid: nodes.Element) -> nodes.bullet_list:
    """A grid of cards as a list of links, for builders that are not a website (PDF, EPUB, text, man)."""
    items = nodes.bullet_list(classes=["portal-cards"])
    for para in grid.findall(nodes.paragraph):
        if isinstance(para.parent, nodes.list_item) or "sd-card-text" in para["classes"]:
            continue
        items += nodes.list_item("", para.deepcopy())
    return items


def make_card(title: str, summary: str, uri: str | None, indicator: str | None = None) -> nodes.Node:
    """A sphinx-design card; with *uri* the whole card is one link named by its title."""
    classes = ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "portal-card"]
    if uri:
        classes.append("sd-card-hover")
    card = create_component("card", classes)
    body = create_component("card-body", ["sd-card-body"])
    heading = create_component("card-title", ["sd-card-title", "sd-font-weight-bold"])
    text = PassthroughTextElement()
    text += nodes.Text(title)
    text.extend(indicator_badges(indicator))
    heading += text
    body += heading
    if summary:
        body += nodes.paragraph(summary, summary, classes=["sd-card-text"])
    card += body
    if uri:
        link = PassthroughTextElement()
        link += nodes.reference(title, "", nodes.inline(title, title), refuri=uri, internal=True,
                                classes=["sd-stretched-link", "sd-hide-link-text"])
        card += link
    return card


def _grid(columns: list[str], gutter: list[str], classes: list[str]) -> tuple[nodes.Element, nodes.Element]:
    """A sphinx-design grid container and its (still empty) row."""
    container = create_component("grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4",
                                                    "portal-cards", *classes])
    row = create_component("grid-row", ["sd-row", *columns, *gutter])
    container += row
    return container, row


def card_grid(cards: list[nodes.Node]) -> nodes.Node:
    """Wrap finished cards in a sphinx-design grid (used by generated pages)."""
    container, row = _grid(row_columns_option(DEFAULT_COLUMNS), gutter_option("3"), [])
    for card in cards:
        item = create_component("grid-item", ["sd-col", "sd-d-flex-row"])
        item += card
        row += item
    return container


def setup_cards(app: Sphinx) -> None:
    app.setup_extension("sphinx_design")
    app.setup_extension("devportal.build")
    app.add_node(pending_card)
    app.add_directive("portal-cards", PortalCards)
    app.add_directive("portal-card", PortalCard)
    app.add_post_transform(ResolveCards)
