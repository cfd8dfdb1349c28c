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
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, serve, networkIdle as idle } from "./static.mjs";

const TIMEOUT_MS = 30_000;
const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const networkIdle = (quiet) => idle(sent, quiet);

const { server, base, sent } = await serve(job.site);
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
