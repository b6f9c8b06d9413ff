extensions = ["devportal"]
html_theme = "devportal"
