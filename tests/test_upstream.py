"""The private surfaces of other packages the code relies on, each checked where it is used.

Every use in ``ext/`` says why no public API does and which version it was checked against. These
tests fail, with a message naming the use, as soon as an upgrade changes one of them.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import sphinx_sitemap
from docutils.parsers.rst import Directive
from docutils.parsers.rst import directives as rst_directives
from docutils.parsers.rst import roles as rst_roles
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.util.docutils import docutils_namespace, register_directive, register_role

from devportal.build.config import user_set
from devportal.search.bundle import prune_stale, run_pagefind
from devportal.writers import reference

from .conftest import build


def test_config_keeps_the_values_conf_py_set():
    """build.config.user_set (hosting, books, theme): ``Config._raw_config`` is conf.py's namespace."""
    config = Config({"html_baseurl": "https://x/", "sitemap_url_scheme": "{link}"}, {"language": "de"})
    assert user_set(config, "sitemap_url_scheme"), "Config._raw_config no longer holds conf.py's values"
    assert user_set(config, "language")  # -D overrides, public
    assert not user_set(config, "html_theme")


def test_docutils_keeps_registered_directives_and_roles_in_module_dicts():
    """writers.reference lists our directives and roles from ``directives._directives`` / ``roles._roles``."""

    class Probe(Directive):
        """A probe."""

    def probe_role(name, rawtext, text, lineno, inliner, options=None, content=None):
        return [], []

    with docutils_namespace():
        register_directive("upstream-probe", Probe)
        register_role("upstream-probe", probe_role)
        directives = getattr(rst_directives, "_directives", None)
        roles = getattr(rst_roles, "_roles", None)
        assert isinstance(directives, dict), "docutils.parsers.rst.directives._directives is gone"
        assert isinstance(roles, dict), "docutils.parsers.rst.roles._roles is gone"
        assert directives.get("upstream-probe") is Probe
        assert roles.get("upstream-probe") is probe_role
    assert "upstream-probe" not in reference.rst_directives._directives  # type: ignore[attr-defined]


def test_reading_in_parallel_follows_sphinx_parallel_after_env_before_read_docs():
    """build.speed.ReadMode lowers ``Sphinx.parallel`` at env-before-read-docs to read serially."""
    source = inspect.getsource(Builder.read)
    event = source.find("'env-before-read-docs'")
    decision = source.find("self._app.parallel > 1")
    assert event != -1 and decision != -1, "Builder.read no longer decides parallel reading from Sphinx.parallel"
    assert event < decision, "Builder.read decides parallel reading before env-before-read-docs"


def _project(tmp_path: Path, extensions: list[str], index: str, **conf: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    lines = [f"extensions = {extensions!r}"] + [f"{key} = {value!r}" for key, value in conf.items()]
    (src / "conf.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (src / "index.rst").write_text(index, encoding="utf-8")
    return src


def test_httpdomain_files_a_route_as_docname_synopsis_deprecated(tmp_path):
    """api.methods.file_into_httpdomain writes httpdomain's registry entries itself."""
    src = _project(tmp_path, ["sphinxcontrib.httpdomain"], "Users\n=====\n\n.. http:get:: /users\n   :synopsis: All\n")
    app = build(src)
    entry = app.env.domaindata["http"]["get"]["/users"]
    assert isinstance(entry, tuple) and len(entry) == 3, "httpdomain's route entries changed shape"
    assert entry[0] == "index" and entry[1] == "All" and entry[2] is False


def test_sitemap_collects_links_in_a_queue_on_the_application(tmp_path):
    """hosting.features.complete_sitemap reads and refills ``app.sitemap_links``; env._app for post-transforms."""
    assert list(inspect.signature(sphinx_sitemap.add_html_link).parameters) == [
        "app", "pagename", "templatename", "context", "doctree"], "sphinx_sitemap.add_html_link changed"
    src = _project(tmp_path, ["sphinx_sitemap"], "Home\n====\n", html_baseurl="https://x/")
    app = build(src)
    links = getattr(app, "sitemap_links", None)
    assert links is not None and hasattr(links, "get_nowait") and hasattr(links, "put"), \
        "sphinx-sitemap no longer keeps its links in app.sitemap_links"
    # hosting.oldurls.ResolveOldLinks reaches the builder as Sphinx's own post-transforms do
    assert getattr(app.env, "_app", None) is app, "BuildEnvironment._app is gone"



def test_pagefind_names_fragments_by_content_keeps_existing_files_and_lists_them_in_its_meta(tmp_path):
    """search.bundle.prune_stale: Pagefind (checked: 1.5.2) leaves a file that exists alone, names fragments by
    their content, and its ``.pf_meta`` names every fragment in use as a short CBOR text."""
    site, bundle = tmp_path / "site", tmp_path / "bundle"
    site.mkdir()
    for name, word in (("a", "aardvark"), ("b", "bumblebee")):
        (site / f"{name}.html").write_text(f"<html><body data-pagefind-body><p>{word}</p></body></html>")
    run_pagefind(site, bundle)
    first = {p.name for p in (bundle / "fragment").iterdir()}
    assert len(first) == 2, "Pagefind no longer writes one fragment per page"
    assert prune_stale(bundle) == 0, "Pagefind's .pf_meta no longer names its fragments as prune_stale reads them"
    (site / "b.html").write_text("<html><body data-pagefind-body><p>capybara</p></body></html>")
    run_pagefind(site, bundle)  # in place, as every build after the first
    second = {p.name for p in (bundle / "fragment").iterdir()}
    assert len(second - first) == 1 and len(second) == 3, "Pagefind no longer keeps earlier files in place"
    assert prune_stale(bundle) >= 2  # b's old fragment, and the old metadata
    assert len(list((bundle / "fragment").iterdir())) == 2
    assert len(list(bundle.glob("pagefind.*.pf_meta"))) == 1
