"""Hosting and site features: Read the Docs, sitemap, 404, metadata, copy buttons, edit links, dates, llms.txt."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from devportal.hosting import features as site

from .conftest import build, copy_root, read_html, warnings_of, write

REPO = Path(__file__).parent.parent
BASE = "https://devportal.readthedocs.io/en/latest/"
#: what Read the Docs sets for a build of the "latest" version (the variables devportal.hosting.features reads,
#: and more)
RTD_ENV = {
    "READTHEDOCS": "True",
    "READTHEDOCS_PROJECT": "devportal",
    "READTHEDOCS_LANGUAGE": "en",
    "READTHEDOCS_VERSION": "latest",
    "READTHEDOCS_VERSION_NAME": "latest",
    "READTHEDOCS_VERSION_TYPE": "branch",
    "READTHEDOCS_CANONICAL_URL": BASE,
    "READTHEDOCS_GIT_CLONE_URL": "git@github.com:acme/devportal.git",
    "READTHEDOCS_GIT_IDENTIFIER": "main",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The fixture project tests/roots/test-site, built once with its own configuration."""
    return build(copy_root("site", tmp_path_factory.mktemp("site")))


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def meta(soup: BeautifulSoup, **attrs) -> str | None:
    tag = soup.find("meta", attrs=attrs)
    return str(tag["content"]) if tag else None


def sitemap(app) -> list[str]:
    root = ET.parse(Path(app.outdir) / "sitemap.xml").getroot()
    return [loc.text or "" for loc in root.findall("s:url/s:loc", SITEMAP_NS)]


def links_of(soup: BeautifulSoup) -> list[str]:
    found = [t.get("href") for t in soup.find_all(["a", "link"])]
    found += [t.get("src") for t in soup.find_all(["script", "img"])]
    found += [t.get("action") for t in soup.find_all("form")]
    return [str(v) for v in found if v]


# ---------------------------------------------------------------------------
# local build (no Read the Docs, not in git)


def test_summary_and_keywords_become_metadata(app):
    assert warnings_of(app) == ""
    page = read_html(app, "guides/start/index")
    summary = "How to make your first call, from getting a key to reading the answer."
    assert meta(page, name="description") == summary
    assert meta(page, property="og:description") == summary  # the summary, not the first paragraph
    assert meta(page, property="og:title") == "First Steps"
    assert meta(page, name="keywords") == "first call, API key, curl"
    assert len(page.find_all("meta", attrs={"name": "description"})) == 1
    assert meta(read_html(app, "guides/start/glossary"), name="keywords") == "glossary, terms"
    landing = read_html(app, "admin/index")  # generated: no source, its section's summary
    assert meta(landing, name="description") == "Manage users and their permissions."


def test_code_blocks_get_copy_buttons_that_leave_prompts_out(app):
    page = read_html(app, "guides/start/index")
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert any(s.startswith("../../_static/copybutton.js") for s in scripts)
    js = (Path(app.outdir) / "_static/copybutton.js").read_text()
    assert f"formatCopyText(text, {site.PROMPTS!r}, true, true" in js  # the prompt regexp, as a regexp
    prompt = re.compile(site.PROMPTS)
    assert [bool(prompt.match(line)) for line in
            ["$ curl x", ">>> import x", "... more", "In [3]: x", "[{\"id\": 1}]", "curl x"]] == [
        True, True, True, True, False, False]
    assert page.select("div.highlight-bash pre") and page.select("div.highlight-python pre")


def test_edit_this_page_links_to_the_source(tmp_path):
    app = build(copy_root("site", tmp_path), confoverrides={
        "portal_repository_url": "https://github.com/acme/devportal/", "portal_docs_path": "docs"})
    link = read_html(app, "guides/start/index").select_one(".editthispage a")
    assert link["href"] == "https://github.com/acme/devportal/edit/main/docs/guides/start/index.md"
    assert "Edit on GitHub" in link.get_text()
    assert read_html(app, "admin/index").select_one(".editthispage") is None  # generated pages have no source


def test_no_edit_link_without_a_repository(app):
    assert read_html(app, "guides/start/index").select_one(".editthispage") is None


@pytest.mark.parametrize("repo, branch, path, expected", [
    ("https://gitlab.com/acme/portal.git", "dev", "docs",
     ("https://gitlab.com/acme/portal/-/edit/dev/docs/", "GitLab")),
    ("git@github.com:acme/portal.git", "main", "", ("https://github.com/acme/portal/edit/main/", "GitHub")),
    ("https://bitbucket.org/acme/portal", "main", "/docs/", ("https://bitbucket.org/acme/portal/src/main/docs/",
                                                            "Bitbucket")),
])
def test_edit_urls_per_forge(repo, branch, path, expected):
    assert site.edit_url_base(repo, branch, path) == expected


def test_long_pages_have_an_in_page_table_of_contents(app):
    toc = read_html(app, "guides/start/index").select("nav.page-toc a")
    assert [a.get_text(strip=True) for a in toc] == ["Get a key", "Make the call", "Read the answer", "Next steps"]
    assert toc[0]["href"] == "#get-a-key"
    assert read_html(app, "guides/start/glossary").select_one("nav.page-toc") is None  # nothing to list


def test_favicon(app):
    icon = read_html(app, "guides/start/index").find("link", rel="icon")
    assert icon["href"] == "../../_static/favicon.svg"
    assert (Path(app.outdir) / "_static/favicon.svg").read_text().startswith("<svg")


def test_llms_txt_lists_every_section_document_and_page(app):
    text = (Path(app.outdir) / "llms.txt").read_text()
    assert text.splitlines()[:3] == ["# Example Portal", "", "> Everything you need to build on the example platform."]
    assert "## Guides\n\nStart here with the basics. Landing page: guides/index.html\n" in text
    assert ("- [First Steps](guides/start/index.html): How to make your first call, from getting a key to reading "
            "the answer.\n  - [Glossary](guides/start/glossary.html): Words used across the portal.\n") in text
    assert "## Admin" in text and "- [Users API](admin/users-api/index.html): Create, update and delete" in text
    assert text.index("## Guides") < text.index("## Admin")  # the sections' order


def test_404_page_works_at_any_depth(app):
    page = read_html(app, "404")
    assert page.title.get_text().startswith("Page not found")
    assert "no page at this address" in page.get_text()
    links = links_of(page)
    assert links and all(v.startswith(("/", "#", "https://", "http://")) for v in links), \
        [v for v in links if not v.startswith(("/", "#", "http"))]
    assert "/_static/favicon.svg" in links and "/index.html" in links
    tabs = list(dict.fromkeys(a["href"] for a in page.select("nav.portal-tabs a")))  # drawn twice: wide, narrow
    assert tabs == ["/guides/index.html", "/admin/index.html"]
    assert page.html["data-content_root"] == "/"


def test_no_sitemap_and_no_warning_without_a_base_url(app):
    assert not (Path(app.outdir) / "sitemap.xml").exists()
    assert warnings_of(app) == ""
    assert "no sitemap.xml without html_baseurl" in app.status.getvalue()
    assert read_html(app, "index").find("link", rel="canonical") is None
    assert read_html(app, "index").select_one(".last-updated") is None  # not in git: no date, no warning


def test_every_extension_is_parallel_safe(app):
    # one extension that is not would silently make every `-j auto` build serial
    unsafe = [name for name, ext in app.extensions.items()
              if not ext.parallel_read_safe or not ext.parallel_write_safe]
    assert unsafe == []
    for name in ("sphinx_sitemap", "notfound.extension", "sphinxext.opengraph", "sphinx_copybutton",
                 "devportal.hosting"):
        assert name in app.extensions


# ---------------------------------------------------------------------------
# on Read the Docs


@pytest.fixture
def rtd(monkeypatch):
    for name, value in RTD_ENV.items():
        monkeypatch.setenv(name, value)


def test_read_the_docs_build(rtd, tmp_path):
    src = copy_root("site", tmp_path)
    (src / "guides/start/index.md").write_text(
        (src / "guides/start/index.md").read_text().replace("keywords:",
                                                            "redirect_from: [first-steps.html]\nkeywords:"))
    app = build(src, confoverrides={"language": "en"})  # Read the Docs passes -D language=en
    assert warnings_of(app) == ""
    page = read_html(app, "guides/start/index")
    assert page.find("link", rel="canonical")["href"] == BASE + "guides/start/index.html"
    assert meta(page, property="og:url") == BASE + "guides/start/index.html"
    edit = page.select_one(".editthispage a")["href"]
    assert edit == "https://github.com/acme/devportal/edit/main/guides/start/index.md"  # the fixture is not in git

    locs = sitemap(app)
    assert sorted(locs) == locs and len(set(locs)) == len(locs)
    assert set(locs) == {BASE + p for p in [
        "index.html", "guides/index.html", "admin/index.html", "guides/start/index.html",
        "guides/start/glossary.html", "admin/users-api/index.html"]}
    assert all(loc.count("/en/latest/") == 1 for loc in locs)

    notfound = read_html(app, "404")
    assets = [v for v in links_of(notfound) if "_static" in v]
    assert assets and all(v.startswith("/en/latest/_static/") for v in assets)
    assert list(dict.fromkeys(a["href"] for a in notfound.select("nav.portal-tabs a"))) == [
        "/en/latest/guides/index.html", "/en/latest/admin/index.html"]

    redirect = BeautifulSoup((Path(app.outdir) / "first-steps.html").read_text(), "html.parser")
    assert redirect.find("link", rel="canonical")["href"] == BASE + "guides/start/index.html"
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=guides/start/index.html"
    assert f"[Glossary]({BASE}guides/start/glossary.html)" in (Path(app.outdir) / "llms.txt").read_text()


def test_conf_py_base_url_wins_over_read_the_docs(rtd, tmp_path):
    app = build(copy_root("site", tmp_path), confoverrides={"html_baseurl": "https://developers.example.com"})
    assert sitemap(app)[0].startswith("https://developers.example.com/")
    assert read_html(app, "404").find("link", rel="icon")["href"] == "/_static/favicon.svg"


def test_incremental_build_keeps_the_whole_sitemap(rtd, tmp_path):
    src = copy_root("site", tmp_path / "inc")
    build(src)
    path = src / "guides/start/glossary.md"
    write(path, path.read_text() + "\nOne more line.\n")
    incremental = build(src)
    clean = build(copy_root("site", tmp_path / "clean"), freshenv=True)
    assert len(sitemap(incremental)) == 6
    assert sitemap(incremental) == sitemap(clean)


def test_parallel_build_equals_serial_build(rtd, tmp_path):
    serial = build(copy_root("site", tmp_path / "serial"), freshenv=True)
    parallel = build(copy_root("site", tmp_path / "parallel"), freshenv=True, parallel=2)
    assert warnings_of(parallel) == ""
    for name in ("sitemap.xml", "llms.txt", "404.html", "guides/start/index.html"):
        assert (Path(parallel.outdir) / name).read_bytes() == (Path(serial.outdir) / name).read_bytes(), name


# ---------------------------------------------------------------------------
# last updated, from git


def git(cwd: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Writer", "GIT_AUTHOR_EMAIL": "w@example.com",
           "GIT_COMMITTER_NAME": "Writer", "GIT_COMMITTER_EMAIL": "w@example.com"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_last_updated_comes_from_git(tmp_path):
    src = copy_root("site", tmp_path)
    git(src, "init", "-q")
    git(src, "add", ".")
    git(src, "commit", "-q", "-m", "first", date="2024-01-02T12:00:00+00:00")
    path = src / "guides/start/glossary.md"
    path.write_text(path.read_text() + "\nEdited later.\n")
    git(src, "commit", "-q", "-am", "second", date="2024-03-04T12:00:00+00:00")
    (src / "guides/start/draft.md").write_text("---\nsummary: Not committed yet.\n---\n# Draft\n\nText.\n")
    app = build(src, builddir=tmp_path / "out", confoverrides={"html_baseurl": "https://dev.example/"})
    assert warnings_of(app) == ""
    first = read_html(app, "guides/start/index")
    assert first.select_one("footer .last-updated, .bd-footer-article .last-updated").get_text(strip=True) == \
        "Last updated on Jan 02, 2024."
    assert meta(first, property="article:modified_time").startswith("2024-01-02")
    assert "Mar 04, 2024" in read_html(app, "guides/start/glossary").select_one(".last-updated").get_text()
    assert read_html(app, "guides/start/draft").select_one(".last-updated") is None  # untracked: no date
    root = ET.parse(Path(app.outdir) / "sitemap.xml").getroot()
    lastmod = {u.find("s:loc", SITEMAP_NS).text: getattr(u.find("s:lastmod", SITEMAP_NS), "text", None)
               for u in root.findall("s:url", SITEMAP_NS)}
    assert lastmod["https://dev.example/guides/start/glossary.html"] == "2024-03-04T12:00:00Z"


# ---------------------------------------------------------------------------
# each capability alone; Read the Docs configuration


def test_site_and_legacy_work_alone(tmp_path):
    src = copy_root("site", tmp_path / "site")
    (src / "conf.py").write_text('project = "Alone"\nextensions = ["devportal.hosting"]\n'
                                 'html_theme = "pydata_sphinx_theme"\nsuppress_warnings = ["toc.not_included"]\n')
    app = build(src)
    assert warnings_of(app) == ""
    page = read_html(app, "guides/start/index")
    assert meta(page, name="description").startswith("How to make your first call")
    assert (Path(app.outdir) / "404.html").is_file() and not (Path(app.outdir) / "llms.txt").exists()

    src = copy_root("redirects", tmp_path / "legacy")
    (src / "conf.py").write_text('extensions = ["devportal.hosting"]\nsuppress_warnings = ["toc.not_included"]\n')
    for method in (src / "admin").rglob("get-all-skills.md"):
        method.write_text(method.read_text().split("```{api-request}")[0])
    app = build(src)
    assert warnings_of(app) == ""
    html = (Path(app.outdir) / "old/nested/skills.html").read_text()
    assert 'url=../../admin/skills-api/index.html"' in html


def test_read_the_docs_configuration_builds_like_make_html():
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text())
    assert config["version"] == 2
    assert config["build"]["os"] and config["build"]["tools"]["python"] == "3.11"
    assert config["sphinx"] == {"configuration": "docs/conf.py", "fail_on_warning": True}
    assert {"method": "pip", "path": "."} in config["python"]["install"]
    assert (REPO / config["sphinx"]["configuration"]).is_file()
    # make html: -W --keep-going -n; Read the Docs: -W --keep-going from fail_on_warning, -n from conf.py
    make_opts = re.search(r"^SPHINXOPTS \?= (.*)$", (REPO / "Makefile").read_text(), re.M).group(1).split()
    assert {"-W", "--keep-going", "-n"} <= set(make_opts)
    assert re.search(r"^nitpicky = True$", (REPO / "docs/conf.py").read_text(), re.M)
    assert "make html" not in " ".join(config["build"]["jobs"]["post_checkout"])


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_every_page_has_a_description_and_none_is_kept_from_search_engines(tmp_path, buildername):
    """Lighthouse's SEO audit on every page, 404 included: a meta description, and no noindex."""
    app = build(copy_root("builders", tmp_path), buildername=buildername)
    out = Path(app.outdir)
    pages = [p for p in out.rglob("*.html") if "_static" not in p.parts]
    assert len(pages) > 20
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        description = soup.find("meta", attrs={"name": "description"})
        assert description is not None and description["content"].strip(), page
        assert soup.find("meta", attrs={"name": "robots"}) is None, page
    notfound = BeautifulSoup((out / ("404.html" if buildername == "html" else "404/index.html")).read_text(),
                             "html.parser")
    assert notfound.find("meta", attrs={"name": "description"})["content"].startswith("Page not found.")
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "404" not in sitemap and "search" not in sitemap and "genindex" not in sitemap
