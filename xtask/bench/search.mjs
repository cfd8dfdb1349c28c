// The in-browser half of `cargo xtask bench search` and `cargo xtask bench relevance`:
// serves a built site on 127.0.0.1 and drives Debian's Chromium through playwright-core
// (which never downloads a browser of its own).
//
//   node xtask/bench/search.mjs JOB.json      prints one JSON line with the results
//
// A job (written by xtask/src/bench_search.rs) names the site folder and what to run:
//   { "site", "chromium", "tasks": [ ...tasks ] }, each task one of
//   { "kind": "kefu-latency", "page": "/search/", "queries": [...], "rounds": N }
//       the real search page: type each query in #search-q and time, in the page, from
//       the `input` event to the `.search-status` line announcing the results
//   { "kind": "kefu-engine", "page": "/search/", "lang": "en", "queries": [...], "rounds": N, "throttle": 1 }
//       kefu's engine alone, as the widget and the search page call it: time
//       `search.js`'s search(q, 8) until its results are ready, no rendering; with
//       "throttle": 4, on a CPU four times slower (Chromium's emulation of a phone)
//   { "kind": "pagefind-cold", "lang": "en", "queries": [...], "top": 5 }
//       a fresh browser context per query: import Pagefind, search, load the top
//       results' data; every response's body size
//   { "kind": "pagefind-latency", "lang": "en", "queries": [...], "rounds": N, "top": 5 }
//       one page, warm: time search() alone and search() plus the top results' data()
//   { "kind": "pagefind-ranks", "lang": "en", "queries": [...], "top": 10 }
//       the URLs of the top results of each query
// Each task's answer goes, in order, into the printed { "results": [...] }.
import http from "node:http";
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
// kefu serve's policy (crates/kefu/src/serve.rs): both engines run under it. Cross-origin
// isolation on top gives performance.now() 5 µs resolution instead of 100 µs.
const HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  "cache-control": "max-age=3600",
};
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
};
/** How long one query may take before the run is declared stuck. */
const TIMEOUT_MS = 30_000;

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
let base;    // http://127.0.0.1:PORT, once serving
let browser; // Chromium, once launched

/** Serves `dir` on 127.0.0.1 (any free port), plus a blank page `/__bench/blank.html?lang=L`. */
function serve(dir) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (url.pathname === "/__bench/blank.html") {
      const lang = (url.searchParams.get("lang") || "en").replace(/[^A-Za-z-]/g, "");
      res.writeHead(200, { ...HEADERS, "content-type": TYPES[".html"] });
      res.end(`<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,"></head><body></body></html>`);
      return;
    }
    let path = normalize(join(dir, decodeURIComponent(url.pathname)));
    if (!path.startsWith(dir)) path = join(dir, "404.html");
    if (url.pathname.endsWith("/")) path = join(path, "index.html");
    try {
      const body = await readFile(path);
      res.writeHead(200, { ...HEADERS, "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, HEADERS);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** A fresh context (empty cache) whose page may only reach our server. */
async function freshPage() {
  const context = await browser.newContext();
  await context.route((url) => !url.href.startsWith(base), (route) => route.abort());
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.text().startsWith("kefu:")) problems.push(`console: ${msg.text()}`);
  });
  return { context, page, problems };
}

const TASKS = {
  /** Warm latency on kefu's search page; the first round loads the shards and is not counted. */
  async "kefu-latency"(task) {
    const { context, page, problems } = await freshPage();
    await page.goto(base + task.page);
    await page.locator("#kefu-search-results .search-status").waitFor({ state: "attached", timeout: TIMEOUT_MS });
    const ms = [];
    const statuses = {};
    for (let round = 0; round <= task.rounds; round++) {
      for (const q of task.queries) {
        const { took, status } = await page.evaluate(timeKefuQuery, { q, timeout: TIMEOUT_MS });
        if (round > 0) ms.push(took);
        statuses[q] = status;
      }
      if (problems.length) throw new Error(`kefu's search page failed:\n${problems.join("\n")}`);
    }
    await context.close();
    return { ms, statuses };
  },

  /** Warm latency of kefu's engine alone; the first round loads the shards and is not counted. */
  async "kefu-engine"(task) {
    const { context, page, problems } = await freshPage();
    if (task.throttle > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: task.throttle });
    }
    await page.goto(base + task.page);
    const ms = await page.evaluate(async ({ lang, queries, rounds }) => {
      const { open } = await import("/kefu/search.js");
      const searcher = open(lang);
      const ms = [];
      for (let round = 0; round <= rounds; round++) {
        for (const q of queries) {
          const start = performance.now();
          await searcher.search(q, 8);
          if (round > 0) ms.push(performance.now() - start);
        }
      }
      return ms;
    }, task);
    if (problems.length) throw new Error(`kefu's engine failed:\n${problems.join("\n")}`);
    await context.close();
    return { ms };
  },

  /** Bytes Pagefind downloads for a first query, by a new visitor each time. */
  async "pagefind-cold"(task) {
    const runs = [];
    for (const q of task.queries) {
      const { context, page, problems } = await freshPage();
      await page.goto(`${base}/__bench/blank.html?lang=${task.lang}`);
      const bodies = [];
      context.on("response", (response) => bodies.push(sizeOf(response)));
      const found = await page.evaluate(pagefindQuery, { q, top: task.top, urlsOnly: true });
      // Responses from Pagefind's worker may be reported a moment after the page has them.
      await page.waitForTimeout(100);
      const files = (await Promise.all(bodies)).filter(Boolean);
      if (problems.length) throw new Error(`Pagefind failed on ${JSON.stringify(q)}:\n${problems.join("\n")}`);
      runs.push({ query: q, results: found.total, files });
      await context.close();
    }
    return { runs };
  },

  /** Warm Pagefind latency in one page; the first round loads the chunks and is not counted. */
  async "pagefind-latency"(task) {
    const { context, page } = await freshPage();
    await page.goto(`${base}/__bench/blank.html?lang=${task.lang}`);
    const searchMs = [];
    const withDataMs = [];
    for (let round = 0; round <= task.rounds; round++) {
      for (const q of task.queries) {
        const t = await page.evaluate(pagefindQuery, { q, top: task.top, urlsOnly: false });
        if (round > 0) {
          searchMs.push(t.searchMs);
          withDataMs.push(t.totalMs);
        }
      }
    }
    await context.close();
    return { searchMs, withDataMs };
  },

  /** The top result URLs of each query, for recall and MRR. */
  async "pagefind-ranks"(task) {
    const { context, page, problems } = await freshPage();
    await page.goto(`${base}/__bench/blank.html?lang=${task.lang}`);
    const urls = [];
    for (const q of task.queries) urls.push((await page.evaluate(pagefindQuery, { q, top: task.top, urlsOnly: true })).urls);
    if (problems.length) throw new Error(`Pagefind failed:\n${problems.join("\n")}`);
    await context.close();
    return { urls };
  },
};

/** The path, body size and gzip -9 size of a response from our server, or null. */
async function sizeOf(response) {
  const url = response.url();
  if (!url.startsWith(base) || url.includes("/__bench/") || response.status() !== 200) return null;
  const body = await response.body();
  return { path: url.slice(base.length).split("?")[0], raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
}

/** In the page: types `q` into kefu's search box and resolves with the milliseconds from
 *  the `input` event to the status line's final text (not empty, not "loading…"). */
function timeKefuQuery({ q, timeout }) {
  const input = document.getElementById("search-q");
  const results = document.getElementById("kefu-search-results");
  const status = () => results.querySelector(".search-status")?.textContent ?? "";
  const type = (value) => {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const until = (done) =>
    new Promise((resolve, reject) => {
      if (done()) return resolve(performance.now());
      const timer = setTimeout(() => reject(new Error(`no answer for ${JSON.stringify(q)}: status ${JSON.stringify(status())}`)), timeout);
      const observer = new MutationObserver(() => {
        if (!done()) return;
        const at = performance.now();
        observer.disconnect();
        clearTimeout(timer);
        resolve(at);
      });
      observer.observe(results, { subtree: true, childList: true, characterData: true });
    });
  // Clear first, so the next answer always changes the status line, even to the same text.
  const cleared = input.value === "" ? Promise.resolve() : (type(""), until(() => status() === ""));
  return cleared.then(() => {
    const answered = until(() => status() !== "" && !status().endsWith("…"));
    const start = performance.now();
    type(q);
    return answered.then((end) => ({ took: end - start, status: status() }));
  });
}

/** In the page: Pagefind's search for `q` and the data of its `top` results. */
async function pagefindQuery({ q, top, urlsOnly }) {
  window.pagefind ??= await import("/pagefind/pagefind.js");
  const start = performance.now();
  const search = await window.pagefind.search(q);
  const searched = performance.now();
  const data = await Promise.all(search.results.slice(0, top).map((r) => r.data()));
  const end = performance.now();
  const urls = data.map((d) => d.url);
  return urlsOnly ? { urls, total: search.results.length } : { searchMs: searched - start, totalMs: end - start };
}

/** Runs the job's tasks in order and prints their answers as one JSON line. */
async function main() {
  const server = await serve(job.site);
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: job.chromium, headless: true, args: CHROMIUM_ARGS });
  try {
    const results = [];
    for (const task of job.tasks) {
      const started = Date.now();
      results.push(await TASKS[task.kind](task));
      const took = ((Date.now() - started) / 1000).toFixed(1);
      console.error(`bench: ${task.kind} ${task.lang ?? task.page}: ${task.queries.length} queries in ${took} s`);
    }
    console.log(JSON.stringify({ results, userAgent: `Chromium ${browser.version()}` }));
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
