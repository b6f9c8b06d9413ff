"""Prose rules for reader-facing pages: forbidden phrases, one spelling variety, one name per header.

Sphinx-free. The glue (:mod:`devportal.prose`) turns a page into :class:`Segment` s — runs of the text a
reader sees, each with its line, literals (code, URLs) marked so no rule reads them — and gives the rules
from ``conf.py``. Three kinds of rule:

- **phrases**: named lists of regular expressions a page must not contain, e.g. ``self-reference``
  ("this portal") and ``sources`` ("the old site", "2017"): a reader wants the API, not the story of the
  text;
- **spelling**: British -> American word pairs (inflections are derived: ``organise`` also finds
  ``organised``, ``organising``);
- **names**: within one document (all pages of ``<section>/<document>/``) a header or parameter keeps one
  name. Two spellings are the same name when they differ only in case, ``-`` or ``_`` (``accountId`` /
  ``accountID``), or when a configured equivalence group holds both (``ac-revision`` / ``eTag``). The less
  used spelling is reported. An all-capitals spelling beside another is an enum value, not a variant
  (``PURCHASE`` / ``purchase``), and so is a spelling that differs only in its first letter (a type or
  label ``Survey`` beside the field ``survey``); both are left alone.

A page opts out of one rule with front matter ``prose-allow: {rule: reason}``; :func:`parse_allow` checks it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

#: rule names that are not phrase lists
SPELLING = "spelling"
NAMES = "names"

#: the front matter key of the opt-out
ALLOW_KEY = "prose-allow"

DEFAULT_PHRASES: dict[str, list[str]] = {
    # the page narrating itself instead of the API
    "self-reference": [
        r"\bthis (?:developer )?(?:portal|site|website)\b",
        r"\bthe (?:developer )?portal\b",
        r"\bportal's\b",
        r"\bthe documentation site\b",
    ],
    # where the text came from: no reader needs it
    "sources": [
        r"\b(?:the )?old (?:site|portal|pages?|documentation|docs)\b",
        r"\b(?:the )?previous (?:site|portal|documentation)\b",
        r"\boriginal (?:LivePerson )?(?:documentation|docs|pages?|site|developer site|text|source|guide)\b",
        r"\b(?:newer|older|earlier) (?:versions? of the )?(?:LivePerson )?(?:documentation|docs|pages)\b",
        r"\b(?:in )?the source's\b|\bin the source\b",
        r"\b(?:not|never) reproduced\b|\bdoes not reproduce\b",
        r"\bsource (?:pages?|documentation|material)\b",
        r"\bthe sources? (?:say|says|give|gives|show|shows|list|lists|name|names|do not|does not|are silent"
        r"|is silent)\b",
        # the year the old pages were written, and "2018+" pages; a date of the API's own history is fine
        r"\b2017\b",
        r"\b201[78]\+|\b201[78] (?:pages?|layout|site|docs|documentation|version)\b",
    ],
}

#: British -> American (base forms; inflections are derived)
DEFAULT_SPELLING: dict[str, str] = {
    "colour": "color", "behaviour": "behavior", "favour": "favor", "honour": "honor", "labour": "labor",
    "neighbour": "neighbor", "flavour": "flavor", "centre": "center", "licence": "license",
    "catalogue": "catalog", "analyse": "analyze", "organise": "organize", "organisation": "organization",
    "recognise": "recognize", "customise": "customize", "customisation": "customization",
    "prioritise": "prioritize", "authorise": "authorize", "authorisation": "authorization",
    "initialise": "initialize", "initialisation": "initialization", "serialise": "serialize",
    "serialisation": "serialization", "synchronise": "synchronize", "synchronisation": "synchronization",
    "optimise": "optimize", "optimisation": "optimization", "minimise": "minimize", "maximise": "maximize",
    "normalise": "normalize", "normalisation": "normalization", "utilise": "utilize", "utilisation": "utilization",
    "summarise": "summarize", "categorise": "categorize", "finalise": "finalize", "emphasise": "emphasize",
    "specialise": "specialize", "standardise": "standardize", "personalise": "personalize",
    "personalisation": "personalization", "visualise": "visualize", "visualisation": "visualization",
    "realise": "realize", "localise": "localize", "localisation": "localization", "sanitise": "sanitize",
    "tokenise": "tokenize", "apologise": "apologize", "modelling": "modeling", "modelled": "modeled",
    "labelled": "labeled", "labelling": "labeling", "cancelled": "canceled", "cancelling": "canceling",
    "travelled": "traveled", "signalling": "signaling", "enrolment": "enrollment", "fulfil": "fulfill",
    "judgement": "judgment", "acknowledgement": "acknowledgment", "programme": "program", "grey": "gray",
    "defence": "defense", "whilst": "while", "amongst": "among", "learnt": "learned", "spelt": "spelled",
    "artefact": "artifact", "ageing": "aging", "practise": "practice", "cheque": "check",
}

#: groups of names that stand for the same header or parameter
DEFAULT_NAME_GROUPS: list[list[str]] = [["ac-revision", "eTag"]]

#: a literal that can be a header or parameter name (``{accountId}`` counts as ``accountId``)
NAME_RE = re.compile(r"^\{?([A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*)\}?$")
WORD_RE = re.compile(r"[A-Za-z]+")
URL_RE = re.compile(r"\b(?:https?|wss?)://\S+|\bwww\.\S+|\b[\w.-]+\.(?:html?|json|md|ya?ml)\b")
_SUFFIXES = ("s", "es", "d", "ed", "ing", "er", "ers", "able", "ful", "al", "ally")


@dataclass(frozen=True)
class Segment:
    """A run of text a reader sees, starting at *line* (None: unknown). ``literal``: code or a URL."""

    text: str
    line: int | None
    literal: bool = False


@dataclass(frozen=True)
class Finding:
    rule: str  # a phrase rule's name, SPELLING or NAMES
    message: str
    line: int | None


@dataclass
class Rules:
    phrases: dict[str, re.Pattern] = field(default_factory=dict)  # rule -> its patterns as one alternation
    spelling: dict[str, str] = field(default_factory=dict)  # every inflected British form -> American
    name_groups: list[frozenset[str]] = field(default_factory=list)  # lowercased
    case_variants: bool = True

    @property
    def names(self) -> list[str]:
        return [*self.phrases, SPELLING, NAMES]


def _inflections(british: str, american: str) -> Iterable[tuple[str, str]]:
    yield british, american
    for suffix in _SUFFIXES:
        if british.endswith("e") and suffix[0] in "aei":
            yield british[:-1] + suffix, (american[:-1] if american.endswith("e") else american) + suffix
        else:
            yield british + suffix, american + suffix


def compile_rules(phrases: object = None, spelling: object = None, names: object = None,
                  case_variants: object = True) -> tuple[Rules, list[str]]:
    """Rules from conf.py values (None: the default); returns (rules, what is wrong with the values)."""
    problems: list[str] = []
    rules = Rules(case_variants=bool(case_variants))
    phrases = DEFAULT_PHRASES if phrases is None else phrases
    if not isinstance(phrases, Mapping):
        problems.append("`portal_prose_phrases` must map a rule name to a list of regular expressions")
        phrases = {}
    for name, patterns in phrases.items():
        if not isinstance(name, str) or name in (SPELLING, NAMES) or not re.fullmatch(r"[a-z0-9-]+", name):
            problems.append(f"`portal_prose_phrases`: {name!r} is not a usable rule name "
                            f"(lowercase letters, digits and hyphens; not {SPELLING!r} or {NAMES!r})")
            continue
        if isinstance(patterns, str) or not isinstance(patterns, Iterable):
            problems.append(f"`portal_prose_phrases[{name!r}]` must be a list of regular expressions")
            continue
        valid = []
        for pattern in patterns:
            try:
                re.compile(str(pattern))
                valid.append(f"(?:{pattern})")
            except re.error as exc:
                problems.append(f"`portal_prose_phrases[{name!r}]`: {pattern!r} is not a regular expression ({exc})")
        if valid:
            rules.phrases[name] = re.compile("|".join(valid), re.IGNORECASE)  # one scan per rule, not per pattern
    spelling = DEFAULT_SPELLING if spelling is None else spelling
    if not isinstance(spelling, Mapping):
        problems.append("`portal_prose_spelling` must map words to avoid to the words to write")
        spelling = {}
    for british, american in spelling.items():
        if not (isinstance(british, str) and isinstance(american, str) and british.strip() and american.strip()):
            problems.append(f"`portal_prose_spelling`: {british!r}: {american!r} is not a pair of words")
            continue
        for wrong, right in _inflections(british.strip().lower(), american.strip().lower()):
            rules.spelling.setdefault(wrong, right)
    names = DEFAULT_NAME_GROUPS if names is None else names
    if isinstance(names, str) or not isinstance(names, Iterable):
        problems.append("`portal_prose_names` must be a list of groups, each a list of names")
        names = []
    for group in names:
        if isinstance(group, str) or not isinstance(group, Iterable) or len(set(group)) < 2 \
                or not all(isinstance(n, str) for n in group):
            problems.append(f"`portal_prose_names`: {group!r} is not a group of two or more names")
            continue
        rules.name_groups.append(frozenset(n.lower() for n in group))
    return rules, problems


def parse_allow(value: object, known: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """The rules a page opts out of, ``{rule: reason}``, and what is wrong with the value."""
    known = list(known)
    if value is None:
        return {}, []
    if not isinstance(value, Mapping):
        return {}, [f"`{ALLOW_KEY}` must map a rule to the reason for the exception, e.g. "
                    f"`{ALLOW_KEY}: {{spelling: \"quotes a product name\"}}`"]
    allowed: dict[str, str] = {}
    problems: list[str] = []
    for rule, reason in value.items():
        if rule not in known:
            problems.append(f"`{ALLOW_KEY}` names unknown rule {rule!r} (rules: {', '.join(known)})")
        elif not isinstance(reason, str) or not reason.strip():
            problems.append(f"`{ALLOW_KEY}: {rule}` needs a reason, e.g. `{rule}: \"quotes the API's own value\"`")
        else:
            allowed[rule] = reason.strip()
    return allowed, problems


def _lines(segments: Iterable[Segment]) -> Iterable[tuple[str, int | None, bool]]:
    """Each segment split into its lines: (text, line, literal)."""
    for seg in segments:
        for offset, text in enumerate(seg.text.split("\n")):
            yield text, (seg.line + offset if seg.line is not None else None), seg.literal


def _blank_urls(text: str) -> str:
    return URL_RE.sub(lambda m: " " * len(m.group(0)), text)


def _match_case(word: str, replacement: str) -> str:
    if word.isupper():
        return replacement.upper()
    if word[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def check_text(segments: Iterable[Segment], rules: Rules, allow: Iterable[str] = ()) -> list[Finding]:
    """Phrase and spelling findings of one page's text (literals skipped), one per match."""
    allow = set(allow)
    findings: list[Finding] = []
    for text, line, literal in _lines(segments):
        if literal or not text.strip():
            continue
        text = _blank_urls(text)
        for rule, pattern in rules.phrases.items():
            if rule in allow:
                continue
            for match in pattern.finditer(text):
                findings.append(Finding(rule, f"{match.group(0)!r}: the page speaks about itself or its sources "
                                              f"(rule {rule!r}); say what the API does, or what is not "
                                              "documented", line))
        if SPELLING not in allow and rules.spelling:
            # a dictionary look-up per word: an alternation of ~800 words would be tried at every position
            for match in WORD_RE.finditer(text):
                right = rules.spelling.get(match.group(0).lower())
                if right is not None:
                    word = match.group(0)
                    findings.append(Finding(SPELLING, f"{word!r} is British spelling; write "
                                                      f"{_match_case(word, right)!r}", line))
    return findings


def names_in(segments: Iterable[Segment]) -> list[tuple[str, int | None]]:
    """The literals of a page that can be header or parameter names, with their lines."""
    found = []
    for seg in segments:
        if seg.literal:
            match = NAME_RE.match(seg.text.strip())
            if match and len(match.group(1)) > 1:
                found.append((match.group(1), seg.line))
    return found


def _fold(name: str) -> str:
    return name.lower().replace("-", "").replace("_", "")


def check_names(pages: Mapping[str, list[tuple[str, int | None]]], rules: Rules
                ) -> list[tuple[str, Finding]]:
    """Names written two ways across the pages of one document: (page, finding) for each page that uses
    a less used spelling, at its first line there. *pages*: page -> its names in order."""
    counts: Counter[str] = Counter()
    first_seen: dict[str, tuple[str, int]] = {}
    for page in sorted(pages):
        for name, line in pages[page]:
            counts[name] += 1
            first_seen.setdefault(name, (page, line or 0))
    # group spellings: same folded form, or members of one configured group
    groups: list[set[str]] = []
    if rules.case_variants:
        by_fold: dict[str, set[str]] = {}
        for name in counts:
            by_fold.setdefault(_fold(name), set()).add(name)
        for spellings in by_fold.values():
            # enum values (PURCHASE) and a capitalized word beside its field (Survey / survey) are not variants
            mixed = {n for n in spellings if not n.isupper()} or spellings
            if len({n[:1].lower() + n[1:] for n in mixed}) > 1:
                groups.append(mixed)
    for configured in rules.name_groups:
        members = {name for name in counts if name.lower() in configured}
        if len({name.lower() for name in members}) > 1:
            groups.append(members)
    findings: list[tuple[str, Finding]] = []
    reported: set[tuple[str, str]] = set()
    for group in groups:
        ranked = sorted(group, key=lambda n: (-counts[n], first_seen[n]))
        main = ranked[0]
        for name in ranked[1:]:
            for page in sorted(pages):
                lines = [line for n, line in pages[page] if n == name]
                if lines and (page, name) not in reported:
                    reported.add((page, name))
                    findings.append((page, Finding(
                        NAMES, f"`{name}` and `{main}` name the same header or parameter in this document; "
                               f"`{main}` is used {counts[main]} time(s), `{name}` {counts[name]}: write one name",
                        lines[0])))
    return findings
