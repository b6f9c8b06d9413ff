extensions = ["devportal.navigation"]  # navigation + cards + generated pages, alone
html_theme = "devportal"
