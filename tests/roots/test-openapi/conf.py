extensions = ["devportal"]
html_theme = "devportal"
exclude_patterns = ["_build", "_handwritten"]
