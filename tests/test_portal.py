"""The real portal in docs/: builds clean, has every section and document, no placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import read_html, warnings_of

DOCS = Path(__file__).resolve().parent.parent / "docs"

#: section slug -> the document folders facts §1 lists, the two of §4 it lacks (Personal Data Deletion,
#: Monitoring) and the guides
EXPECTED = {
    "guides": ["getting-started", "retrieve-api-keys", "retrieve-api-domains", "add-agent-widgets",
               "customized-chat-windows", "engagement-attributes", "authentication", "push-notification-service",
               "structured-content", "conversation-metadata", "retry-policy", "all-endpoints"],
    # the iOS and Android editions of each SDK are one document, with a section per platform
    "consumer-experience": ["in-app-messaging-sdk", "voice-video-sdk", "messaging-window-api", "javascript-chat-sdk",
                            "server-chat-api"],
    "agent-interactions": ["messaging-agent-sdk", "chat-agent-api", "agent-workspace-widget-sdk", "login-service-api"],
    "data": ["data-access-api", "agent-metrics-api", "messaging-interactions-api", "messaging-operations-api",
             "operational-realtime-api", "engagement-history-api", "consumer-engagement-api",
             "personal-data-deletion-api"],
    "real-time-interactions": ["app-engagement-api", "visit-information-api", "ivr-engagement-api",
                               "engagement-window-widget-sdk", "validate-engagement-api", "engagement-attributes-api",
                               "engagement-trigger-api", "monitoring-api"],
    "account-configuration": ["unified-automatic-messages-api", "predefined-content-api",
                              "predefined-categories-api", "le-tag", "automatic-messages-api"],
    "admin": ["users-api", "lobs-api", "skills-api", "agent-groups-api", "profiles-api"],
    "contributing": ["adding-pages", "writers-tools", "api-methods", "reference"],  # for writers
}

#: API documents with full method facts (issue: every method, overview, getting started, appendix)
FULL_APIS = ["guides/retrieve-api-domains", "agent-interactions/login-service-api", "admin/skills-api",
             "admin/users-api", "data/messaging-operations-api", "data/data-access-api",
             "data/messaging-interactions-api", "data/engagement-history-api"]

PLACEHOLDER = re.compile(r"\b(TBD|TODO|coming soon|lorem ipsum)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def portal(docs_portal):
    return docs_portal



def test_portal_builds_without_a_warning(portal):
    assert warnings_of(portal) == ""


def test_landing_page_has_the_four_cards_linking_to_real_pages(portal):
    html = read_html(portal, "index")
    cards = html.select(".portal-cards .sd-card")
    titles = [c.select_one(".sd-card-title").get_text(strip=True) for c in cards]
    assert titles == ["Authentication", "Data APIs", "Engagement Attributes", "Major Flows"]
    for card in cards:
        href = str(card.select_one("a.sd-stretched-link")["href"])
        assert href.startswith("guides/getting-started/")
        assert (Path(portal.outdir) / href).is_file()
        assert card.select_one(".sd-card-text").get_text(strip=True)


def test_every_section_has_its_documents(portal):
    for section, documents in EXPECTED.items():
        landing = read_html(portal, f"{section}/index")
        links = {a["href"].split("/")[0] for a in landing.select(".sd-card a.sd-stretched-link")}
        missing = set(documents) - links
        assert not missing, f"{section} lacks {sorted(missing)}"


def test_full_api_documents_have_every_part(portal):
    for doc in FULL_APIS:
        folder = DOCS / doc
        assert (folder / "index.md").is_file(), doc
        assert (folder / "getting-started.md").is_file(), doc
        assert (folder / "appendix.md").is_file(), doc
        methods = [p for p in (folder / "methods").glob("*.md") if p.name != "index.md"]
        assert methods, doc
        for method in methods:
            text = method.read_text()
            assert "{api-request}" in text and "{api-response}" in text, method


def api_documents(portal):
    """(section, document) of every document whose built pages render an API method."""
    out = Path(portal.outdir)
    for section in EXPECTED:
        for folder in sorted((out / section).iterdir()):
            if folder.is_dir() and any('class="portal-api portal-api-request' in p.read_text(encoding="utf-8")
                                       for p in folder.rglob("*.html")):
                yield section, folder.name


def test_every_api_document_has_overview_and_methods(portal):
    found = list(api_documents(portal))
    assert len(found) >= len(FULL_APIS)
    for section, doc in found:
        assert (DOCS / section / doc / "index.md").is_file(), doc
        assert (DOCS / section / doc / "methods").is_dir(), doc


def test_no_page_is_a_placeholder(portal):
    for path in Path(portal.outdir).rglob("*.html"):
        rel = path.relative_to(portal.outdir)
        if rel.parts[0] in ("_static", "_sources") or rel.name in ("genindex.html", "search.html", "404.html"):
            continue
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if article is None:
            continue
        text = article.get_text(" ", strip=True)
        assert not PLACEHOLDER.search(text), f"{rel}: {PLACEHOLDER.search(text).group(0)}"
        assert len(text.split()) >= 40, f"{rel} is too short to help anyone ({len(text.split())} words)"


def test_api_overviews_link_the_domain_api_and_the_authentication_guide(portal):
    for section, doc in api_documents(portal):
        if doc == "retrieve-api-domains":
            continue
        html = read_html(portal, f"{section}/{doc}/index")
        targets = {"/".join(a["href"].split("#")[0].split("/")[-2:]) for a in html.select("article a[href]")}
        assert "retrieve-api-domains/index.html" in targets, f"{doc} overview does not link the Domain API"
        assert "getting-started/authentication.html" in targets, f"{doc} overview does not link authentication"


OLD_URLS = {  # facts §0b: links all over the web point at these
    "getting-started-with-liveengage-apis-getting-started-with-authentication.html":
        "guides/getting-started/authentication.html",
    "getting-started-with-liveengage-apis-getting-started-with-data-apis.html": "guides/getting-started/data-apis.html",
    "getting-started-with-liveengage-apis-getting-started-with-engagement-attributes.html":
        "guides/getting-started/engagement-attributes.html",
    "login-getting-started.html": "agent-interactions/login-service-api/index.html",
    "login-service-api-overview.html": "agent-interactions/login-service-api/index.html",
    "guides-gettingstarted.html": "guides/retrieve-api-keys/index.html",
    "consumer-experience-ios-sdk-overview.html": "consumer-experience/in-app-messaging-sdk/index.html",
    "android-overview.html": "consumer-experience/in-app-messaging-sdk/index.html",
    "data-data-access-overview.html": "data/data-access-api/index.html",
    "agent-workspace-sdk-overview.html": "agent-interactions/agent-workspace-widget-sdk/index.html",
    # its subject is the third flow of Major Flows: the old URL lands on that heading
    "products-data-custom-dashboard-overview.html": "guides/getting-started/major-flows.html#custom-dashboard",
}


def test_the_old_getting_started_links_still_work(portal):
    for old, new in OLD_URLS.items():
        soup = BeautifulSoup((Path(portal.outdir) / old).read_text(encoding="utf-8"), "html.parser")
        assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={new}", old
        path, _, anchor = new.partition("#")
        assert (Path(portal.outdir) / path).is_file()
        if anchor:
            target = BeautifulSoup((Path(portal.outdir) / path).read_text(encoding="utf-8"), "html.parser")
            assert "dashboard" in target.find(id=anchor).find(["h2", "h3"]).get_text().lower()


SKILLS_METHODS = ["get-all-skills", "get-skill-by-id", "create-skills", "update-skills", "update-skill",
                  "delete-skills", "delete-skill"]


def test_the_old_skills_method_urls_reach_their_pages(portal):
    out = Path(portal.outdir)
    for name in SKILLS_METHODS:
        for old in (f"skills-api-methods-{name}.html", f"administration-{name}.html"):
            soup = BeautifulSoup((out / old).read_text(encoding="utf-8"), "html.parser")
            target = f"admin/skills-api/methods/{name}.html"
            assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}", old
    soup = BeautifulSoup((out / "administration-skills-query-delta.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"].endswith("skills-query-delta.html")


def test_the_monitoring_api_report_method_can_be_linked(portal):
    # Getting Started › Engagement Attributes sends readers to the Monitoring API's Report method
    html = read_html(portal, "real-time-interactions/monitoring-api/index")
    assert html.select_one("section#report h3").get_text(strip=True).startswith("Report")


def test_the_users_api_has_one_source_for_the_methods_its_spec_covers():
    import yaml

    folder = DOCS / "admin/users-api"
    spec = yaml.safe_load((folder / "openapi.yaml").read_text(encoding="utf-8"))
    operations = {op["operationId"]: (method.upper(), path) for path, item in spec["paths"].items()
                  for method, op in item.items() if isinstance(op, dict) and "operationId" in op}
    assert len(operations) == 7
    pages = {p.name: p.read_text(encoding="utf-8") for p in (folder / "methods").glob("*.md")}
    for op_id, (method, path) in operations.items():
        using = [name for name, text in pages.items() if f":openapi: ../openapi.yaml#{op_id}\n" in text]
        assert len(using) == 1, f"{op_id} is used by {using}"
        assert pages[using[0]].count(f":openapi: ../openapi.yaml#{op_id}\n") == 2, f"{using[0]}: request and response"
        # no page writes the same method by hand beside the spec
        written = re.compile(rf"```{{api-request}} {method} https://{{domain}}{re.escape(path)}\n")
        assert not [name for name, text in pages.items() if written.search(text)], op_id
