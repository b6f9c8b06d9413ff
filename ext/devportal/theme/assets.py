"""The portal's HTML theme, ``html_theme = "devportal"``: light pages on Sphinx's ``basic`` theme.

Chosen by measurement over pydata-sphinx-theme and Furo (see benchmarks/README.md): pydata sends about
320 KB compressed for a cold view (369 KB of CSS, an icon font and its JavaScript, Bootstrap); the portal's
own navigation already draws the tabs, sidebar and breadcrumbs, so this theme only lays them out, and a
cold view costs about 25 KB.

What it adds to Sphinx's ``basic``:

- ``layout.html``: header (logo, section tabs, the search template, colour-mode switch), sidebar, article
  with breadcrumbs, "On this page", previous/next, edit link and date; a phone menu (drawer). Icons are
  inline SVG. Scripts load at the end of the body; an inline script in ``<head>`` sets the colour mode
  before the first paint.
- One stylesheet and one small script (``static/``), with print styles. Sphinx adds ``?v=<checksum>``
  to every stylesheet and script, so browsers may keep them for a year.
- Code colours for both schemes in one stylesheet (:func:`write_pygments_css`), instead of Sphinx's
  single-scheme ``pygments.css``.
- The favicon's URL is versioned too (:func:`_hash_favicon`).
- Each page loads only what it uses (:func:`page_assets`): sphinx-design's CSS where there are cards,
  the copy button where there is code, the method styles where there are methods.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from pathlib import Path

from sphinx.application import Sphinx

from ..build.config import user_set

THEME = "devportal"
THEME_DIR = Path(__file__).parent / THEME
PYGMENTS_CSS = "portal-pygments.css"
#: (light, dark) code styles from accessible-pygments: WCAG AA contrast on their own backgrounds
PYGMENTS_STYLES = ("a11y-high-contrast-light", "a11y-high-contrast-dark")

_SD_CLASS = re.compile(r'class="(?:[^"]* )?sd-')
_CODE = 'class="highlight'


def active(app: Sphinx) -> bool:
    return app.config.html_theme == THEME and getattr(app.builder, "format", "") == "html"


def pygments_css() -> str:
    """Code colours for both schemes, each under its ``html[data-theme]``."""
    from pygments.formatters import HtmlFormatter

    out = []
    for scheme, style in zip(("light", "dark"), PYGMENTS_STYLES, strict=True):
        formatter = HtmlFormatter(style=style)
        out.append(formatter.get_style_defs(f'html[data-theme="{scheme}"] .highlight'))
    return "\n".join(out) + "\n"


def write_pygments_css(app: Sphinx) -> None:
    """Write the two-scheme code stylesheet into the output's ``_static`` (only when it changes).

    Written directly rather than through ``html_static_path``: a path added there at this point would be
    stored with the environment and make the next build see a changed configuration.
    """
    if not active(app):
        return
    folder = Path(app.outdir) / "_static"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PYGMENTS_CSS
    text = pygments_css()
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    app.add_css_file(PYGMENTS_CSS, priority=200)
    app.add_js_file("devportal.js", priority=900)


def needs(pagename: str, body: str) -> dict[str, bool]:
    """Which optional assets a page's body uses."""
    search = pagename == "search"
    code = _CODE in body
    return {
        "code": code,
        "cards": bool(_SD_CLASS.search(body)),
        "tabs": "sd-tab-set" in body,
        "api": "portal-api" in body or "portal-method" in body,
        "search": search,
        "options": code or search,  # DOCUMENTATION_OPTIONS: read by the copy button and the search page
    }


#: asset file name -> what a page must use to load it (files not listed always load)
CONDITIONAL = {
    "pygments.css": None,  # replaced by PYGMENTS_CSS
    "portal.css": None,  # the theme's stylesheet holds the portal's styles
    PYGMENTS_CSS: "code",
    "copybutton.css": "code",
    "clipboard.min.js": "code",
    "copybutton.js": "code",
    "sphinx-design.min.css": "cards",
    "design-tabs.js": "tabs",
    "api.css": "api",
    "documentation_options.js": "options",
    "doctools.js": "search",
    "sphinx_highlight.js": "search",
}


def page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Leave out the stylesheets and scripts a page does not use; give pages without one a description."""
    if not active(app):
        return
    used = needs(pagename, context.get("body") or "")

    def keep(asset) -> bool:
        name = Path(str(getattr(asset, "filename", asset) or "")).name
        if name not in CONDITIONAL:
            return True
        need = CONDITIONAL[name]
        return need is not None and used[need]

    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if keep(asset)]  # a new list: the builder reuses its own
    _hash_favicon(app, context)


def _hash_favicon(app: Sphinx, context: dict) -> None:
    """``favicon.svg?v=<crc32>`` like Sphinx's stylesheets and scripts: without it, every page view asks for
    the icon again (an unversioned URL cannot be cached for long)."""
    url = context.get("favicon_url") or ""
    if not url or "://" in url or "?" in url:
        return
    path = Path(app.outdir, "_static", Path(url).name)
    try:
        stat = path.stat()
        context["favicon_url"] = f"{url}?v={_crc32(str(path), stat.st_mtime_ns, stat.st_size)}"
    except OSError:
        pass  # not copied (yet): the plain URL still works


@lru_cache(maxsize=8)
def _crc32(path: str, mtime_ns: int, size: int) -> str:
    """The icon's checksum, read once per build (each page only looks at the file's time and size)."""
    return f"{zlib.crc32(Path(path).read_bytes()):08x}"


def configure(app: Sphinx, config) -> None:
    """Heading links show "#", which readers of developer sites know, unless conf.py chose a symbol.

    pydata-sphinx-theme appends its components folder to Sphinx's default ``templates_path`` list in
    place, so after one pydata build in a process (tests, sphinx-autobuild) its ``search-button-field.html``
    would shadow the portal's: under this theme that folder is left out.
    """
    if config.html_theme != THEME:
        return
    if not user_set(config, "html_permalinks_icon"):
        config.html_permalinks_icon = "#"
    paths = [p for p in config.templates_path if "pydata_sphinx_theme" not in str(p)]
    if paths != list(config.templates_path):
        config.templates_path = paths


def setup_assets(app: Sphinx) -> None:
    app.add_html_theme(THEME, str(THEME_DIR))
    app.connect("config-inited", configure)
    app.connect("builder-inited", write_pygments_css)
    app.connect("html-page-context", page_assets, priority=900)  # after every extension added its files
