"""What the writer's conf.py (or ``-D``) set, as distinct from a default the portal may choose instead."""

from __future__ import annotations

from sphinx.config import Config


def user_set(config: Config, name: str) -> bool:
    """Whether conf.py or ``-D`` gave *name* (defaults only fill what the user left out).

    Sphinx has no public "set by conf.py" test: a value equal to the default may still be the user's
    choice, and the public ``config.values`` only know defaults. ``Config._raw_config`` is conf.py's
    namespace as read. Checked against Sphinx 9.0; tests/test_upstream.py fails when it goes.
    """
    return name in config.overrides or name in getattr(config, "_raw_config", {})
