/* Search dialog and results page (devportal.search), loaded by portal-search.js when the reader starts to search.

   The engine is Pagefind (its chunked index in _pagefind/, fetched word by word). On top of it: a word Pagefind
   does not know is corrected to the most frequent indexed word one edit away (Pagefind has no typo tolerance);
   a query whose words are never all on one page falls back to pages with most of its words; "quoted phrases"
   must appear as written. Results link to the heading or field where the words matched. */

let root = "";
let engine = null;
let ranking = { pageLength: 0.4, termFrequency: 0.8, termSaturation: 1.2 };
const words = new Map();

/** *base*: the site root's URL; *tuning*: Pagefind ranking options (benchmarks try others). */
export function init(base, tuning) { root = base; if (tuning) ranking = tuning; }

const esc = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function pagefind() {
  engine ??= import(new URL("_pagefind/pagefind.js", root).href).then(async (pf) => {
    // no worker: one file (12 KB) less on the first query; a search over a few chunks is quick on the page itself
    await pf.options({ excerptLength: 22, ranking, noWorker: true });
    pf.init();
    return pf;
  });
  return engine;
}

// -- typo tolerance -----------------------------------------------------------------------------------------

async function wordList(letter) {
  if (!/^[a-z]$/.test(letter)) return [];
  if (!words.has(letter)) {
    words.set(letter, fetch(new URL(`_pagefind/portal-words/${letter}.json`, root))
      .then((r) => (r.ok ? r.json() : [])).catch(() => []));
  }
  return words.get(letter);
}

/** One insertion, deletion, substitution or swap of neighbours turns a into b. */
function oneEdit(a, b) {
  if (a === b) return true;
  const la = a.length, lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;  // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);  // swap
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The word itself when the index knows it (or words it starts), else the nearest known word one edit away. */
async function corrected(word) {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return word;
  const lists = await Promise.all([wordList(word[0]), wordList(word[1])]);
  if (lists[0].some((w) => w.startsWith(word))) return word;
  for (const list of lists) {
    const near = list.find((w) => oneEdit(word, w));  // lists are most frequent first
    if (near) return near;
  }
  return word;
}

// -- querying ------------------------------------------------------------------------------------------------

// words that say nothing about which page answers: left out when all the words together find too little
const STOP = new Set("a an and are as at be by can do does for from how i in is it my of on or the this to what when where which who why with you your need want".split(" "));

function parse(query) {
  const phrases = [...query.matchAll(/"([^"]+)"/g)].map((m) => norm(m[1])).filter(Boolean);
  const terms = norm(query).split(" ").filter(Boolean);
  const path = (query.match(/(?:^|\s)(\/[^\s"]+)/) || [])[1]?.toLowerCase().replace(/\/+$/, "") || "";
  return { phrases, terms, path };
}
const norm = (text) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
const near = (a, b) => a === b || (a.length >= 4 && b.startsWith(a)) || (b.length >= 4 && a.startsWith(b));

/** "log out" also as "logout": a pair of query words the index knows as one word. */
async function joined(terms) {
  for (let i = 0; i + 1 < terms.length; i++) {
    const word = terms[i] + terms[i + 1];
    if (word.length >= 5 && (await wordList(word[0])).includes(word)) {
      return [...terms.slice(0, i), word, ...terms.slice(i + 2)];
    }
  }
  return null;
}

/** How well a result answers the query beyond Pagefind's score: a title that is exactly the query's words
    (the reader named the page), a title holding more of them, a method path ending with the typed path. */
function boost(item, terms, path) {
  const meta = item.data.meta || {};
  const title = norm(meta.title || "").split(" ").filter((w) => w && !STOP.has(w));
  const wanted = terms.filter((t) => !STOP.has(t));
  const covered = wanted.filter((t) => title.some((w) => near(t, w))).length / (wanted.length || 1);
  item.exact = title.length > 0 && title.every((w) => wanted.includes(w) || w === "api")
    && wanted.every((t) => title.includes(t) || t === "api");
  let factor = 1 + covered;
  const route = (meta.path || "").toLowerCase().replace(/\/+$/, "");
  if (path && route) {
    const typed = path.replace(/\{[^}]*\}/g, "{}");
    const known = route.replace(/\{[^}]*\}/g, "{}");
    if (known.endsWith(typed)) factor += 3;
    else if (known.includes(typed)) factor += 1;
  }
  return item.score * factor;
}

/** Results for *query*, best first: [{data, score, matched}], data loaded for at most *limit*. */
export async function search(query, limit = 10) {
  const { phrases, terms, path } = parse(query);
  if (!terms.length) return [];
  const pf = await pagefind();
  const fixed = await Promise.all(terms.map(corrected));
  const ranked = new Map();
  const take = (results, matched) => {
    for (const r of results) {
      if (!ranked.has(r.id)) ranked.set(r.id, { result: r, matched, score: r.score });
    }
  };
  take((await pf.search(fixed.join(" "))).results, terms.length);
  const compound = await joined(fixed);
  if (compound) take((await pf.search(compound.join(" "))).results, terms.length);
  const content = (compound || fixed).filter((t) => !STOP.has(t));
  if (ranked.size < limit && content.length && content.length < (compound || fixed).length) {
    take((await pf.search(content.join(" "))).results, terms.length - 1);
  }
  if (ranked.size < limit && content.length > 1) {
    // all words count: pages with most of the words follow the pages with all of them
    const each = await Promise.all(content.map((t) => pf.search(t)));
    const partial = new Map();
    each.forEach((found, i) => {
      for (const r of found.results) {
        const seen = partial.get(r.id) ?? { result: r, matched: 0, score: 0 };
        seen.matched += 1;
        seen.score += r.score;
        partial.set(r.id, seen);
      }
    });
    for (const p of [...partial.values()].sort((a, b) => b.matched - a.matched || b.score - a.score)) {
      if (!ranked.has(p.result.id)) ranked.set(p.result.id, { result: p.result, matched: p.matched, score: p.score });
    }
  }
  // the best of each group (by words matched) is re-ranked on what its title and path say
  const list = [...ranked.values()].sort((a, b) => b.matched - a.matched || b.score - a.score);
  // each candidate costs its fragment (~1-2 KB gz): twelve is what the title re-ranking needs to see
  const head = list.slice(0, Math.max(limit, 12));
  await Promise.all(head.map(async (item) => { item.data = await item.result.data(); }));
  for (const item of head) item.score = boost(item, fixed, path);
  head.sort((a, b) => b.matched - a.matched || b.exact - a.exact || b.score - a.score);
  const out = [];
  for (const item of head) {
    if (out.length >= limit) break;
    if (phrases.length) {
      const text = ` ${norm(item.data.content)} `;
      if (!phrases.every((p) => text.includes(` ${p} `))) continue;
    }
    out.push(item);
  }
  return out;
}

/** Where a result should land: the heading (or field) that names a query word, else the part of the page
    where the words weigh most, else the page itself. */
function landing(data, terms) {
  let best = null;
  let bestWeight = 0;
  for (const sub of data.sub_results || []) {
    if (!sub.url.includes("#")) continue;
    const named = norm(sub.title || "").split(" ").some((w) => terms.some((t) => near(t, w)));
    const weight = (named ? 1e9 : 0) + (sub.weighted_locations || []).reduce((sum, l) => sum + (l.weight || 1), 0);
    if (weight > bestWeight) { best = sub; bestWeight = weight; }
  }
  const top = (data.sub_results || []).find((sub) => !sub.url.includes("#"));
  const topWeight = top ? (top.weighted_locations || []).reduce((sum, l) => sum + (l.weight || 1), 0) : 0;
  return best && (bestWeight >= 1e9 || bestWeight > topWeight) ? best : null;
}

function href(url) {
  return new URL(url.replace(/^\//, ""), root).href;
}

function renderItem(item, id, terms) {
  const data = item.data;
  const meta = data.meta || {};
  const sub = landing(data, terms);
  const trail = [meta.trail, sub && sub.title !== meta.title ? sub.title : ""].filter(Boolean).join(" › ");
  const method = meta.method
    ? `<span class="portal-search-api"><span class="portal-method portal-method-${esc(meta.method.toLowerCase())}">`
      + `${esc(meta.method)}</span> ${esc(meta.path || "")}</span>` : "";
  const excerpt = (sub ? sub.excerpt : data.excerpt) || "";
  // Pagefind's excerpts are escaped text with <mark> around matches: keep only those tags
  const snippet = excerpt.replace(/<(?!\/?mark>)[^>]*>/g, "");
  // in the dialog each link is itself an option of the listbox (an option may hold nothing interactive)
  return `<li${id ? ' role="none"' : ""}>`
    + `<a href="${esc(href(sub ? sub.url : data.url))}"${id ? ` id="${id}" role="option" aria-selected="false" tabindex="-1"` : ""}>`
    + `<span class="portal-search-title">${esc(meta.title || data.url)}</span>`
    + (trail ? `<span class="portal-search-trail">${esc(trail)}</span>` : "")
    + method + (snippet ? `<span class="portal-search-snippet">${snippet}</span>` : "")
    + "</a></li>";
}

// -- the dialog ----------------------------------------------------------------------------------------------

let dialog = null;
let opener = null;  // what had focus when search opened: it gets focus back

function buildDialog() {
  dialog = document.createElement("dialog");
  dialog.className = "portal-search-dialog";
  dialog.setAttribute("aria-label", "Search");
  dialog.innerHTML = `
    <form class="portal-search-form" role="search" action="${esc(new URL("search.html", root).href)}" method="get">
      <input class="portal-search-input" id="portal-search-input" name="q" type="search" autocomplete="off"
        spellcheck="false" role="combobox" aria-autocomplete="list" aria-expanded="false"
        aria-controls="portal-search-listbox" aria-label="Search the documentation" placeholder="Search">
      <button type="button" class="portal-search-close">Close</button>
    </form>
    <p class="portal-search-status" id="portal-search-status" role="status" aria-live="polite"></p>
    <ul class="portal-search-results" id="portal-search-listbox" role="listbox" aria-label="Results"></ul>`;
  document.body.append(dialog);
  const input = dialog.querySelector("input");
  const list = dialog.querySelector("ul");
  const status = dialog.querySelector("p");
  let active = -1;
  let latest = 0;
  const options = () => [...list.querySelectorAll("[role=option]")];
  const select = (index) => {
    const all = options();
    all.forEach((o, i) => o.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0 && all[index]) {
      input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };
  const update = async () => {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) { list.innerHTML = ""; status.textContent = ""; input.setAttribute("aria-expanded", "false"); select(-1); return; }
    const results = await search(query, 8);
    if (ticket !== latest) return;  // a later keystroke won
    const terms = parse(query).terms;
    list.innerHTML = results.map((r, i) => renderItem(r, `portal-search-option-${i}`, terms)).join("");
    input.setAttribute("aria-expanded", String(results.length > 0));
    status.textContent = results.length ? `${results.length} result${results.length > 1 ? "s" : ""}`
      : `No results for “${query}”`;
    select(results.length ? 0 : -1);
  };
  input.addEventListener("input", update);
  input.addEventListener("keydown", (event) => {
    const count = options().length;
    if (event.key === "ArrowDown" && count) { event.preventDefault(); select((active + 1) % count); }
    else if (event.key === "ArrowUp" && count) { event.preventDefault(); select((active - 1 + count) % count); }
    else if (event.key === "Enter") {
      const link = active >= 0 ? options()[active] : null;
      if (link) { event.preventDefault(); close(); location.href = link.href; }
    }
  });
  list.addEventListener("mousemove", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) select(options().indexOf(option));
  });
  list.addEventListener("click", (event) => { if (event.target.closest("a")) close(); });
  dialog.querySelector(".portal-search-close").addEventListener("click", close);
  dialog.addEventListener("click", (event) => { if (event.target === dialog) close(); });  // the backdrop
  dialog.addEventListener("close", () => opener?.focus());
}

function close() { if (dialog?.open) dialog.close(); }

export function open(query) {
  if (!dialog) buildDialog();
  const input = dialog.querySelector("input");
  if (!dialog.open) {
    opener = document.activeElement;
    dialog.showModal();
  }
  if (query !== undefined) { input.value = query; input.dispatchEvent(new Event("input")); }
  input.focus();
  input.select();
  pagefind();  // start loading while the reader types
}

// -- search.html?q=… -----------------------------------------------------------------------------------------

export async function resultsPage(container) {
  const query = new URLSearchParams(location.search).get("q") || "";
  container.innerHTML = `
    <form class="portal-search-form" role="search" method="get" action="">
      <input class="portal-search-input" name="q" type="search" aria-label="Search the documentation"
        value="${esc(query)}" autocomplete="off" spellcheck="false">
      <button type="submit" class="portal-search-close">Search</button>
    </form>
    <p class="portal-search-status" role="status" aria-live="polite"></p>
    <ul class="portal-search-results"></ul>`;
  const status = container.querySelector("p");
  if (!query.trim()) return;
  status.textContent = "Searching…";
  const results = await search(query, 30);
  const terms = parse(query).terms;
  container.querySelector("ul").innerHTML = results.map((r) => renderItem(r, "", terms)).join("");
  status.textContent = results.length ? `${results.length} result${results.length > 1 ? "s" : ""} for “${query}”`
    : `No results for “${query}”`;
}
