extensions = ["devportal.navigation"]  # navigation + generated lists, alone
html_theme = "devportal"
