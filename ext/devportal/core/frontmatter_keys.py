"""Every front matter key the portal understands, in one place.

Sphinx-free. Each key says what it means and, for keys of the old (Jekyll)
site, which portal key it is read as. The Contributing page's table of keys can
be generated from :data:`KEYS`; :func:`check` reports any other key by name, so
nothing a writer puts in front matter is silently ignored. A capability that
reads a key of its own adds it with :func:`register`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import diagnostics as d
from . import taxonomy


@dataclass(frozen=True)
class Key:
    name: str
    meaning: str
    old_site: bool = False  # a key of the old site, accepted so its pages move unchanged
    read_as: str | None = None  # the portal key an old-site key stands for
    ignored: bool = False  # accepted, but has no place in the portal (reported as info)


#: key name -> Key, in the order the Contributing page lists them
KEYS: dict[str, Key] = {}

#: keys understood by prefix (sphinxext-opengraph reads per-page ``og:*`` overrides)
PREFIXES = {"og:": "An OpenGraph tag for this page, e.g. `og:image` (sphinxext-opengraph)."}


def register(name: str, meaning: str, *, old_site: bool = False, read_as: str | None = None,
             ignored: bool = False) -> Key:
    """Add a key (idempotent per name, so capabilities can register at import)."""
    if name not in KEYS:
        KEYS[name] = Key(name, meaning, old_site, read_as, ignored)
    return KEYS[name]


def keywords_of(value) -> list[str] | None:
    """``keywords: [a, b]`` or ``keywords: a, b`` -> ["a", "b"]; None when malformed."""
    if value is None:
        return []
    if isinstance(value, str):
        return [k.strip() for k in value.split(",") if k.strip()]
    if isinstance(value, list) and all(isinstance(k, (str, int, float)) and not isinstance(k, bool) for k in value):
        return [str(k).strip() for k in value if str(k).strip()]
    return None


# --- the portal's own keys ----------------------------------------------------
register("summary", "One sentence saying what the page is for: cards, lists, search results, "
         "`<meta name=\"description\">` and OpenGraph. Required on a document's `index.md`.")
register("order", "A number placing the page among its siblings (10, 20, 30 …).")
register("indicator", "`chat`, `messaging` or `both`: channel badges by the title.")
register("keywords", "Search words for the page (a list, or comma-separated): `<meta name=\"keywords\">`.")
register("redirect_from", "Old URLs of the previous site that showed this content (a list, e.g. "
         "`skills-api-overview.html`); each gets a page that redirects here. An old URL whose subject is a part "
         "of this page lands on its heading: `- old-page.html: \"#heading-anchor\"` (checked: the anchor must exist).")
register("title", "The page title, for a page without a `# Heading` (which is then added).")
for _claim in dict.fromkeys(taxonomy.CLAIM_KEYS.values()):
    register(_claim, f"Optional: restates the {_claim} the page belongs to; must agree with its folder.")
register("prose-allow", "Exceptions to the prose rules for this page, each with its reason, e.g. "
         "`prose-allow: {spelling: \"quotes a product name\"}` (rules: the `portal_prose_phrases` names, "
         "`spelling`, `names`).")
register("orphan", "`true` for a page deliberately outside every section.")

# --- keys of the old site, read as portal keys ---------------------------------
register("pagename", "Old site's page title: read as `title`.", old_site=True, read_as="title")
register("permalink", "Old site's URL of the page: read as one more `redirect_from` entry.", old_site=True,
         read_as="redirect_from")
for _old, _new in taxonomy.CLAIM_KEYS.items():
    if _old != _new:
        register(_old, f"Old site's name for `{_new}`: read as `{_new}` and checked against the folder.",
                 old_site=True, read_as=_new)
register("sitesection", "Old site's top-level area (e.g. \"Documents\" or \"Solutions\"), above its categories; "
         "it has no counterpart in the portal, so it is accepted, ignored and reported as info.", old_site=True,
         ignored=True)
register("categoryname", "Old site's category above documents (e.g. \"Contact Center Management\"). The portal's "
         "sections replace categories, so it is accepted, ignored and reported as info.", old_site=True, ignored=True)

# --- keys MyST and Sphinx read themselves ---------------------------------------
register("myst", "MyST settings for this page.")
register("html_meta", "Extra `<meta>` tags for this page (MyST).")
register("substitutions", "MyST substitutions for this page.")
register("nocomments", "Sphinx: no comments on this page.")
register("nosearch", "Sphinx: leave this page out of the search index.")
register("tocdepth", "Sphinx: depth of this page's table of contents.")
register("ogp_disable", "sphinxext-opengraph: no OpenGraph tags on this page.")
register("ogp_description_length", "sphinxext-opengraph: length of this page's generated description.")


def known(name: str) -> bool:
    return name in KEYS or any(name.startswith(prefix) for prefix in PREFIXES)


def check(docname: str, data: Mapping, lines: Mapping[str, int]) -> tuple[list[d.Problem], list[d.Problem]]:
    """Report front matter keys: (warnings for unknown keys, infos for accepted-but-ignored keys)."""
    warnings: list[d.Problem] = []
    infos: list[d.Problem] = []
    for name in data:
        line = lines.get(str(name), 1)
        if not known(str(name)):
            hint = d.closest(str(name).lower(), KEYS, cutoff=0.8)
            warnings.append(d.Problem(d.UNKNOWN_KEY, f"unknown front matter key {name!r}"
                                      + (f" (did you mean {hint!r}?)" if hint else "")
                                      + "; it is ignored", docname, line=line))
        elif KEYS.get(name) is not None and KEYS[name].ignored and data[name] not in (None, ""):
            infos.append(d.Problem(d.UNKNOWN_KEY, f"front matter `{name}: {data[name]}` is accepted but not used: "
                                   "the portal's sections replace the old site's categories", docname, line=line))
    return warnings, infos
