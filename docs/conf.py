"""Sphinx configuration of the LivePerson developer portal."""

project = "LivePerson Developers"
author = "LivePerson developer portal contributors"
copyright = "2026, LivePerson developer portal contributors"

extensions = ["devportal"]

root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

html_theme = "pydata_sphinx_theme"
html_title = "LivePerson Developers"
html_context = {"default_mode": "auto"}  # follow the reader's colour scheme (unset, the theme logs an error per page)
html_theme_options = {
    "logo": {"text": "LivePerson Developers"},
}

myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3
