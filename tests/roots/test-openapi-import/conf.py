extensions = ["devportal"]
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build", "specs"]
