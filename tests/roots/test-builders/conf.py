project = "Example Portal"
author = "Example authors"
extensions = ["devportal"]
html_theme = "pydata_sphinx_theme"
html_baseurl = "https://developers.example.com/en/latest/"
nitpicky = True
portal_redirects = {
    "custom-dashboard.html": "/guides/start/flows#dashboard-flow",
    "old-endpoints.html": "/guides/all-endpoints/index",
}
