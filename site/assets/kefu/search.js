/*! kefu search: the help center's search engine in the browser, as an ES module.
 *
 *   import { open } from "https://help.example.com/kefu/search.js";
 *   const searcher = open("zh-CN");             // loads the engine and index on first use
 *                                               // (a locale the site lacks: the closest, or its default)
 *   const hits = await searcher.search("退款");  // [{ url, title, summary, section, snippet, relaxed, weak }]
 *   if (noGoodAnswer(hits)) { ... }             // offer the contact page first
 *
 * `url` is absolute; `snippet` is a list of [text, matched] pairs; `section` is the
 * heading that matched best, or null; `weak` is true for a hit that rests on weak
 * evidence (only question words, lone Chinese characters, or too little of what the
 * query asks): when the first is weak, the engine has no good answer. The engine
 * (kefu_search_wasm_bg.wasm, or the widget's app, which links it) is kefu's own Rust
 * engine, the one `kefu search` runs; it asks for the index shards a query needs,
 * which are fetched once, gunzipped here and kept. The widget and the help center's
 * search boxes (search-ui.js) all search through this module.
 */
const here = new URL("./", import.meta.url);
const site = new URL("../", here);
const searchers = new Map();

// The engine's Index class: from its own module (kefu_search_wasm), loaded on first use
// and again after a failure, unless the widget's app, which links the same engine, gave
// its own first (useEngine).
let engine = null;
const loadEngine = () =>
  (engine ||= import("./kefu_search_wasm.js")
    .then((m) => m.default({ module_or_path: new URL("kefu_search_wasm_bg.wasm", here) }).then(() => m.Index))
    .catch((err) => { engine = null; throw err; }));

/** Searches with `Index` (an initialised module's class) unless an engine is loading or loaded. */
export function useEngine(Index) {
  engine ||= Promise.resolve(Index);
}

/** Whether `hits` hold no good answer: none, or a first one resting on weak evidence. */
export function noGoodAnswer(hits) {
  return hits.length === 0 || Boolean(hits[0].weak);
}

/** The searcher of `locale`'s index; one per locale and page. */
export function open(locale) {
  if (!searchers.has(locale)) searchers.set(locale, new Searcher(locale));
  return searchers.get(locale);
}

class Searcher {
  constructor(locale) {
    this.locale = locale;
    this.loading = null;
    this.shards = new Map();
  }

  /** The index, opened once; after a failure the next call tries again. */
  load() {
    if (!this.loading) {
      this.loading = Promise.all([loadEngine(), this.fetchRoot()]).then(
        ([Index, root]) => new Index(root),
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
    return fetchFile(new URL(`index-${closest(this.locale, locales, fallback)}.bin`, here));
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
      await Promise.all(answer.needs.map((file) => this.shard(index, file)));
    }
  }

  /** Fetches and adds a shard once (the engine refuses one that is not its own, so it
   *  never asks twice); after a failure the next query tries again. */
  shard(index, file) {
    if (!this.shards.has(file)) {
      const pending = fetchFile(new URL(file, here)).then(
        (bytes) => index.add(file, bytes),
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

/** A file of the index or the widget's data: its bytes, stored gzipped (so that every
 *  host sends them small) and gunzipped here. */
export async function fetchFile(url) {
  return unpack(await fetch(url));
}

/** The bytes of a fetched file of the index or the widget's data (see fetchFile). */
export async function unpack(response) {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
