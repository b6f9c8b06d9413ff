"""What search indexes, and how much each part weighs. Sphinx-free.

Each page becomes a :class:`PageRecord` (title, front matter, API methods, headings with their text, parameter
and field names) while it is read. Once per build the records become the HTML that Pagefind indexes
(:func:`index_html`): one small document per page in which every part carries its weight, headings and fields
keep their ids (Pagefind returns them as deep links), identifiers are also written as words (``maxWaitTime`` as
"max wait time"), and boilerplate — a text found on many pages, like the same auth sentence on every method —
is left out (:func:`boilerplate`). :func:`vocabulary` lists the indexed words by first letter, for the browser
to correct a misspelled word (Pagefind has no typo tolerance of its own).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .fingerprint import fingerprint
from .frontmatter_keys import keywords_of

#: weight of each part of a page (Pagefind: 0 to 10, default 1; a word's score grows with its weight squared,
#: and adds up over its occurrences, so body text weighs little and each part says a word once)
WEIGHTS = {
    "title": 10.0,
    "method": 7.0,
    "keywords": 7.0,
    "heading": 5.0,
    "summary": 4.0,
    "field": 3.0,
    "body": 0.15,
    "code": 0.05,
}

#: a text on at least this many pages is boilerplate and weighs nothing
BOILERPLATE_PAGES = 4

#: texts shorter than this are never boilerplate (a one-word cell, "Yes", is part of a row, not a template)
BOILERPLATE_MIN_CHARS = 30

#: longest code block text kept (the rest of a long example adds bytes, not findability)
CODE_CHARS = 1500

#: words shorter than this are not corrected for typos (the issue: five letters or more)
TYPO_MIN_LENGTH = 5


@dataclass
class Field:
    """A parameter, header or field row of an API block: its name, anchor and description."""

    name: str
    anchor: str
    text: str = ""


@dataclass
class Block:
    """A heading (``anchor`` is its id; the page's top has none) and the texts under it, in order."""

    anchor: str = ""
    heading: str = ""
    level: int = 1
    texts: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)


@dataclass
class Method:
    method: str
    route: str
    anchor: str
    services: tuple[str, ...] = ()

    @property
    def verbs(self) -> str:
        """What a reader types for this kind of call: "list" for a GET on a collection, "create" for a POST."""
        one = self.route.rstrip("/").endswith("}")
        return {"GET": "get retrieve find" + ("" if one else " list all"), "POST": "create add send",
                "PUT": "update change edit", "PATCH": "update change edit",
                "DELETE": "delete remove"}.get(self.method.upper(), "")


@dataclass
class PageRecord:
    """What search knows of one page (pickled in the environment, keyed by docname)."""

    docname: str
    title: str
    summary: str = ""
    keywords: tuple[str, ...] = ()
    methods: list[Method] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)

    # What the index needs of the page on its own, derived once the record is complete (:meth:`seal`) and
    # pickled with it: a build then derives them only for the pages it re-read, not for the whole site. Each
    # is kept as one string: a thousand pages' word sets would be a million small objects to pickle.

    @cached_property
    def digest(self) -> str:
        """Changes whenever anything search keeps of the page changes."""
        return fingerprint(repr(self))  # the dataclass repr: the fields, not these derived values

    @cached_property
    def _long_texts(self) -> str:
        seen = {normalize(t) for block in self.blocks for t in block.texts}
        seen |= {normalize(f.text) for f in self.fields if f.text}
        return "\n".join(sorted(t for t in seen if len(t) >= BOILERPLATE_MIN_CHARS))  # normalized: no newline

    @property
    def long_texts(self) -> frozenset[str]:
        """Its texts, normalized, that are long enough to be boilerplate if enough pages share them."""
        return frozenset(self._long_texts.split("\n")) if self._long_texts else frozenset()

    @cached_property
    def _segments(self) -> str:
        return "\n".join(sorted({seg.lower() for m in self.methods for seg in m.route.split("/") if seg}))

    @property
    def segments(self) -> frozenset[str]:
        """The route segments of its methods, lower case."""
        return frozenset(self._segments.split("\n")) if self._segments else frozenset()

    @cached_property
    def _words(self) -> str:
        text = " ".join([self.title, self.summary, " ".join(self.keywords),
                         " ".join(f"{m.method} {m.route}" for m in self.methods),
                         " ".join(b.heading + " " + " ".join(b.texts) for b in self.blocks),
                         " ".join(f"{f.name} {f.text}" for f in self.fields)])
        tokens = set(_WORD.findall(text))
        words = {t.lower() for t in tokens}
        # camelCase tokens also give their parts (a lowercase letter then a capital: cheap to test first)
        words.update(w for t in tokens if _HUMP.search(t) for w in _identifier_words(t))
        return " ".join(sorted(w for w in words if len(w) >= TYPO_MIN_LENGTH and w.isalpha()))

    @property
    def words(self) -> frozenset[str]:
        """Its words of five letters or more, camelCase names also as their parts: the typo lists' words."""
        return frozenset(self._words.split())

    def seal(self) -> PageRecord:
        """Derive the values above now (the record is complete and is not changed afterwards)."""
        _ = self.digest, self._long_texts, self._segments, self._words
        return self


# -- words ---------------------------------------------------------------------------------------------------

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_HUMP = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")


@lru_cache(maxsize=65536)  # the same names recur on many pages
def _identifier_words(name: str) -> tuple[str, ...]:
    return tuple(part.lower() for part in _CAMEL.findall(name))


def identifier_words(name: str) -> list[str]:
    """``maxWaitTime`` -> [max, wait, time]; ``X-HTTP-Method-Override`` -> [x, http, method, override]."""
    return list(_identifier_words(name))


@lru_cache(maxsize=65536)  # so do whole texts (a field's description on every method of an API)
def spelled_out(text: str) -> str:
    """The identifiers of *text* on their own and as words: "?select=id,maxWaitTime" -> "maxWaitTime max wait
    time" (Pagefind keeps "select=id,maxWaitTime" as one word, which no search for the field would find)."""
    extra = []
    for token in re.findall(r"[A-Za-z0-9_$]+", text):
        words = [w for w in identifier_words(token) if not w.isdigit()]
        if len(words) > 1:
            extra.append(f"{token} {' '.join(words)}")
    return " ".join(dict.fromkeys(extra))


def once(words: Iterable[str]) -> list[str]:
    """Each word once, a plural after its singular dropped ("users user" is one word to the stemmer)."""
    seen: set[str] = set()
    out = []
    for word in words:
        key = word.lower().removesuffix("s")
        if key not in seen:
            seen.add(key)
            out.append(word)
    return out


def code_names(code: str) -> str:
    """The names a code block uses (``lpTag.sdes.push`` -> lpTag sdes push, ``"maxWaitTime": 5`` -> maxWaitTime
    max wait time), each once: what a developer would search a code example for."""
    names = []
    for token in _WORD.findall(code[:CODE_CHARS]):
        if len(token) >= 3 and not token.isdigit():
            parts = _identifier_words(token) if _HUMP.search(token) else ()
            names += [token, *parts] if len(parts) > 1 else [token]
    return " ".join(dict.fromkeys(names))


def normalize(text: str) -> str:
    return " ".join(text.split()).lower()


def parse_keywords(value) -> tuple[str, ...]:
    """Front matter ``keywords`` as :func:`~.frontmatter_keys.keywords_of` reads them, spaces collapsed (none
    when malformed: the page is warned about)."""
    return tuple(" ".join(k.split()) for k in keywords_of(value) or ())


# -- across pages ---------------------------------------------------------------------------------------------


def boilerplate(records: Iterable[PageRecord], min_pages: int = BOILERPLATE_PAGES) -> frozenset[str]:
    """Normalized texts that appear on *min_pages* pages or more (and are long enough to be a template)."""
    count: Counter[str] = Counter()
    for record in records:
        count.update(record.long_texts)
    return frozenset(t for t, n in count.items() if n >= min_pages)


def common_segments(records: Iterable[PageRecord], share: float = 0.3) -> frozenset[str]:
    """Route segments on so many methods (``api``, ``account``, ``{accountId}``) that they tell none apart."""
    count: Counter[str] = Counter()
    routes = 0
    for record in records:
        for m in record.methods:
            routes += 1
            count.update({seg.lower() for seg in m.route.split("/") if seg})
    if routes < 4:
        return frozenset()
    return frozenset(seg for seg, n in count.items() if n >= share * routes)


def vocabulary(records: Iterable[PageRecord]) -> dict[str, list[str]]:
    """Words of five letters or more that the index holds, by first letter, most frequent first.

    The browser corrects a query word it does not find to the nearest of these (one edit away).
    """
    count: Counter[str] = Counter()
    for record in records:
        count.update(record.words)
    shards: dict[str, list[str]] = {}
    for word, _n in sorted(count.items(), key=lambda item: (-item[1], item[0])):
        shards.setdefault(word[0], []).append(word)
    return shards


def index_key(record: PageRecord, url: str, trail: str, skip: frozenset[str], common: frozenset[str]) -> str:
    """Changes exactly when :func:`index_html` of these arguments would: the page's own record, where it is,
    and only the boilerplate texts and common segments that concern it (a new boilerplate text elsewhere
    leaves this page's document alone)."""
    return fingerprint(record.digest, url, trail, sorted(skip & record.long_texts), sorted(common & record.segments))


# -- the document Pagefind indexes --------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _weighted(tag: str, text: str, weight: float, anchor: str = "", extra: str = "") -> str:
    ident = f' id="{_e(anchor)}"' if anchor else ""
    return f'<{tag}{ident} data-pagefind-weight="{weight}"{extra}>{_e(text)}</{tag}>'


def index_html(record: PageRecord, url: str, trail: str, skip: frozenset[str] = frozenset(),
               common: frozenset[str] = frozenset()) -> str:
    """The HTML Pagefind indexes for *record*: weighted parts, meta for the result list, deep-link ids.

    *url* is the page's address from the site root; *trail* the "Section › Document" shown with a result;
    *skip* the boilerplate texts (see :func:`boilerplate`), which are left out; *common* the route segments
    most methods share (see :func:`common_segments`), which weigh as body text only.
    """
    out = [f'<html lang="en"><head><title>{_e(record.title)}</title></head><body data-pagefind-body>']
    out.append(f'<h1 data-pagefind-meta="title" data-pagefind-weight="{WEIGHTS["title"]}">{_e(record.title)}</h1>')
    if spelled_out(record.title):
        out.append(_weighted("p", spelled_out(record.title), WEIGHTS["title"]))
    meta = [("trail", trail), ("url", url)]
    if record.methods:
        meta += [("method", record.methods[0].method), ("path", record.methods[0].route)]
    if record.summary:
        meta.append(("summary", record.summary))
    for key, value in meta:
        out.append(f'<span data-pagefind-ignore data-pagefind-meta="{key}">{_e(value)}</span>')
    for m in record.methods:
        distinct = [seg for seg in m.route.split("/") if seg and seg.lower() not in common]
        words = once(w for seg in distinct for w in identifier_words(seg.strip("{}")))
        heading = " ".join([m.method, *words, *once(m.verbs.split()), *m.services])
        out.append(_weighted("p", heading, WEIGHTS["method"]))  # not a heading: the result is the page itself
        out.append(_weighted("p", m.route, WEIGHTS["body"]))
    if record.keywords:
        out.append(_weighted("p", ", ".join(record.keywords), WEIGHTS["keywords"]))
    if record.summary:
        out.append(_weighted("p", record.summary, WEIGHTS["summary"]))
    for block in record.blocks:
        if block.heading:
            level = min(max(block.level, 2), 5)
            # headings keep their own text (Pagefind shows it in the result); the words beside them
            out.append(_weighted(f"h{level}", block.heading, WEIGHTS["heading"], block.anchor))
            if spelled_out(block.heading):
                out.append(_weighted("p", spelled_out(block.heading), WEIGHTS["heading"]))
        for text in block.texts:
            if normalize(text) not in skip:
                out.append(_weighted("p", text, WEIGHTS["body"]))
                if spelled_out(text):
                    out.append(_weighted("p", spelled_out(text), WEIGHTS["body"]))
        for code in block.code:
            # a code block's names, each once (not its values and punctuation: they only add bytes to the index)
            names = code_names(code)
            if names:
                out.append(_weighted("p", names, WEIGHTS["code"]))
    for f in record.fields:
        # a heading of its own, so a match on the field links to its row
        out.append(_weighted("h6", f.name, WEIGHTS["field"], f.anchor))
        split = identifier_words(f.name)
        if len(split) > 1:
            out.append(_weighted("p", " ".join(split), WEIGHTS["field"]))
        if f.text and normalize(f.text) not in skip:
            out.append(_weighted("p", f.text, WEIGHTS["body"]))
    out.append("</body></html>")
    return "\n".join(out)
