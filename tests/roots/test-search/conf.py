extensions = ["devportal"]
html_theme = "pydata_sphinx_theme"
