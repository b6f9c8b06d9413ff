extensions = ["devportal.navigation"]
html_theme = "pydata_sphinx_theme"
