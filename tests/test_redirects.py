"""Old URLs keep working: redirect pages, their checks, and old-site pages that move unchanged."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from devportal.core import diagnostics as d
from devportal.core import frontmatter_keys, redirects
from devportal.core.redirects import Claim

from .conftest import build, copy_root, edit_then_build_both_ways, read_html, warnings_of, write

# ---------------------------------------------------------------------------
# the Sphinx-free core

PAGES = {"index.html": "index", "admin/a/index.html": "admin/a/index", "admin/b/index.html": "admin/b/index",
         "admin/index.html": "admin/index"}


def subtypes(plan):
    return [(p.subtype, p.docname, p.line) for p in plan.problems]


@pytest.mark.parametrize("url, path", [
    ("old.html", "old.html"),
    ("/old.html", "old.html"),
    ("./a//b/old.htm", "a/b/old.htm"),
    ("old-folder/", "old-folder/index.html"),
    ("Skills%20API/get%20all.html", "Skills API/get all.html"),
])
def test_old_urls_are_normalised_to_the_file_that_serves_them(url, path):
    assert redirects.normalize(url) == path


@pytest.mark.parametrize("url, subtype", [
    ("https://evil.example/x.html", d.REDIRECT_EXTERNAL),
    ("//evil.example/x.html", d.REDIRECT_EXTERNAL),
    ("../outside.html", d.REDIRECT_INVALID),
    ("a/../../x.html", d.REDIRECT_INVALID),
    ("page.php", d.REDIRECT_INVALID),
    ("old.html?id=3", d.REDIRECT_INVALID),
    ("old.html#part", d.REDIRECT_INVALID),
    ("", d.REDIRECT_INVALID),
    (12, d.REDIRECT_INVALID),
])
def test_urls_that_cannot_be_a_page_of_this_site_are_refused(url, subtype):
    with pytest.raises(redirects.BadURL) as exc:
        redirects.normalize(url)
    assert exc.value.subtype == subtype


@pytest.mark.parametrize("source, target, expected", [
    ("old.html", "admin/a/index.html", "admin/a/index.html"),
    ("x/y/old.html", "admin/a/index.html", "../../admin/a/index.html"),
    ("admin/old.html", "admin/a/index.html", "a/index.html"),
    ("old/index.html", "admin/a/", "../admin/a/"),  # dirhtml targets keep their slash
    ("x/old.html", "", "../"),
    ("old.html", "", "./"),
    ("old.html", "a b/c.html", "a%20b/c.html"),
])
def test_targets_are_relative_to_the_old_url(source, target, expected):
    assert redirects.relative_url(source, target) == expected


def test_redirect_page_escapes_what_it_shows():
    html = redirects.render('a/b.html"><script>x</script>', "<b>Title</b> & co", "https://x/a/b.html")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == '0; url=a/b.html"><script>x</script>'
    assert soup.find("link", rel="canonical")["href"] == "https://x/a/b.html"
    assert soup.body.a["href"] == 'a/b.html"><script>x</script>' and soup.body.a.text == "<b>Title</b> & co"
    assert len(soup.find_all("script")) == 1 and soup.script.string is not None
    assert "</script>" not in soup.script.string
    assert redirects.is_redirect_page(html)


def test_duplicates_keep_the_first_page_and_name_both():
    plan = redirects.plan([Claim("old.html", "admin/b/index", "permalink", 3),
                           Claim("old.html", "admin/a/index", "redirect_from", 5),
                           Claim("/old.html", "admin/a/index", "permalink", 6)], PAGES)
    assert plan.redirects["old.html"].docname == "admin/a/index"
    assert subtypes(plan) == [(d.REDIRECT_DUPLICATE, "admin/b/index", 3)]
    assert "'admin/a/index' (line 5)" in plan.problems[0].message


def test_an_old_url_that_is_a_page_is_not_written():
    plan = redirects.plan([Claim("admin/b/index.html", "admin/a/index", "redirect_from", 4),
                           Claim("/admin/a/index.html", "admin/a/index", "redirect_from", 5),
                           Claim("admin/", "admin/a/index", "redirect_from", 6)], PAGES)
    assert plan.redirects == {}
    assert subtypes(plan) == [(d.REDIRECT_SHADOWS_PAGE, "admin/a/index", n) for n in (4, 5, 6)]
    assert "own address" in plan.problems[1].message


def test_chains_are_written_as_one_hop_and_loops_not_at_all():
    claims = [Claim("taken.html", "admin/a/index", "redirect_from", 4),
              *redirects.claims_from_config({"c1.html": "c2.html", "c2.html": "taken.html",
                                             "l1.html": "l2.html", "l2.html": "l3.html", "l3.html": "l1.html",
                                             "to-loop.html": "l1.html"})[0]]
    plan = redirects.plan(claims, PAGES)
    assert {s: r.docname for s, r in plan.redirects.items()} == {
        "c1.html": "admin/a/index", "c2.html": "admin/a/index", "taken.html": "admin/a/index"}
    kinds = sorted(p.subtype for p in plan.problems)
    assert kinds == [d.REDIRECT_CHAIN] * 2 + [d.REDIRECT_LOOP] * 4
    assert any("'to-loop.html' leads into a redirect loop: l1.html → l2.html → l3.html → l1.html" in p.message
               for p in plan.problems)
    assert any("c1.html → c2.html → taken.html → admin/a/index" in p.message for p in plan.problems)


@pytest.mark.parametrize("target, subtype", [
    ("https://evil.example/", d.REDIRECT_EXTERNAL),
    ("//evil.example/x.html", d.REDIRECT_EXTERNAL),
    ("/en/latest/admin/a/index.html", d.REDIRECT_EXTERNAL),
    ("/admin/nope/index", d.REDIRECT_UNKNOWN_TARGET),
    ("nowhere.html", d.REDIRECT_UNKNOWN_TARGET),
])
def test_config_targets_stay_inside_the_site(target, subtype):
    plan = redirects.plan(redirects.claims_from_config({"old.html": target})[0], PAGES)
    assert plan.redirects == {} and [p.subtype for p in plan.problems] == [subtype]


def test_config_targets_may_name_a_page_by_docname_or_url():
    claims, _ = redirects.claims_from_config({"a.html": "/admin/b/index", "b.html": "admin/a/index.html"})
    assert {s: r.docname for s, r in redirects.plan(claims, PAGES).redirects.items()} == {
        "a.html": "admin/b/index", "b.html": "admin/a/index"}


def test_config_claims_carry_their_line_in_conf_py():
    text = 'x = 1\nportal_redirects = {\n    "a.html": "b.html",\n    "b.html": "/admin/a/index",\n}\n'
    claims, _ = redirects.claims_from_config({"a.html": "b.html", "b.html": "/admin/a/index"}, "conf.py", text)
    assert [(c.url, c.line) for c in claims] == [("a.html", 3), ("b.html", 4)]


def test_front_matter_values_must_be_urls():
    claims, problems = redirects.claims_from_front_matter(
        "p", {"permalink": ["a.html"], "redirect_from": ["b.html", {"c": 1}]}, {"permalink": 2, "redirect_from": 3})
    assert [c.url for c in claims] == ["b.html"]
    assert [(p.subtype, p.line) for p in problems] == [(d.BAD_VALUE, 2), (d.BAD_VALUE, 3)]
    claims, problems = redirects.claims_from_front_matter("p", {"redirect_from": "one.html"}, {})
    assert [c.url for c in claims] == ["one.html"] and problems == []


def test_every_old_site_key_is_known_and_others_are_named():
    data: dict[str, object]
    data = {"pagename": "x", "permalink": "x.html", "redirect_from": [], "keywords": None, "indicator": "both",
            "sitesection": "Admin", "categoryname": "Contact Center Management", "documentname": "Skills API",
            "subfoldername": "Methods", "order": 10, "title": "x", "og:image": "a.png", "level-order": 2}
    warnings, infos = frontmatter_keys.check("p", data, {"level-order": 14, "categoryname": 7})
    assert [(w.subtype, w.line) for w in warnings] == [(d.UNKNOWN_KEY, 14)]
    assert "'level-order'" in warnings[0].message
    keys = sorted((i.line, i.message.split("`")[1].split(":")[0]) for i in infos)
    assert keys == [(1, "sitesection"), (7, "categoryname")]
    assert frontmatter_keys.KEYS["documentname"].read_as == "document"
    assert frontmatter_keys.KEYS["sitesection"].ignored
    assert "did you mean 'summary'" in frontmatter_keys.check("p", {"sumary": "x"}, {})[0][0].message


# ---------------------------------------------------------------------------
# built sites


def redirect_of(app, source: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / source).read_text(encoding="utf-8"), "html.parser")


def target_of(soup: BeautifulSoup) -> str:
    return soup.find("meta", attrs={"http-equiv": "refresh"})["content"].removeprefix("0; url=")


def test_every_claim_becomes_a_relative_redirect(tmp_path):
    app = build(copy_root("redirects", tmp_path))
    assert warnings_of(app) == ""
    expected = {
        "skills-api-overview.html": "admin/skills-api/index.html",
        "administration-skills-overview.html": "admin/skills-api/index.html",
        "old/nested/skills.html": "../../admin/skills-api/index.html",
        "old-skills/index.html": "../admin/skills-api/index.html",
        "administration-skills-appendix.html": "admin/skills-api/appendix.html",
        "skills-api-methods-get-all-skills.html": "admin/skills-api/methods/get-all-skills.html",
        "Skills API/get all.html": "../admin/skills-api/methods/get-all-skills.html",
    }
    for source, target in expected.items():
        soup = redirect_of(app, source)
        assert target_of(soup) == target, source
        assert soup.body.a["href"] == target  # for readers whose browser does not follow the refresh
        assert soup.find("link", rel="canonical")["href"] == target  # no html_baseurl: relative
        assert (Path(app.outdir) / os.path.dirname(source) / target).resolve().is_file(), source
    assert redirect_of(app, "skills-api-overview.html").title.text == "Moved: Skills API"
    written = {str(p.relative_to(app.outdir)) for p in Path(app.outdir).rglob("*.html")
               if redirects.is_redirect_page(p.read_text(encoding="utf-8"))}
    assert written == set(expected)


def test_canonical_link_is_absolute_with_a_base_url(tmp_path):
    app = build(copy_root("redirects", tmp_path), confoverrides={"html_baseurl": "https://dev.example/en/latest"})
    soup = redirect_of(app, "old/nested/skills.html")
    assert soup.find("link", rel="canonical")["href"] == "https://dev.example/en/latest/admin/skills-api/index.html"
    assert target_of(soup) == "../../admin/skills-api/index.html"  # the redirect itself stays relative


def test_dirhtml_targets_are_folders(tmp_path):
    app = build(copy_root("redirects", tmp_path), buildername="dirhtml")
    assert target_of(redirect_of(app, "old/nested/skills.html")) == "../../admin/skills-api/"
    assert target_of(redirect_of(app, "skills-api-overview.html")) == "admin/skills-api/"


def test_links_to_old_urls_go_straight_to_the_page(tmp_path):
    app = build(copy_root("redirects", tmp_path))
    links = [(a["href"], a.get_text()) for a in read_html(app, "guides/start/index").select("article a.reference")]
    assert links == [("../../admin/skills-api/index.html", "Skills API overview"),
                     ("../../admin/skills-api/appendix.html#entity", "entity"),
                     ("../../admin/skills-api/methods/get-all-skills.html", "Get all skills")]


def test_each_problem_is_a_typed_warning_at_its_line(tmp_path):
    app = build(copy_root("redirects-problems", tmp_path))
    warnings = warnings_of(app)
    a = str(Path(app.srcdir) / "admin/a/index.md")
    b = str(Path(app.srcdir) / "admin/b/index.md")
    conf = str(Path(app.srcdir) / "conf.py")
    expected = [
        (a, 4, None, None),  # taken.html is fine; b's claim is the duplicate
        (b, 3, "old URL 'taken.html' is claimed by 'admin/a/index' (line 4) and by 'admin/b/index'",
         d.REDIRECT_DUPLICATE),
        (a, 5, "old URL 'admin/b/index.html' is the address of page 'admin/b/index'", d.REDIRECT_SHADOWS_PAGE),
        (a, 6, "old URL 'admin/a/index.html' is this page's own address", d.REDIRECT_SHADOWS_PAGE),
        (a, 7, "'https://evil.example/old.html' is on another site", d.REDIRECT_EXTERNAL),
        (a, 8, "'../outside.html' leaves the site folder", d.REDIRECT_INVALID),
        (a, 9, "'page.php' must end in `.html` or `/`", d.REDIRECT_INVALID),
        (a, 10, "unknown front matter key 'redirct_from' (did you mean 'redirect_from'?)", d.UNKNOWN_KEY),
        (a, 11, "`permalink` must be one old URL, not 12", d.BAD_VALUE),
        (conf, 5, "redirect chain chain-a.html → chain-b.html → taken.html → admin/a/index", d.REDIRECT_CHAIN),
        (conf, 6, "redirect chain chain-b.html → taken.html → admin/a/index", d.REDIRECT_CHAIN),
        (conf, 7, "'loop-1.html' is part of a redirect loop: loop-1.html → loop-2.html → loop-1.html", d.REDIRECT_LOOP),
        (conf, 8, "'loop-2.html' is part of a redirect loop", d.REDIRECT_LOOP),
        (conf, 9, "'open.html' points to 'https://evil.example/phish' on another site", d.REDIRECT_EXTERNAL),
        (conf, 10, "'absolute.html' points to the absolute path '/en/latest/admin/a/index.html'", d.REDIRECT_EXTERNAL),
        (conf, 11, "'gone.html' points to '/admin/nope/index', which is no page", d.REDIRECT_UNKNOWN_TARGET),
    ]
    for path, line, text, subtype in expected:
        if text is None:
            assert not re.search(rf"{re.escape(path)}:{line}: WARNING", warnings)
            continue
        pattern = rf"{re.escape(path)}:{line}: WARNING: [^\n]*{re.escape(text)}[^\n]*\[portal\.{subtype}\]"
        assert re.search(pattern, warnings), (path, line, text)
    portal = [w for w in warnings.splitlines() if "[portal." in w]
    assert len(portal) == len(expected) - 1
    # an old URL nobody claims stays a broken link, said by MyST
    assert f"{b}:7: WARNING: 'myst' cross-reference target not found: 'never-claimed.html'" in warnings

    out = Path(app.outdir)
    redirected = sorted(str(p.relative_to(out)) for p in out.rglob("*.html")
                        if redirects.is_redirect_page(p.read_text(encoding="utf-8")))
    assert redirected == ["chain-a.html", "chain-b.html", "merged.html", "taken.html"]
    assert target_of(redirect_of(app, "chain-a.html")) == "admin/a/index.html"  # one hop
    assert target_of(redirect_of(app, "merged.html")) == "admin/b/index.html"
    assert read_html(app, "admin/b/index").h1.get_text().startswith("Document B")  # the shadowed page is intact
    assert not (out.parent / "outside.html").exists()


def test_a_subtype_can_be_silenced(tmp_path):
    app = build(copy_root("redirects-problems", tmp_path),
                confoverrides={"suppress_warnings": ["portal.redirect_loop"]})
    assert "redirect loop" not in warnings_of(app) and "redirect chain" in warnings_of(app)


# ---------------------------------------------------------------------------
# a page of the old site, moved as it is


def test_old_site_pages_build_unchanged_in_their_place(tmp_path):
    app = build(copy_root("redirects-oldsite", tmp_path))
    src = Path(app.srcdir)
    overview, method = src / "admin/skills-api/index.md", src / "admin/skills-api/methods/get-all-skills.md"
    warnings = sorted(re.findall(r"^(\S+?):(\d+): WARNING: .*\[portal\.(\w+)\]$", warnings_of(app), re.M))
    # only what the portal cannot take as it is, each by name: keys with no meaning here, the old site's
    # an overview without a summary, and a method page still written as tables
    assert warnings == sorted([
        (str(overview), "1", "missing_summary"),
        (str(overview), "9", "unknown_key"),
        (str(overview), "12", "unknown_key"),
        (str(method), "1", "method_parts"),
        (str(method), "1", "method_parts"),
    ])
    assert "'level-order'" in warnings_of(app) and "'root-link'" in warnings_of(app)
    assert "myst" not in warnings_of(app)  # headings, links and the image all work
    # categoryname: accepted, reported as info
    assert f"{overview}:5: front matter `categoryname: Contact Center Management` is accepted but not used" \
        in app.status.getvalue()

    page = read_html(app, "admin/skills-api/methods/get-all-skills")
    assert page.select_one("article h1").get_text().startswith("Get All Skills")  # from pagename
    assert [h.get_text().rstrip("#") for h in page.select("article h2")] == ["Request", "Response"]  # ### lifted
    crumbs = [li.get_text(strip=True) for li in page.select(".portal-breadcrumbs li")]
    assert crumbs == ["Portal", "Admin", "Skills API", "Methods", "Get All Skills"]
    assert page.select_one('a[href="../../../guides/retrieve-api-domains/index.html"]').get_text() == "{domain}"
    assert page.select_one('a[href="../appendix.html"]').get_text() == "Appendix"

    overview_html = read_html(app, "admin/skills-api/index")
    assert overview_html.select_one("article h1").get_text().startswith("Skills API")  # from documentname
    assert [h.get_text().rstrip("#") for h in overview_html.select("article h2")][:3] == [
        "Introduction", "Getting Started", "Use Cases for Skills API"]
    assert overview_html.select_one("article img")["src"] == "../../_images/skillsoverview.png"
    hrefs = {a.get_text(): a["href"] for a in overview_html.select("article a")}
    assert hrefs["Login Service API"] == "../../agent-interactions/login-service-api/index.html"
    assert hrefs["Follow the instructions"] == "../../guides/retrieve-api-keys/index.html"
    assert hrefs["Retry Policy and KeepAlive best practices"] == "../../guides/retry-policy/index.html"

    assert target_of(redirect_of(app, "skills-api-overview.html")) == "admin/skills-api/index.html"
    assert target_of(redirect_of(app, "skills-api-methods-get-all-skills.html")) == \
        "admin/skills-api/methods/get-all-skills.html"
    assert target_of(redirect_of(app, "administration-get-all-skills.html")) == \
        "admin/skills-api/methods/get-all-skills.html"


def test_title_insertion_keeps_line_numbers(tmp_path):
    src = copy_root("redirects-oldsite", tmp_path)
    path = src / "admin/skills-api/methods/get-all-skills.md"
    text = path.read_text()
    # a broken link on the last line: its warning must name the line the writer sees
    path.write_text(text + "\n[nowhere](nowhere-at-all.html)\n")
    last = len(path.read_text().splitlines())
    app = build(src)
    assert f"{path}:{last}: WARNING: 'myst' cross-reference target not found" in warnings_of(app)


# ---------------------------------------------------------------------------
# incremental and parallel builds


def site_files(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*"))
            if p.is_file() and (p.suffix == ".html" or p.name == "llms.txt")}


def drop_claim(src: Path) -> None:
    path = src / "admin/skills-api/index.md"
    write(path, path.read_text().replace("  - old/nested/skills.html\n", ""))


def move_claim(src: Path) -> None:
    path = src / "admin/skills-api/index.md"
    write(path, path.read_text().replace("permalink: skills-api-overview.html\n", ""))
    path = src / "admin/skills-api/appendix.md"
    write(path, path.read_text().replace("redirect_from:\n", "redirect_from:\n  - skills-api-overview.html\n"))


def claim_becomes_page(src: Path) -> None:
    drop_claim(src)
    write(src / "old/nested/skills.md", "---\norphan: true\n---\n# Now a real page\n\nText.\n")


def remove_claiming_page(src: Path) -> None:
    (src / "admin/skills-api/appendix.md").unlink()
    path = src / "admin/skills-api/methods/get-all-skills.md"
    write(path, path.read_text().replace(" See the [entity](administration-skills-appendix.html#entity).", ""))
    path = src / "guides/start/index.md"
    write(path, path.read_text().replace("its\n[entity](/administration-skills-appendix.html#entity)", "its entity"))


@pytest.mark.parametrize("edit", [drop_claim, move_claim, claim_becomes_page, remove_claiming_page])
def test_incremental_build_equals_clean_build(tmp_path, edit):
    incremental, clean = edit_then_build_both_ways("redirects", tmp_path, edit)
    assert warnings_of(incremental) == warnings_of(clean) == ""
    a, b = site_files(Path(incremental.outdir)), site_files(Path(clean.outdir))
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_removed_claim_leaves_no_stale_page_and_never_deletes_a_real_one(tmp_path):
    src = copy_root("redirects", tmp_path)
    out = Path(build(src).outdir)
    assert redirects.is_redirect_page((out / "old/nested/skills.html").read_text())
    claim_becomes_page(src)
    build(src)
    assert "Now a real page" in (out / "old/nested/skills.html").read_text()  # written by Sphinx, kept by us


def test_moved_claim_updates_links_on_unchanged_pages(tmp_path):
    src = copy_root("redirects", tmp_path)
    build(src)
    move_claim(src)
    app = build(src)
    link = read_html(app, "guides/start/index").select("article a.reference")[0]
    assert link["href"] == "../../admin/skills-api/appendix.html"


def test_parallel_build_equals_serial_build(tmp_path):
    serial = build(copy_root("redirects", tmp_path / "serial"), freshenv=True)
    parallel = build(copy_root("redirects", tmp_path / "parallel"), freshenv=True, parallel=2)
    assert warnings_of(parallel) == ""
    assert parallel.is_parallel_allowed("read") and parallel.is_parallel_allowed("write")
    a, b = site_files(Path(parallel.outdir)), site_files(Path(serial.outdir))
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


# ---------------------------------------------------------------------------
# old URLs that land on a part of a page


def test_an_old_url_lands_on_an_anchor_that_exists():
    claims, problems = redirects.claims_from_front_matter(
        "admin/a/index", {"redirect_from": ["a.html", {"part.html": "#part-two"}]}, {"redirect_from": 3})
    claims += redirects.claims_from_config({"conf.html": "/admin/a/index#part-two", "hop.html": "part.html"})[0]
    plan = redirects.plan(claims, PAGES, {"admin/a/index": {"part-two"}})
    assert problems == [] and plan.problems[0].subtype == d.REDIRECT_CHAIN  # hop.html: reported, written as one hop
    assert {s: r.target for s, r in plan.redirects.items()} == {
        "a.html": "admin/a/index", "part.html": "admin/a/index#part-two", "conf.html": "admin/a/index#part-two",
        "hop.html": "admin/a/index#part-two"}


def test_an_old_url_landing_on_a_missing_anchor_is_reported_and_lands_at_the_top():
    claims, _ = redirects.claims_from_front_matter("admin/a/index", {"redirect_from": [{"part.html": "#gone"}]},
                                                   {"redirect_from": 3}, lambda key, item: 5)
    plan = redirects.plan(claims, PAGES, {"admin/a/index": {"part-two"}})
    assert [(p.subtype, p.docname, p.line) for p in plan.problems] == [(d.REDIRECT_ANCHOR, "admin/a/index", 5)]
    assert "lands on #gone, which page 'admin/a/index' does not have" in plan.problems[0].message
    assert plan.redirects["part.html"].target == "admin/a/index"


def test_a_redirect_to_an_anchor_goes_there_whatever_the_old_fragment():
    html = redirects.render("a/b.html#part", "Title", "https://x/a/b.html")
    assert 'location.replace("a/b.html#part")' in html and "location.hash" not in html
    assert 'location.replace("a/b.html" + location.hash)' in redirects.render("a/b.html", "Title", "c")


@pytest.mark.parametrize("buildername, flows", [("html", "guides/start/flows.html"),
                                                ("dirhtml", "guides/start/flows/")])
def test_old_urls_land_on_the_heading_of_their_subject(tmp_path, buildername, flows):
    app = build(copy_root("builders", tmp_path), buildername=buildername)
    assert warnings_of(app) == ""
    assert target_of(redirect_of(app, "custom-dashboard.html")) == f"{flows}#dashboard-flow"  # conf.py
    assert target_of(redirect_of(app, "dashboards.html")) == f"{flows}#build-a-dashboard"  # front matter
    assert target_of(redirect_of(app, "flows.html")) == flows
    page = Path(app.outdir) / (flows + "index.html" if flows.endswith("/") else flows)
    ids = {tag["id"] for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("[id]")}
    assert {"dashboard-flow", "build-a-dashboard"} <= ids


def test_a_missing_anchor_is_a_typed_warning_at_its_line(tmp_path):
    src = copy_root("builders", tmp_path)
    page = src / "guides/start/flows.md"
    page.write_text(page.read_text().replace('"#build-a-dashboard"', '"#build-a-report"'), encoding="utf-8")
    app = build(src)
    assert (f"{page}:6: WARNING: old URL 'dashboards.html' lands on #build-a-report, which page "
            "'guides/start/flows' does not have") in warnings_of(app)
    assert "[portal.redirect_anchor]" in warnings_of(app)
    assert target_of(redirect_of(app, "dashboards.html")) == "guides/start/flows.html"
