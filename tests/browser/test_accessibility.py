"""axe-core, injected into the portal's kinds of page in both colour schemes, finds no violations."""

from __future__ import annotations

import pytest

from .portal import ROLES
from .tools import require_axe

#: rules switched off, each with the reason it is a false positive here. Keep it empty where possible.
DISABLED_RULES: dict[str, str] = {}


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:8]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_source() -> str:
    return require_axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("role", ROLES)
def test_axe_finds_no_violations(open_page, portal, axe_source, role, scheme):
    path = portal.page_for(role)
    page = open_page(path, scheme=scheme)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "async (rules) => await axe.run(document, {resultTypes: ['violations'], rules})",
        {rule: {"enabled": False} for rule in DISABLED_RULES},
    )
    assert not result["violations"], f"axe on {path} ({scheme}):\n{describe(result['violations'])}"
