/*! kefu search: the help center's search engine in the browser, as an ES module.
 *
 *   import { open } from "https://help.example.com/kefu/search.js";
 *   const searcher = open("zh-CN");             // loads the engine and index on first use
 *                                               // (a locale the site lacks: the closest, or its default)
 *   const hits = await searcher.search("退款");  // [{ url, title, summary, section, snippet, relaxed }]
 *
 * `url` is absolute; `snippet` is a list of [text, matched] pairs; `section` is the
 * heading that matched best, or null. The engine (kefu_search_wasm_bg.wasm) is kefu's own
 * Rust engine, the one `kefu search` runs; it asks for the index shards a query needs,
 * which are fetched once, gunzipped here and kept. The help center's search page and the
 * widget both search through this module.
 */
import init, { Index } from "./kefu_search_wasm.js";

const here = new URL("./", import.meta.url);
const site = new URL("../", here);
const searchers = new Map();

/** The searcher of `locale`'s index; one per locale and page. */
export function open(locale) {
  if (!searchers.has(locale)) searchers.set(locale, new Searcher(locale));
  return searchers.get(locale);
}

class Searcher {
  constructor(locale) {
    this.locale = locale;
    this.root = null;
    this.loading = null;
    this.shards = new Map();
    this.added = new Set();
  }

  /** The index, opened once; after a failure the next call tries again. */
  load() {
    if (!this.loading) {
      // init() loads the wasm once, and again after a failure.
      const engine = init({ module_or_path: new URL("kefu_search_wasm_bg.wasm", here) });
      this.loading = Promise.all([engine, this.fetchRoot()]).then(
        ([, root]) => new Index(root),
        (err) => { this.loading = null; throw err; },
      );
    }
    return this.loading;
  }

  /** The root of the locale's index, or of the site's locale closest to it. */
  async fetchRoot() {
    const response = await fetch(new URL("locales.json", here));
    if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
    const { locales, default: fallback } = await response.json();
    this.root = new URL(`index-${closest(this.locale, locales, fallback)}.bin`, here);
    return fetchIndexFile(this.root);
  }

  /** The locale's home page, absolute (its contact page is `contact/` there). */
  async home() {
    return new URL((await this.load()).home(), site).href;
  }

  /** The best `limit` results for `query`. */
  async search(query, limit = 8) {
    const index = await this.load();
    for (;;) {
      const answer = index.search(query, limit);
      if (answer.hits) {
        for (const hit of answer.hits) hit.url = new URL(hit.url, site).href;
        return answer.hits;
      }
      if (answer.needs.some((file) => this.added.has(file))) {
        throw new Error(`kefu: the search index shards do not fit ${this.root}; rebuild the site`);
      }
      await Promise.all(answer.needs.map((file) => this.shard(index, file)));
    }
  }

  /** Fetches and adds a shard once; after a failure the next query tries again. */
  shard(index, file) {
    if (!this.shards.has(file)) {
      const pending = fetchIndexFile(new URL(file, here)).then(
        (bytes) => { index.add(file, bytes); this.added.add(file); },
        (err) => { this.shards.delete(file); throw err; },
      );
      this.shards.set(file, pending);
    }
    return this.shards.get(file);
  }
}

/** Of the site's `locales`, the one for a visitor's `locale`: the same, the same language, or `fallback`. */
function closest(locale, locales, fallback) {
  const language = (tag) => tag.toLowerCase().split(/[-_]/)[0];
  return locales.find((l) => l.toLowerCase() === locale.toLowerCase())
    || locales.find((l) => language(l) === language(locale))
    || fallback;
}

/** An index file's bytes: stored gzipped (so every host sends them small), gunzipped here. */
async function fetchIndexFile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Live results on the help center's search page: what is typed in `input` is searched
 * as it changes and shown in `results`, whose data attributes carry the page's words
 * (`data-loading`, `data-failed`, `data-none`, `data-found` with `{n}`). When nothing
 * matches, the page's `[data-kefu-search-contact]` (the way to the contact page) shows.
 */
export function mountPage(results, input, locale) {
  const words = results.dataset;
  const status = element("p", "search-status");
  status.setAttribute("role", "status");
  const list = element("ul", "article-list");
  results.replaceChildren(status, list);
  const contact = document.querySelector("[data-kefu-search-contact]");
  const searcher = open(locale);
  let latest = 0;
  let ready = false;
  let addressTimer = 0;

  async function update() {
    const query = input.value.trim();
    const mine = ++latest;
    if (contact) contact.hidden = true;
    // The address follows the box, so that reloading, going back or sharing keeps it:
    // once typing pauses, out of the way of the results (and of Chromium's limit on
    // history calls).
    clearTimeout(addressTimer);
    addressTimer = setTimeout(() => {
      const address = new URL(location.href);
      if (query) address.searchParams.set("q", query);
      else address.searchParams.delete("q");
      history.replaceState(history.state, "", address);
    }, 300);
    if (!query) {
      status.textContent = "";
      list.replaceChildren();
      return;
    }
    if (!ready) status.textContent = words.loading || "";
    try {
      const hits = await searcher.search(query);
      if (mine !== latest) return;
      ready = true;
      list.replaceChildren(...hits.map(item));
      status.textContent = hits.length ? (words.found || "{n}").replace("{n}", hits.length) : words.none || "";
      if (contact) contact.hidden = hits.length > 0;
    } catch (err) {
      console.warn("kefu: search index:", err);
      if (mine === latest) status.textContent = words.failed || "";
    }
  }
  input.addEventListener("input", update);
  // Whoever focuses the box is about to type: load the engine and the index now.
  input.addEventListener("focus", () => searcher.load().catch(() => {}), { once: true });
  update();
}

function item(hit) {
  const link = element("a");
  link.href = hit.url;
  link.textContent = hit.section ? `${hit.title} › ${hit.section}` : hit.title;
  const extract = element("p");
  extract.append(...hit.snippet.map(([text, matched]) => {
    if (!matched) return text;
    const mark = element("mark");
    mark.textContent = text;
    return mark;
  }));
  const li = element("li");
  li.append(link, extract);
  return li;
}

function element(name, className) {
  const node = document.createElement(name);
  if (className) node.className = className;
  return node;
}
