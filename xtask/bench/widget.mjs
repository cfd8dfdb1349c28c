// The in-browser half of `cargo xtask bench widget`: serves a built site on 127.0.0.1,
// gzipping what a host would gzip, and opens the widget on a blank page of a shop in
// Debian's Chromium, with a cold cache each time.
//
//   node xtask/bench/widget.mjs JOB.json    prints one JSON line with the results
//
// A job (written by xtask/src/bench_widget.rs): { "site", "chromium", "runs", "throttles": [1, 4] }.
// For each throttle and run it answers, from the click on the launcher:
//   - interactive: ms until the app is mounted (`kefu:ready`) and its search box has focus;
//   - bytes: every response until then, by URL, as sent (gzip where the server gzips);
//   - warm: bytes fetched after that until the network is idle (the engine, warmed up for
//     the first keystroke), counted apart;
//   - search: ms from typing a query to its results shown, and the index bytes it fetched.
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
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
};
/** What a host compresses (index files are gzipped at rest and sent as they are). */
const COMPRESSED = new Set([".html", ".js", ".css", ".json", ".wasm", ".svg"]);
const TIMEOUT_MS = 30_000;

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const sent = []; // { path, bytes } in the order the server answered

const SHOP = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<link rel="icon" href="data:,"><script async src="/kefu/kefu.js" data-preload="click"></script></head>
<body><h1>A shop</h1></body></html>`;

const GZIPPED = new Map();

function serve(dir) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let body;
    let type;
    if (url.pathname === "/__bench/shop.html") {
      body = Buffer.from(SHOP);
      type = TYPES[".html"];
    } else {
      let path = normalize(join(dir, decodeURIComponent(url.pathname)));
      if (!path.startsWith(dir)) path = join(dir, "404.html");
      if (url.pathname.endsWith("/")) path = join(path, "index.html");
      try {
        body = await readFile(path);
      } catch {
        res.writeHead(404);
        res.end();
        return;
      }
      type = TYPES[extname(path)] ?? "application/octet-stream";
      if (COMPRESSED.has(extname(path)) && /gzip/.test(req.headers["accept-encoding"] || "")) {
        // Compressed once, as a host serves precompressed files: gzip -9 of the app's
        // wasm on every request would be timed as the widget's.
        if (!GZIPPED.has(path)) GZIPPED.set(path, gzipSync(body, { level: 9 }));
        body = GZIPPED.get(path);
        res.setHeader("content-encoding", "gzip");
      }
    }
    sent.push({ path: url.pathname, bytes: body.length });
    res.writeHead(200, { "content-type": type, "cache-control": "max-age=3600" });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Resolves once no request has been answered for `quiet` ms. */
async function networkIdle(quiet = 500) {
  let seen = -1;
  while (seen !== sent.length) {
    seen = sent.length;
    await new Promise((r) => setTimeout(r, quiet));
  }
}

const server = await serve(job.site);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: job.chromium, headless: true, args: CHROMIUM_ARGS });
const version = browser.version();
const results = [];
try {
  for (const throttle of job.throttles) {
    for (let run = 0; run < job.runs; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems = [];
      page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
      page.on("console", (msg) => { if (msg.type() === "error" || msg.type() === "warning") problems.push(msg.text()); });
      if (throttle > 1) {
        const cdp = await context.newCDPSession(page);
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
      }
      sent.length = 0;
      await page.goto(`${base}/__bench/shop.html`);
      await page.waitForFunction(() => window.Kefu && window.Kefu.loaded);
      await networkIdle(200);
      const loader = sent.find((s) => s.path === "/kefu/kefu.js")?.bytes ?? 0;
      const before = sent.length;
      const interactive = await page.evaluate((timeout) => new Promise((resolve, reject) => {
        const root = document.querySelector(".kefu-host").shadowRoot;
        const start = performance.now();
        setTimeout(() => reject(new Error("the panel did not become interactive")), timeout);
        window.addEventListener("kefu:ready", function focused() {
          if (root.activeElement?.id === "kefu-q") resolve(performance.now() - start);
          else requestAnimationFrame(focused);
        }, { once: true });
        root.querySelector(".kefu-launcher").click();
      }), TIMEOUT_MS);
      const open = sent.slice(before);
      await networkIdle();
      const warm = sent.slice(before + open.length);
      const beforeSearch = sent.length;
      const search = await page.evaluate((timeout) => new Promise((resolve, reject) => {
        const root = document.querySelector(".kefu-host").shadowRoot;
        const input = root.getElementById("kefu-q");
        const start = performance.now();
        setTimeout(() => reject(new Error("no results")), timeout);
        (function shown() {
          if (root.querySelector(".kefu-results a")) resolve(performance.now() - start);
          else requestAnimationFrame(shown);
        })();
        input.value = "refund policy";
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }), TIMEOUT_MS);
      await networkIdle(200);
      const index = sent.slice(beforeSearch);
      if (problems.length) throw new Error(`the widget complained:\n${problems.join("\n")}`);
      results.push({ throttle, loader, interactive, open, warm, search, index });
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify({ chromium: version, results }));
