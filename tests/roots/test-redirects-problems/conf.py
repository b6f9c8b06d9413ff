extensions = ["devportal"]
html_theme = "devportal"
portal_redirects = {
    "merged.html": "/admin/b/index",  # fine: a docname
    "chain-a.html": "chain-b.html",  # chain-a -> chain-b -> taken.html -> admin/a/index
    "chain-b.html": "taken.html",
    "loop-1.html": "loop-2.html",
    "loop-2.html": "loop-1.html",
    "open.html": "https://evil.example/phish",
    "absolute.html": "/en/latest/admin/a/index.html",
    "gone.html": "/admin/nope/index",
}
