"""Hypothesis profiles for the fuzz suites, and the count of generated inputs.

``make test`` runs the default profile (a few dozen inputs per property); ``make fuzz`` sets
``HYPOTHESIS_PROFILE=deep`` (each property's own budget, see ``strategies.examples``). Both print how many
inputs each property ran. Failing examples Hypothesis finds are kept in ``.hypothesis/`` (not in git) and
replayed first; each one fixed is also written into its test as an explicit ``@example``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from .strategies import COUNTS

_RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture, HealthCheck.large_base_example]

# no per-example deadline: the machine is shared, and timing is what benchmarks/ measures, not tests
settings.register_profile("default", max_examples=40, deadline=None, suppress_health_check=_RELAXED,
                          print_blob=True)
settings.register_profile("deep", max_examples=2000, deadline=None, suppress_health_check=_RELAXED,
                          print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_terminal_summary(terminalreporter):
    if not COUNTS:
        return
    total = sum(COUNTS.values())
    terminalreporter.section("fuzz: generated inputs")
    for name, n in sorted(COUNTS.items()):
        terminalreporter.write_line(f"{name:<40} {n:>8,}")
    terminalreporter.write_line(f"{'total':<40} {total:>8,}")
