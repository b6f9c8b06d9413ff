"""The content is true: request URLs come from the facts, and what pages say about the documents holds.

The facts are ``../shared/portal-facts.md`` beside the repository (CI has it at the same place); the tests
that need them are skipped, saying so, when it is absent. Claims about the documents — which have a Getting
Started page or an Appendix — are generated from the taxonomy (``{portal-documents}``); these tests check
the generated lists against the folders, and the hand-written claims that remain against the pages.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from .conftest import build, read_html

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
#: beside the repository, as in CI; PORTAL_FACTS names another place (e.g. a worktree elsewhere)
FACTS = Path(os.environ.get("PORTAL_FACTS") or REPO / ".." / "shared" / "portal-facts.md")
#: the writers' section shows made-up methods as examples of the format
NOT_API_CONTENT = ("contributing",)

needs_facts = pytest.mark.skipif(not FACTS.is_file(), reason=f"the fact sheet is not at {FACTS.resolve()} "
                                 "(../shared/portal-facts.md from the repository root)")

#: a placeholder in any of the spellings the sources use: {accountId}, {{accountId}}, <domain>, {LivePerson domain}
PLACEHOLDER = re.compile(r"\{\{[^}]*\}\}|\{[^}]*\}|<[^>]*>")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
METHOD = re.compile(r"^(?:GET|POST|PUT|DELETE|PATCH)\s+")


def urls_in_facts(text: str) -> list[str]:
    """Every URL or path of a code span of the fact sheet (``GET https://…``, ``/api/…``, ``api/…``)."""
    urls = []
    for span in CODE_SPAN.findall(text):
        candidate = PLACEHOLDER.sub("{}", METHOD.sub("", span.strip())).split()[0] if span.strip() else ""
        if "/" in candidate and ("://" in candidate or "api" in candidate or "/account/" in candidate):
            urls.append(candidate)
    return urls


def normalize(url: str) -> tuple[str | None, str]:
    """(scheme://host or None when the host is a placeholder or absent, path with every placeholder as {})."""
    url = url.strip().split("?", 1)[0]
    marked = PLACEHOLDER.sub("{}", url)
    if "://" in marked:
        parts = urlsplit(marked)
        host = None if "{}" in parts.netloc else f"{parts.scheme}://{parts.netloc}"
        path = parts.path
    else:
        host, path = None, marked
    path = "/" + path.lstrip("/")
    return host, path.rstrip("/") or "/"


def test_normalize_treats_every_placeholder_spelling_alike():
    assert normalize("https://{domain}/api/account/{accountId}/x?v=1") == (None, "/api/account/{}/x")
    assert normalize("https://<domain>/api/account/{accountID}/x") == (None, "/api/account/{}/x")
    assert normalize("api/account/{{accountId}}/x") == (None, "/api/account/{}/x")
    assert normalize("http://api.liveperson.net/api/a/{b}.json") == ("http://api.liveperson.net", "/api/a/{}.json")
    assert urls_in_facts("- `POST https://{LivePerson domain}/api/x/{visitor}/events` (query v)") == [
        "https://{}/api/x/{}/events"]


@pytest.fixture(scope="module")
def portal(docs_portal):
    return docs_portal



def request_urls(portal):
    """(page, URL) of every rendered api-request — hand-written or filled from an OpenAPI document."""
    out = Path(portal.outdir)
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out)
        if rel.parts[0] in NOT_API_CONTENT or rel.parts[0].startswith("_"):
            continue
        text = path.read_text(encoding="utf-8")
        if "portal-api-request" not in text:
            continue
        for code in BeautifulSoup(text, "html.parser").select(".portal-api-request code.portal-api-url"):
            yield str(rel), code.get_text()


@needs_facts
def test_every_request_url_is_in_the_facts(portal):
    facts = FACTS.read_text(encoding="utf-8")
    known = {normalize(url) for url in urls_in_facts(facts)}
    paths = {path for _host, path in known}
    found = list(request_urls(portal))
    assert len(found) >= 50  # the portal documents dozens of methods; an empty scan proves nothing
    unknown = []
    for page, url in found:
        host, path = normalize(url)
        # a literal host (the Domain API's) must match the facts with its scheme; a placeholder host, the path
        if (host is not None and (host, path) not in known) or (host is None and path not in paths):
            unknown.append(f"{page}: {url}")
    assert not unknown, "request URLs not in the facts:\n" + "\n".join(unknown)


def disk_documents(part: str) -> set[str]:
    """``section/document`` of every document folder with *part* (a page, or a folder of pages)."""
    found = set()
    for overview in DOCS.glob("*/*/index.md"):
        folder = overview.parent
        if folder.parts[-2] in NOT_API_CONTENT:
            continue
        if (folder / f"{part}.md").is_file() or (folder / part).is_dir():
            found.add(f"{folder.parts[-2]}/{folder.parts[-1]}")
    return found


def listed_documents(portal, part: str) -> set[str]:
    page = read_html(portal, "guides/getting-started/how-to-read-the-documents")
    lists = page.select("ul.portal-documents")
    index = {"getting-started": 0, "appendix": 1}[part]
    out = Path(portal.outdir).resolve()
    documents = set()
    for a in lists[index].select("a[href]"):  # each entry links to the part itself
        target = (out / "guides/getting-started" / a["href"].split("#")[0]).resolve()
        assert target.is_file() and target.stem == part, a["href"]
        documents.add("/".join(target.relative_to(out).parts[:2]))
    return documents


@pytest.mark.parametrize("part", ["getting-started", "appendix"])
def test_the_list_of_documents_with_a_part_is_true_of_the_folders(portal, part):
    expected = disk_documents(part)
    assert expected, part  # the portal has such documents; an empty list on both sides would prove nothing
    assert listed_documents(portal, part) == expected


def test_not_every_document_has_a_getting_started_page_and_the_pages_say_so():
    # the landing page and the guide say Getting Started pages exist only where an API needs set-up; that is only
    # worth saying (and only true as "some") while some API documents lack one
    with_methods = {f"{p.parent.parts[-2]}/{p.parent.name}" for p in DOCS.glob("*/*/methods")}
    assert with_methods - disk_documents("getting-started")
    for page in ("index.md", "guides/getting-started/how-to-read-the-documents.md"):
        assert "only where an API needs set-up" in " ".join((DOCS / page).read_text(encoding="utf-8").split())


#: claims no reader-facing page may make by hand (they were false; the true statements are generated or qualified)
FALSE_CLAIMS = [
    r"every API document follows the same structure",
    r"every API's Overview (?:page )?(?:says|lists)",
    r"each API's Overview (?:page )?(?:says|lists)",
    r"every call (?:to a LiveEngage API )?(?:is|must be) authori[sz]ed",
    r"(?:all|the) (?:LiveEngage )?APIs are HTTPS",
    r"use the edit link",
]


def test_reader_pages_make_none_of_the_known_false_claims():
    claims = re.compile("|".join(FALSE_CLAIMS), re.IGNORECASE)
    for path in sorted(DOCS.rglob("*.md")):
        if path.relative_to(DOCS).parts[0] in NOT_API_CONTENT:
            continue
        text = " ".join(path.read_text(encoding="utf-8").split())
        match = claims.search(text)
        assert not match, f"{path.relative_to(DOCS)}: {match.group(0)!r}"


def test_the_domain_api_is_shown_as_the_facts_give_it_and_needs_no_credentials(portal):
    page = read_html(portal, "guides/retrieve-api-domains/methods/get-service-domain")
    urls = [c.get_text() for c in page.select(".portal-api-request code.portal-api-url")]
    assert urls == ["http://api.liveperson.net/api/account/{accountId}/service/{serviceName}/baseURI.json"]
    request = page.select_one(".portal-api-request").get_text(" ")
    assert "Authorization" not in request  # the pages say its documented requests carry no credentials
    article = read_html(portal, "guides/retrieve-api-domains/index").select_one("article")
    overview = " ".join(article.get_text(" ").split())
    assert "uses http://" in overview  # said once, where it matters


@needs_facts
def test_every_service_name_the_domain_api_lists_is_in_the_facts(portal):
    facts = FACTS.read_text(encoding="utf-8")
    table = read_html(portal, "guides/retrieve-api-domains/index").select_one("article table")
    names = {code.get_text() for code in table.select("td code")}
    assert len(names) >= 10
    for name in names:
        assert f"`{name}`" in facts, name


@needs_facts
def test_the_credentials_table_names_only_apis_of_the_facts(portal):
    # Getting Started › Authentication says which API takes which credentials; each API it names is in the facts
    page = read_html(portal, "guides/getting-started/authentication")
    table = page.select("article table")[-1]
    cells = [row.select("td")[0].get_text(" ", strip=True) for row in table.select("tbody tr")]
    assert len(cells) >= 5
    facts = FACTS.read_text(encoding="utf-8")
    for cell in cells:
        for name in re.split(r",\s*", re.sub(r" APIs?$", "", cell)):
            assert f"{name.strip()} API" in facts or name.strip() in facts, name


def test_portal_documents_lists_exactly_the_documents_with_the_part(tmp_path):
    from .conftest import copy_root, warnings_of

    app = build(copy_root("documents", tmp_path), freshenv=True)
    assert warnings_of(app) == ""
    page = read_html(app, "index")
    lists = [[li.get_text(" ", strip=True) for li in ul.select("li")] for ul in page.select("ul.portal-documents")]
    assert lists == [["Alpha API — APIs"], ["Alpha API — APIs", "Beta API — APIs"],
                     ["Alpha API — APIs", "Beta API — APIs"]]
    links = [a["href"] for a in page.select("ul.portal-documents a")]
    assert links[:3] == ["apis/alpha/getting-started.html", "apis/alpha/appendix.html", "apis/beta/appendix.html"]
    assert all(link.startswith("apis/") and link.endswith(".html") for link in links)


def test_portal_documents_follows_the_folders_on_an_incremental_build(tmp_path):
    from .conftest import copy_root

    src = copy_root("documents", tmp_path)
    build(src, freshenv=True)
    (src / "apis" / "beta" / "getting-started.md").write_text("# Getting Started\n\nSet up beta.\n")
    page = read_html(build(src), "index")
    assert [li.get_text(" ", strip=True) for li in page.select("ul.portal-documents")[0].select("li")] == [
        "Alpha API — APIs", "Beta API — APIs"]
