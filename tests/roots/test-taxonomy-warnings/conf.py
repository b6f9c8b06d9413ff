extensions = ["devportal.landing"]  # navigation + cards + generated pages, alone
html_theme = "devportal"
