project = "Example Portal"
extensions = ["devportal"]
html_theme = "devportal"
