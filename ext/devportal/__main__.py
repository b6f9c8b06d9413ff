"""``python -m devportal``: the writers' tools (see :mod:`devportal.writers.cli`)."""

from .writers.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
