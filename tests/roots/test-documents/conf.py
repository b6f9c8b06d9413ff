extensions = ["devportal.navigation"]  # navigation + generated lists, alone
html_theme = "pydata_sphinx_theme"
