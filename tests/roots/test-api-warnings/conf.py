extensions = ["devportal"]
html_theme = "pydata_sphinx_theme"
# This fixture writes about the portal itself; the prose rules have their own fixture (test-prose).
portal_prose_exclude = ["*"]
