"""The portal's model and its checks, without Sphinx.

Everything here is plain Python, unit-tested without a build: it reads what
writers write (front matter, ``sections.yaml``, API method blocks, OpenAPI
documents, old-URL claims) and returns data plus :class:`~devportal.core.diagnostics.Problem`
objects with file and line. The capability packages translate between this
and Sphinx.
"""
