extensions = ["devportal.navigation"]
html_theme = "devportal"
