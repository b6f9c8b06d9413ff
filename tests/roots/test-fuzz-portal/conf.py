# A small portal for the whole-build fuzz property (tests/fuzz/test_fuzz_build.py): one page of each kind
# of input (front matter, cards, hand-written and OpenAPI-filled method blocks, old URLs), and one spec.
extensions = ["devportal"]
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build"]
portal_redirects = {"old-start.html": "/guides/retrieve-api-domains/index"}
