extensions = ["devportal.prose"]
exclude_patterns = ["_build"]
portal_prose_exclude = ["writers/*"]
suppress_warnings = ["toc.not_included"]  # the fixture has no toctree; only prose matters
