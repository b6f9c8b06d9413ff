"""Small in-page measurements the browser tests share (JavaScript run by Playwright)."""

from __future__ import annotations

#: defines window.__portal: colours, contrast and the effective background of an element
_LIB = r"""
() => {
  if (window.__portal) return;
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = ({r, g, b}) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a), a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let colour = {r: 255, g: 255, b: 255, a: 1};
    if (layers.length && layers[layers.length - 1].a >= 1) colour = layers.pop();
    while (layers.length) colour = over(layers.pop(), colour);
    return colour;
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const contrast = (el) => {
    const s = getComputedStyle(el);
    const bg = background(el);
    const fg = over(parse(s.color), bg);
    return ratio(fg, bg);
  };
  window.__portal = {parse, background, ratio, contrast, over};
}
"""


def install(page) -> None:
    page.evaluate(_LIB)


def contrast_report(page, selector: str) -> list[dict]:
    """Text contrast of every visible element matching *selector*: [{text, ratio, large}]."""
    install(page)
    return page.eval_on_selector_all(selector, r"""els => els.filter(e => e.offsetParent !== null
        && e.textContent.trim()).map(e => {
      const s = getComputedStyle(e);
      const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
      return {text: e.textContent.trim().slice(0, 40), ratio: window.__portal.contrast(e),
              large: size >= 24 || (bold && size >= 18.66)};
    })""")


def focus_ring(page) -> dict | None:
    """The focus indicator of the focused element (or its card): its width and contrast with the page."""
    install(page)
    return page.evaluate(r"""() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const P = window.__portal;
      const page = P.background(el.closest('.portal-card')?.parentElement || el.parentElement);
      const rings = [];
      const outline = (s, who) => {
        if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) {
          rings.push({who, width: parseFloat(s.outlineWidth),
                      ratio: P.ratio(P.over(P.parse(s.outlineColor), page), page)});
        }
      };
      const card = el.closest('.portal-card');
      outline(getComputedStyle(el), 'outline');
      outline(getComputedStyle(el, '::after'), 'outline of ::after');
      if (card) outline(getComputedStyle(card), 'outline of the card');
      for (const e of [el, card].filter(Boolean)) {
        const shadow = getComputedStyle(e).boxShadow;
        if (shadow && shadow !== 'none') {
          // a ring is a shadow with no offset or blur and a spread: "rgb(...) 0px 0px 0px 3px"
          for (const m of shadow.matchAll(/(rgba?\([^)]*\))\s+0px\s+0px\s+0px\s+(\d+(?:\.\d+)?)px/g)) {
            if (parseFloat(m[2]) >= 2) {
              rings.push({who: 'box-shadow', width: parseFloat(m[2]),
                          ratio: P.ratio(P.over(P.parse(m[1]), page), page)});
            }
          }
        }
      }
      return {tag: el.tagName, href: el.getAttribute('href'), rings};
    }""")
