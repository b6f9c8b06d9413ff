"""The safety net under every browser test: a page's console errors, exceptions and failed requests are caught."""

from __future__ import annotations

from .conftest import DESKTOP, PageWatch, goto


def test_the_page_watch_catches_what_goes_wrong(browser, portal):
    context = browser.new_context(base_url=portal.url, viewport=DESKTOP)
    try:
        watch = PageWatch(context)
        page = context.new_page()
        goto(page, "index.html")
        assert watch.problems == [], "the landing page itself has problems"
        page.evaluate("console.error('portal test: an error on purpose')")
        page.evaluate("setTimeout(() => { throw new Error('portal test: thrown on purpose'); })")
        page.evaluate("() => new Promise(done => { const s = document.createElement('script');"
                      " s.src = '_static/no-such-script.js'; s.onerror = done; document.head.append(s); })")
        page.wait_for_timeout(200)
    finally:
        context.close()
    found = "\n".join(watch.problems)
    assert "an error on purpose" in found
    assert "thrown on purpose" in found
    assert "HTTP 404" in found and "no-such-script.js" in found
