extensions = ["devportal.navigation"]  # navigation + cards + generated pages, alone
html_theme = "pydata_sphinx_theme"
