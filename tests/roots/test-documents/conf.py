extensions = ["devportal.landing"]  # navigation + generated lists, alone
html_theme = "pydata_sphinx_theme"
