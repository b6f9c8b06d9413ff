"""Old URLs of the previous site, and the static pages that send readers on.

Sphinx-free. Pages claim old URLs (front matter ``permalink`` and
``redirect_from``; conf.py ``portal_redirects`` may add URLs whose content has
no single page). :func:`plan` checks every claim against the real pages of the
build and against each other, and returns one :class:`Redirect` per old URL,
each pointing straight at a page, plus the problems found:

- two pages claim the same old URL (the first, by docname, keeps it);
- an old URL is the address of a real page (writing it would replace the page,
  or loop onto itself);
- a redirect leads to another old URL (a chain: written as one hop, and said)
  or back to itself (a loop: not written);
- an old URL or a target that is absolute or on another host (no open
  redirects: every redirect page links relatively inside the site);
- a value that is not a path ending in ``.html`` or ``/``;
- an old URL that lands on a part of a page (``#anchor``) the page does not have.

An old URL whose subject is a part of a page lands on that part: in front
matter, ``redirect_from: [{old.html: "#heading-anchor"}]``; in conf.py, a
target ``/section/document/page#heading-anchor``.

:func:`render` writes the redirect page itself: a relative ``meta refresh``,
a script that keeps the ``#fragment``, ``<link rel="canonical">`` and a visible
link for readers whose browser does not follow the refresh.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote, unquote, urlsplit

from . import diagnostics as d

#: front matter keys that claim old URLs: the old site's own URL, and older ones
PERMALINK = "permalink"
REDIRECT_FROM = "redirect_from"
#: the conf.py value naming old URLs with an explicit target
CONFIG_VALUE = "portal_redirects"

OLD_SUFFIXES = (".html", ".htm")
#: written into every redirect page; a file without it is never deleted or replaced as stale
MARKER = '<meta name="generator" content="devportal redirect">'


@dataclass(frozen=True)
class Claim:
    """One old URL, and who says where it should lead."""

    url: str  # as written
    docname: str | None  # the page that claims it; None for conf.py redirects
    key: str  # PERMALINK, REDIRECT_FROM or CONFIG_VALUE
    line: int | None = None
    target: str | None = None  # conf.py only: a docname (``/guides/x/index``) or another old URL
    path: str | None = None  # conf.py only: the file, for warnings
    anchor: str = ""  # the part of the page it lands on (front matter ``{old.html: "#anchor"}``)

    @property
    def where(self) -> str:
        if self.docname is None:
            return f"conf.py `{CONFIG_VALUE}` (line {self.line})" if self.line else f"conf.py `{CONFIG_VALUE}`"
        return f"{self.docname!r}" + (f" (line {self.line})" if self.line else "")


@dataclass(frozen=True)
class Redirect:
    source: str  # output path of the old URL, relative to the site root: "a.html", "old/dir/index.html"
    docname: str  # the page it leads to
    url: str  # the old URL as written
    anchor: str = ""  # the part of the page it lands on ("" for the top)

    @property
    def target(self) -> str:
        """``docname`` or ``docname#anchor``."""
        return f"{self.docname}#{self.anchor}" if self.anchor else self.docname


@dataclass
class Plan:
    redirects: dict[str, Redirect] = field(default_factory=dict)  # source -> redirect, sorted by source
    problems: list[d.Problem] = field(default_factory=list)

    def targets(self) -> dict[str, str]:
        """Old URL (normalised) -> ``docname`` or ``docname#anchor``: what a link to an old URL resolves to."""
        return {source: r.target for source, r in self.redirects.items()}


class BadURL(ValueError):
    def __init__(self, subtype: str, reason: str):
        super().__init__(reason)
        self.subtype = subtype


def normalize(url: object) -> str:
    """The output path an old URL is served from, relative to the site root.

    ``/a.html`` and ``a.html`` are the same old URL; ``old/`` is served from
    ``old/index.html``. Raises :class:`BadURL` for anything that is not a
    path inside the site ending in ``.html``/``.htm`` or ``/``.
    """
    if not isinstance(url, str) or not url.strip():
        raise BadURL(d.REDIRECT_INVALID, f"{url!r} is not an old URL (write a path such as `old-page.html`)")
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme or parts.netloc or text.startswith("//"):
        raise BadURL(d.REDIRECT_EXTERNAL, f"{text!r} is on another site: only paths of this site can redirect")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise BadURL(d.REDIRECT_INVALID, f"{text!r} has a query or #fragment: a static page cannot tell them apart")
    segments = [s for s in unquote(parts.path).split("/")]
    if any(s == ".." for s in segments) or "\\" in text or "\x00" in text:
        raise BadURL(d.REDIRECT_INVALID, f"{text!r} leaves the site folder")
    path = "/".join(s for s in segments if s not in ("", "."))
    if text.endswith("/") or not path:
        return posixpath.join(path, "index.html") if path else "index.html"
    if not path.lower().endswith(OLD_SUFFIXES):
        raise BadURL(d.REDIRECT_INVALID, f"{text!r} must end in `.html` or `/` (old URLs are pages)")
    return path


def claims_from_front_matter(docname: str, data: Mapping, lines: Mapping[str, int],
                             item_line: Callable[[str, str], int | None] | None = None
                             ) -> tuple[list[Claim], list[d.Problem]]:
    """The old URLs a page claims: ``permalink`` (a string) and ``redirect_from`` (a string or a list)."""
    claims: list[Claim] = []
    problems: list[d.Problem] = []
    for key in (PERMALINK, REDIRECT_FROM):
        if key not in data or data[key] is None:
            continue
        value = data[key]
        values = value if isinstance(value, list) and key == REDIRECT_FROM else [value]
        for item in values:
            anchor = ""
            if (key == REDIRECT_FROM and isinstance(item, Mapping) and len(item) == 1
                    and all(isinstance(v, str) and isinstance(k, str) for k, v in item.items())):
                # {old.html: "#anchor"}: the old URL lands on a part of this page
                item, anchor = next(iter(item.items()))
                anchor = anchor.strip().lstrip("#")
            if not isinstance(item, str):
                kind = ("a list of old URLs (or `old.html: \"#anchor\"`)" if key == REDIRECT_FROM
                        else "one old URL")
                problems.append(d.Problem(d.BAD_VALUE, f"`{key}` must be {kind}, not {item!r}", docname,
                                          line=lines.get(key, 1)))
                continue
            line = (item_line(key, item) if item_line else None) or lines.get(key, 1)
            claims.append(Claim(item, docname, key, line, anchor=anchor))
    return claims, problems


def claims_from_config(mapping: object, path: str = "conf.py", conf_text: str = ""
                       ) -> tuple[list[Claim], list[d.Problem]]:
    """``portal_redirects = {"old.html": "/section/document/page"}`` from conf.py (*conf_text* gives lines)."""
    lines = conf_text.splitlines()
    start = next((i + 1 for i, line in enumerate(lines) if line.lstrip().startswith(CONFIG_VALUE)), 1)

    def line_of(url: str) -> int:
        key = re.compile(r"""(["'])""" + re.escape(url) + r"""\1\s*:""")  # the URL as a key, not as a target
        return next((i + 1 for i, line in enumerate(lines) if key.search(line)), start)

    if not isinstance(mapping, Mapping):
        return [], [d.Problem(d.REDIRECT_INVALID, f"`{CONFIG_VALUE}` must map old URLs to pages", path=path,
                              line=start)]
    return [Claim(str(url), None, CONFIG_VALUE, line_of(str(url)), str(target), path)
            for url, target in mapping.items()], []


def _sort_key(claim: Claim):
    # front matter before conf.py, then by page and line: who keeps a contested URL is deterministic
    return (claim.docname is None, claim.docname or "", claim.line or 0, claim.url)


def plan(claims: Iterable[Claim], pages: Mapping[str, str],
         anchors: Mapping[str, Iterable[str]] | None = None) -> Plan:
    """Check *claims* and decide the redirect pages.

    *pages* maps the output path of every real page of the build (documents
    and generated pages, e.g. ``guides/index.html``) to its pagename;
    *anchors* maps a pagename to the ids its parts can be reached by (an old
    URL landing on a missing one lands at the top of the page, and is reported).
    """
    result = Plan()
    problems = result.problems

    def problem(subtype: str, claim: Claim, message: str) -> None:
        problems.append(d.Problem(subtype, message, claim.docname,
                                  path=None if claim.docname else (claim.path or "conf.py"), line=claim.line))

    owner: dict[str, Claim] = {}  # source -> the claim that keeps it
    for claim in sorted(claims, key=_sort_key):
        try:
            source = normalize(claim.url)
        except BadURL as exc:
            problem(exc.subtype, claim, f"`{claim.key}`: {exc}")
            continue
        if source in pages:
            page = pages[source]
            if page == claim.docname:
                problem(d.REDIRECT_SHADOWS_PAGE, claim, f"old URL {claim.url!r} is this page's own address: "
                        "a redirect there would lead to itself")
            else:
                problem(d.REDIRECT_SHADOWS_PAGE, claim, f"old URL {claim.url!r} is the address of page {page!r}; "
                        "a redirect there would replace it")
            continue
        first = owner.get(source)
        if first is not None:
            if first.docname is not None and first.docname == claim.docname:
                continue  # the same page names its old URL twice (e.g. permalink and redirect_from): harmless
            problem(d.REDIRECT_DUPLICATE, claim, f"old URL {claim.url!r} is claimed by {first.where} and by "
                    f"{claim.where}; it leads to {first.docname or first.target!r}")
            continue
        owner[source] = claim

    # where each old URL leads: a page, or (conf.py only) another old URL
    by_docname = set(pages.values())
    edges: dict[str, tuple[str, str]] = {}  # source -> ("page", docname) | ("url", source)
    landing: dict[str, str] = {}  # source -> anchor
    for source, claim in owner.items():
        if claim.anchor:
            landing[source] = claim.anchor
        if claim.target is None:
            assert claim.docname is not None  # only conf.py claims have no page, and they have a target
            edges[source] = ("page", claim.docname)
            continue
        target, _, fragment = claim.target.strip().partition("#")
        if fragment.strip():
            landing[source] = fragment.strip()
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith("//"):
            problem(d.REDIRECT_EXTERNAL, claim, f"old URL {claim.url!r} points to {target!r} on another site: "
                    "redirects stay inside the portal (no open redirects)")
            continue
        looks_like_url = target.endswith("/") or target.lower().endswith(OLD_SUFFIXES)
        if looks_like_url and target.startswith("/"):
            problem(d.REDIRECT_EXTERNAL, claim, f"old URL {claim.url!r} points to the absolute path {target!r}; "
                    "give a docname (`/section/document/page`) or a relative URL so the site works at any address")
            continue
        if not looks_like_url:
            docname = target.lstrip("/")
            if docname in by_docname:
                edges[source] = ("page", docname)
            else:
                problem(d.REDIRECT_UNKNOWN_TARGET, claim, f"old URL {claim.url!r} points to {target!r}, "
                        "which is no page")
            continue
        try:
            target_source = normalize(target)
        except BadURL as exc:
            problem(exc.subtype, claim, f"`{CONFIG_VALUE}` target: {exc}")
            continue
        if target_source in pages:
            edges[source] = ("page", pages[target_source])
        elif target_source in owner:
            edges[source] = ("url", target_source)
        else:
            problem(d.REDIRECT_UNKNOWN_TARGET, claim, f"old URL {claim.url!r} points to {target!r}, "
                    "which is neither a page nor another old URL")

    for source in sorted(edges):
        path = [source]
        kind, value = edges[source]
        while kind == "url" and value in edges and value not in path:
            path.append(value)
            kind, value = edges[value]
        claim = owner[source]
        if kind == "url" and value in path:
            cycle = " → ".join(owner[s].url for s in path[path.index(value):] + [value])
            how = "is part of" if value == source else "leads into"
            problem(d.REDIRECT_LOOP, claim, f"old URL {claim.url!r} {how} a redirect loop: {cycle}; "
                    "no redirect page is written for it")
            continue
        if kind == "url":
            continue  # leads to an old URL that is itself broken; that one was reported
        if len(path) > 1:
            hops = " → ".join([owner[s].url for s in path] + [value])
            problem(d.REDIRECT_CHAIN, claim, f"redirect chain {hops}: point {claim.url!r} at {value!r} directly "
                    "(it is written as one hop)")
        anchor = next((landing[s] for s in path if s in landing), "")  # its own anchor, else the next hop's
        if anchor and anchors is not None and anchor not in set(anchors.get(value, ())):
            problem(d.REDIRECT_ANCHOR, claim, f"old URL {claim.url!r} lands on #{anchor}, which page {value!r} "
                    "does not have (give the anchor of one of its headings); it lands at the top of the page")
            anchor = ""
        result.redirects[source] = Redirect(source, value, claim.url, anchor)
    result.redirects = dict(sorted(result.redirects.items()))
    return result


def relative_url(source: str, target_uri: str) -> str:
    """The URL of *target_uri* (relative to the site root) as seen from the old URL *source*.

    Relative, so the redirect works wherever the site is served: a file server's
    root, ``/en/latest/`` on Read the Docs, or a folder opened from disk.
    """
    base = posixpath.dirname(source) or "."
    if target_uri in ("", "/"):
        rel = posixpath.relpath(".", base)
        rel = "./" if rel == "." else rel + "/"
    else:
        rel = posixpath.relpath(target_uri, base)
        if target_uri.endswith("/"):
            rel += "/"
    return quote(rel, safe="/~")


def render(target: str, title: str, canonical: str) -> str:
    """The redirect page: *target* is the relative URL (with ``#anchor`` when it lands on a part of the
    page), *canonical* the page's canonical address."""
    href = escape(target, quote=True)
    script = json.dumps(target).replace("<", "\\u003c")
    if "#" not in target:  # keep the reader's #fragment, unless the old URL lands on a part of the page
        script += " + location.hash"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"{MARKER}\n"
        f"<title>Moved: {escape(title)}</title>\n"
        # no noindex: with the instant refresh and the canonical link, search engines move the old URL's
        # standing to the page itself; a description keeps every page of the site described
        f'<meta name="description" content="Moved to {escape(title)}.">\n'
        f'<link rel="canonical" href="{escape(canonical, quote=True)}">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f"<script>location.replace({script})</script>\n"
        "</head>\n"
        "<body>\n"
        f'<p>This page has moved to <a href="{href}">{escape(title)}</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )


def is_redirect_page(head: str) -> bool:
    """Whether a file starting with *head* was written by :func:`render`."""
    return MARKER in head[:400]
