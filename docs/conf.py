"""Sphinx configuration of the LivePerson developer portal."""

project = "LivePerson Developers"
author = "LivePerson developer portal contributors"
copyright = "2026, LivePerson developer portal contributors"

extensions = ["devportal"]

root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

html_theme = "pydata_sphinx_theme"
html_title = "LivePerson Developers"
html_context = {"default_mode": "auto"}  # follow the reader's colour scheme (unset, the theme logs an error per page)
html_theme_options = {
    "logo": {"text": "LivePerson Developers"},
}

myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3

# Hosting (devportal.hosting.features). Read the Docs runs its own sphinx-build command (.readthedocs.yaml): with
# fail_on_warning it passes -W --keep-going, and nitpicky here stands for make's -n, so both builds are the same.
nitpicky = True
# html_baseurl (canonical links, sitemap.xml, OpenGraph, the 404 page's paths) comes from Read the Docs'
# READTHEDOCS_CANONICAL_URL; set it here when the portal is served elsewhere. "Edit this page" links use
# Read the Docs' clone URL and branch, or portal_repository_url / portal_repository_branch when set here.

# Former addresses of pages that moved or were merged: {old URL: the page that now holds the content}.
portal_redirects = {
    "guides/contributing/index.html": "/contributing/adding-pages/index",
    "guides/contributing/writers-tools.html": "/contributing/writers-tools/index",
    "guides/contributing/api-methods.html": "/contributing/api-methods/index",
    "guides/contributing/reference.html": "/contributing/reference/index",
}

# Prose rules (devportal.prose): the defaults come from devportal.core.prose; set a value here to change them,
# e.g. portal_prose_names = [["ac-revision", "eTag"], ["accountId", "siteId"]]. The writers' section is not
# reader-facing, so it is not checked.
portal_prose_exclude = ["contributing/*"]
portal_redirects.update({
    # the iOS and Android editions of each SDK became one document with a section per platform
    "consumer-experience/ios-sdk/index.html": "/consumer-experience/in-app-messaging-sdk/index",
    "consumer-experience/android-sdk/index.html": "/consumer-experience/in-app-messaging-sdk/index",
    "consumer-experience/voice-video-ios/index.html": "/consumer-experience/voice-video-sdk/index",
    "consumer-experience/voice-video-android/index.html": "/consumer-experience/voice-video-sdk/index",
})
