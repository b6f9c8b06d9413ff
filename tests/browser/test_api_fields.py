"""Field tables at desktop and phone width: no identifier breaks inside a word, descriptions get the room,
nested fields expand all at once, field links copy themselves. Screenshots go to build/screenshots/."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, SCREENSHOTS

PAGES = ["admin/users-api/methods/update-user.html", "agent-interactions/login-service-api/methods/user-login.html",
         "data/messaging-interactions-api/methods/conversations.html", "admin/skills-api/methods/create-skills.html"]
NARROW = {"width": 390, "height": 844}

#: every line box of every word of every name: a word on two lines means it broke inside
WORDS_ON_TWO_LINES = """() => {
  const broken = [];
  for (const name of document.querySelectorAll('code.portal-api-name')) {
    if (!name.getClientRects().length) continue;  // inside a closed <details>
    for (const word of name.querySelectorAll('span.pre')) {
      const range = document.createRange();
      range.selectNodeContents(word);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(name.textContent + ' at ' + word.textContent);
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["1280px", "390px"])
@pytest.mark.parametrize("path", PAGES)
def test_no_identifier_breaks_inside_a_word(open_page, portal, path, viewport):
    if not portal.exists(path):
        pytest.skip(f"content gap: {path} was not built")
    page = open_page(path, viewport=viewport)
    page.evaluate("() => document.querySelectorAll('details.portal-api-nested').forEach(d => d.open = true)")
    names = page.evaluate("() => document.querySelectorAll('code.portal-api-name').length")
    assert names > 0
    assert page.evaluate(WORDS_ON_TWO_LINES) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = path.removesuffix(".html").replace("/", "-")
    # the first field table of the request, then of the response: what the check above measured
    for part in ("request", "response"):
        table = page.locator(f"div.portal-api-{part} .portal-api-table-wrapper:has(table.portal-api-fields)").first
        if table.count():
            table.screenshot(path=SCREENSHOTS / f"api-fields-{slug}-{part}-{viewport['width']}.png")


def test_descriptions_get_most_of_the_width_at_1280(open_page, portal):
    path = "admin/users-api/methods/update-user.html"
    if not portal.exists(path):
        pytest.skip(f"content gap: {path} was not built")
    page = open_page(path, viewport=DESKTOP)
    shares = page.evaluate("""() => [...document.querySelectorAll('.portal-api-request table.portal-api-fields')]
        .map(t => { const row = t.querySelector('tbody > tr'); const total = t.getBoundingClientRect().width;
                    return [...row.children].map(td => [td.className, td.getBoundingClientRect().width / total]); })""")
    assert shares
    for row in shares:
        widths = dict(row)
        description = next(v for k, v in widths.items() if "description" in k)
        assert description >= 0.45 and description == max(widths.values()), widths


def test_expand_all_opens_every_nested_group(open_page, portal):
    path = "agent-interactions/login-service-api/methods/user-login.html"
    if not portal.exists(path):
        pytest.skip(f"content gap: {path} was not built")
    page = open_page(path, viewport=DESKTOP)
    button = page.locator("button.portal-api-expand").first
    if not button.count():
        pytest.skip("no field below the second level on this page")
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert page.evaluate("() => [...document.querySelectorAll('.portal-api-response details.portal-api-nested')]"
                         ".every(d => d.open)")
    assert button.get_attribute("aria-expanded") == "true"


def test_field_link_is_copied(open_page, portal):
    path = "admin/users-api/methods/update-user.html"
    if not portal.exists(path):
        pytest.skip(f"content gap: {path} was not built")
    page = open_page(path, viewport=DESKTOP, permissions=("clipboard-read", "clipboard-write"))
    link = page.locator("a.portal-api-fieldlink").first
    href = link.get_attribute("href")
    link.focus()
    link.click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.endswith("/admin/users-api/methods/update-user.html" + href)
    assert page.evaluate("() => window.location.hash") == href


def test_the_chosen_sample_language_is_kept_on_other_pages(open_page, portal):
    first, second = "admin/users-api/methods/update-user.html", "admin/skills-api/methods/create-skills.html"
    if not (portal.exists(first) and portal.exists(second)):
        pytest.skip("content gap: method pages not built")
    page = open_page(first, viewport=DESKTOP)
    page.locator(".portal-api-samples label.sd-tab-label[data-sync-id='python']").first.click()
    page.goto(second, wait_until="load")
    checked = page.evaluate("""() => { const input = document.querySelector('.portal-api-samples input:checked');
        return input && input.nextElementSibling.dataset.syncId; }""")
    assert checked == "python"
    code = page.locator(".portal-api-samples .sd-tab-content:visible pre").first.inner_text()
    assert code.startswith("import os")
