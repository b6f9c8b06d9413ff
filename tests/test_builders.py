"""Every stock builder builds the portal without a warning; PDF and EPUB hold every page, in taxonomy order.

Each build is what ``sphinx-build -W --keep-going -j 2 -b <builder>`` does: an exception (a traceback)
fails the test, and so does any warning.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from .conftest import build, copy_root, warnings_of

BUILDERS = ["html", "dirhtml", "singlehtml", "epub", "latex", "text", "gettext", "man", "xml"]

#: the fixture's book, as its taxonomy orders it: root, then each section's documents, each led by its overview
READING_ORDER = [
    "index",
    "guides/start/index", "guides/start/auth", "guides/start/flows",
    "guides/all-endpoints/index",
    "admin/skills-api/index", "admin/skills-api/getting-started",
    "admin/skills-api/methods/get-all-skills", "admin/skills-api/methods/create-skills",
    "admin/skills-api/webhooks/index", "admin/skills-api/webhooks/events",
    "admin/skills-api/appendix",
    "admin/users-api/index",
]
DOCUMENT_TITLES = ["Getting Started", "All Endpoints", "Skills API", "Users API"]
PAGE_TITLES = ["Authentication", "Major Flows", "Get all skills", "Create skills", "Webhooks", "Events", "Appendix"]

#: what a PDF needs besides Sphinx (Debian package names); .ci/run installs them
TEX_PACKAGES = "latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre"


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Path:
    return copy_root("builders", tmp_path_factory.mktemp("builders"))


@pytest.fixture(scope="module")
def built(portal):
    """Each builder's app, built once per module (in parallel, as ``-j 2``)."""
    apps: dict[str, object] = {}

    def get(name: str):
        if name not in apps:
            apps[name] = build(portal, portal.parent / f"_build-{name}", parallel=2, buildername=name)
        return apps[name]

    return get


@pytest.mark.parametrize("buildername", BUILDERS)
def test_every_builder_builds_without_a_warning(built, buildername):
    app = built(buildername)
    assert warnings_of(app) == ""
    assert any(Path(app.outdir).iterdir())


def test_epub_holds_every_page_in_taxonomy_order(built):
    app = built("epub")
    epub = next(Path(app.outdir).glob("*.epub"))
    with zipfile.ZipFile(epub) as book:
        opf = ElementTree.fromstring(book.read("content.opf"))
        ns = {"opf": "http://www.idpf.org/2007/opf"}
        hrefs = {item.get("id"): item.get("href") for item in opf.iterfind("opf:manifest/opf:item", ns)}
        spine = [hrefs[ref.get("idref")] for ref in opf.iterfind("opf:spine/opf:itemref", ns)
                 if ref.get("linear") != "no"]
        pages = [href.removesuffix(".xhtml") for href in spine if href.removesuffix(".xhtml") in READING_ORDER]
        assert pages == READING_ORDER
        nav = book.read("nav.xhtml").decode()
        root = book.read("index.xhtml").decode()
        methods = book.read("admin/skills-api/methods/get-all-skills.xhtml").decode()
    titles = re.findall(r"<a href=\"([^\"#]+)\">([^<]+)</a>", nav)
    assert [t for _href, t in titles][:4] == ["Home", "Getting Started", "Authentication", "Major Flows"]
    for title in DOCUMENT_TITLES + PAGE_TITLES:
        assert title in {t for _href, t in titles}, title
    # the sections are parts of the root page, with their summaries and documents as plain links
    assert "<h2>Guides" in root and "Guides for everyone." in root and "Manage users and skills." in root
    assert 'href="admin/skills-api/index.xhtml"' in root
    # cards are plain links: no stretched links, no card grid
    assert "sd-stretched-link" not in root and "sd-card" not in root
    assert re.search(r'<strong><a class="reference internal" href="guides/start/auth.xhtml">'
                     r'<span class="doc">Authentication</span></a></strong> — Log in first.', root)
    # no website navigation inside a book
    assert "portal-tabs" not in methods and "portal-sidebar" not in methods


def latex_source(app) -> str:
    return next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")


def test_latex_book_outline_is_the_taxonomy(built):
    tex = latex_source(built("latex"))
    outline = re.findall(r"^\\(chapter|section|subsection)\{([^}]*)\}", tex, re.M)
    assert outline == [
        ("chapter", "Home"), ("section", "Major components"), ("section", "Find the right document"),
        ("chapter", "Guides"),
        ("section", "Getting Started"), ("subsection", "Authentication"), ("subsection", "Major Flows"),
        ("section", "All Endpoints"),
        ("chapter", "Admin"),
        ("section", "Skills API"), ("subsection", "Getting Started"), ("subsection", "Get all skills"),
        ("subsection", "Create skills"), ("subsection", "Webhooks"), ("subsection", "Appendix"),
        ("section", "Users API"),
    ]
    # webhooks/index leads its subfolder: its page sits under it
    assert re.search(r"\\subsection\{Webhooks\}.*\\subsubsection\{Events\}.*\\subsection\{Appendix\}", tex, re.S)
    # cards and landing lists are links inside the book, not card grids
    assert "sd-card" not in tex and "sphinxuseclass}{sd-" not in tex
    link = r"\hyperref[\detokenize{guides/start/auth::doc}]{\sphinxcrossref{\DUrole{doc}{Authentication}}}"
    assert r"\sphinxstylestrong{{" + link + "}}" in tex


def test_text_builder_shows_cards_as_links_and_the_endpoint_index_as_text(built):
    out = Path(built("text").outdir)
    home = (out / "index.txt").read_text(encoding="utf-8")
    assert "* **Authentication** — Log in first." in home or "* Authentication — Log in first." in home
    endpoints = " ".join((out / "guides/all-endpoints/index.txt").read_text(encoding="utf-8").split())
    assert "| GET | Get all" in endpoints and "| POST | Create" in endpoints  # not one letter a line


def test_singlehtml_holds_every_page(built):
    html = (Path(built("singlehtml").outdir) / "index.html").read_text(encoding="utf-8")
    positions = [html.find(f'id="document-{name}"') for name in READING_ORDER[1:]]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_website_builds_have_no_book_toctree(built):
    """The outline is for books: a website's pages list no toctree (the navigation is drawn from the taxonomy)."""
    html = (Path(built("html").outdir) / "index.html").read_text(encoding="utf-8")
    assert "portal-part-" not in html and "toctree-wrapper" not in html


def ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def test_pdf_compiles_with_every_document_title(built):
    """latexmk and TeX Live turn the LaTeX output into a PDF: every document's and page's title is in the
    PDF's table of contents (LaTeX's .toc, which also makes the PDF's bookmarks)."""
    if not shutil.which("latexmk") or not shutil.which("pdflatex"):
        reason = f"latexmk / pdflatex not installed (apt-get install --no-install-recommends {TEX_PACKAGES})"
        if ci():
            pytest.fail(f"CI=true and the PDF cannot be compiled: {reason}", pytrace=False)
        pytest.skip(reason)
    app = built("latex")
    out = Path(app.outdir)
    tex = next(out.glob("*.tex"))
    done = subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=out,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    log = tex.with_suffix(".log").read_text(encoding="latin-1")
    pages = int(re.search(r"Output written on \S+ \((\d+) pages?", log).group(1))
    assert 8 <= pages <= 30  # a cover, contents, three chapters and an index: not one page, not runaway
    toc = tex.with_suffix(".toc").read_text(encoding="utf-8")
    for title in ["Home", "Guides", "Admin", *DOCUMENT_TITLES, *PAGE_TITLES]:
        assert re.search(r"[{}]" + re.escape(title) + "}", toc), title
    # every link inside the book reaches its target (endpoint index and routing table to the methods)
    assert "undefined on input line" not in log and "There were undefined references" not in log
    # no table or line runs off the page by more than a hair
    overfull = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert all(width < 20 for width in overfull), overfull


# ---------------------------------------------------------------------------
# clean URLs: dirhtml works like html


def internal_links(outdir: Path):
    """(page, href, file it reaches, fragment) for every relative link and asset of every page."""
    from bs4 import BeautifulSoup

    for page in sorted(outdir.rglob("*.html")):
        if page.name == "404.html" or page.parts[len(outdir.parts)] in ("404", "_static"):
            continue  # the 404 page's links are absolute from the site's path (tests/test_site.py)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("a[href], link[href], script[src], img[src]"):
            href = tag.get("href") or tag.get("src")
            if href.startswith(("http://", "https://", "mailto:", "#", "data:", "javascript:")) or not href:
                continue
            path, _, fragment = href.partition("#")
            path = path.split("?", 1)[0]
            target = (page.parent / path).resolve()
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            yield page.relative_to(outdir), href, target, fragment


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_every_link_of_the_website_reaches_a_page_and_its_anchor(built, buildername):
    """Navigation, cards, landing pages, endpoint index, overview lists, old-URL links and redirects."""
    from bs4 import BeautifulSoup

    out = Path(built(buildername).outdir)
    ids: dict[Path, set[str]] = {}
    broken = []
    count = 0
    for page, href, target, fragment in internal_links(out):
        count += 1
        if not target.is_file():
            broken.append((str(page), href))
            continue
        if fragment and target.suffix == ".html":
            if target not in ids:
                soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                ids[target] = {str(tag["id"]) for tag in soup.select("[id]")}
            if fragment not in ids[target]:
                broken.append((str(page), href))
    assert count > 300 and broken == []


def test_dirhtml_pages_link_clean_urls(built):
    from bs4 import BeautifulSoup

    out = Path(built("dirhtml").outdir)
    page = BeautifulSoup((out / "admin/skills-api/methods/get-all-skills/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    tabs = list(dict.fromkeys(a["href"] for a in page.select("nav.portal-tabs a")))
    assert tabs == ["../../../../guides/", "../../../../admin/"]
    sidebar = [a["href"] for a in page.select("nav.portal-sidebar a")]
    assert "../../../../admin/skills-api/methods/create-skills/" in sidebar
    assert "../../../../admin/skills-api/appendix/" in sidebar
    assert page.select_one("a.right-next")["href"] == "../../../../admin/skills-api/methods/create-skills/"
    assert page.find("link", rel="canonical")["href"] == (
        "https://developers.example.com/en/latest/admin/skills-api/methods/get-all-skills/")
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in home.select(".portal-cards a.sd-stretched-link")] == [
        "guides/start/auth/", "guides/start/flows/", "guides/start/flows/#dashboard-flow"]
    landing = BeautifulSoup((out / "admin/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in landing.select("a.sd-stretched-link")] == ["skills-api/", "users-api/"]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://developers.example.com/en/latest/guides/start/flows/</loc>" in sitemap
    assert ".html</loc>" not in sitemap
    llms = (out / "llms.txt").read_text(encoding="utf-8")
    assert "(https://developers.example.com/en/latest/admin/skills-api/)" in llms
    assert (out / "404.html").read_bytes() == (out / "404/index.html").read_bytes()  # where hosts look first
    notfound = BeautifulSoup((out / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert list(dict.fromkeys(a["href"] for a in notfound.select("nav.portal-tabs a"))) == [
        "/en/latest/guides/", "/en/latest/admin/"]


# ---------------------------------------------------------------------------
# books and websites from one environment, and incremental books


def test_book_and_website_builds_share_their_doctrees(tmp_path):
    """Read the Docs builds the website, then the PDF and EPUB, with one doctree folder: each output is
    what a build of its own writes (the book's toctrees never reach the website, nor the other way round)."""
    from .test_incremental import assert_same_site

    src = copy_root("builders", tmp_path / "shared")
    clean = copy_root("builders", tmp_path / "clean")
    build(src, buildername="html")
    latex = build(src, buildername="latex")
    assert warnings_of(latex) == ""
    assert latex_source(latex) == latex_source(build(clean, tmp_path / "clean-latex", buildername="latex"))
    html = build(src, buildername="html")
    assert warnings_of(html) == ""
    assert_same_site(Path(html.outdir), Path(build(clean, tmp_path / "clean-html", buildername="html").outdir))


def test_incremental_book_build_follows_a_new_page(tmp_path):
    from .test_incremental import write

    src = copy_root("builders", tmp_path / "inc")
    build(src, buildername="latex", parallel=2)
    write(src / "admin/skills-api/webhooks/retries.md",
          "---\nsummary: When a failed notification is sent again.\n---\n# Retries\n\nThree times.\n")
    incremental = build(src, buildername="latex", parallel=2)
    assert warnings_of(incremental) == ""
    clean = build(src, tmp_path / "clean-build", buildername="latex", freshenv=True)
    tex = latex_source(incremental)
    assert tex == latex_source(clean)
    assert re.search(r"\\subsection\{Webhooks\}.*\\subsubsection\{Events\}.*\\subsubsection\{Retries\}"
                     r".*\\subsection\{Appendix\}", tex, re.S)


# ---------------------------------------------------------------------------
# the outline, without Sphinx


def test_outline_is_the_taxonomy_in_reading_order():
    from devportal.core import book, taxonomy

    sections = [taxonomy.Section("guides", "Guides", "For everyone."), taxonomy.Section("admin", "Admin", "Manage.")]
    names = ["admin/skills/index", "admin/skills/appendix", "admin/skills/getting-started",
             "admin/skills/methods/index", "admin/skills/methods/get", "admin/skills/methods/create",
             "admin/skills/webhooks/events", "guides/start/index", "guides/start/auth", "loose/page"]
    titles = {"admin/skills/methods/get": "Get", "admin/skills/methods/create": "Create"}
    pages = {name: taxonomy.PageInfo(name, title=titles.get(name, name.rsplit("/", 1)[-1].title()), summary="s",
                                     order={"admin/skills/methods/create": 1}.get(name), orphan=name == "loose/page")
             for name in names}
    site = taxonomy.build_site(sections, pages)
    outline = book.outline(site, "index", [*names, "index"])
    assert outline["index"] == (
        book.Part("guides", "Guides", "For everyone.", (("guides/start/index", "Index"),)),
        book.Part("admin", "Admin", "Manage.", (("admin/skills/index", "Index"),)),
        book.Part("", book.OTHER_PAGES, "", (("loose/page", ""),)),
    )
    # standard parts in order; a subfolder with an index leads its pages, one without lists them directly
    assert outline["admin/skills/index"] == ("admin/skills/getting-started", "admin/skills/methods/index",
                                              "admin/skills/webhooks/events", "admin/skills/appendix")
    assert outline["admin/skills/methods/index"] == ("admin/skills/methods/create", "admin/skills/methods/get")
    assert book.reading_order(outline, "index") == [
        "index", "guides/start/index", "guides/start/auth", "admin/skills/index", "admin/skills/getting-started",
        "admin/skills/methods/index", "admin/skills/methods/create", "admin/skills/methods/get",
        "admin/skills/webhooks/events", "admin/skills/appendix", "loose/page"]


def test_parallel_book_equals_serial_book(built, tmp_path):
    """The outline is settled in the main process: ``-j 2`` writes the same book as a serial build."""
    serial = build(copy_root("builders", tmp_path), tmp_path / "serial", buildername="latex")
    assert latex_source(serial) == latex_source(built("latex"))
