// The in-browser half of `cargo xtask bench tickets`: the sample help center (built with
// its tickets sent to `job.desk`, a help desk this script runs on 127.0.0.1) and a shop's
// page embedding the widget, in Debian's Chromium, a fresh visitor each run. It answers:
//   - form: bytes and ms from Kefu("navigate", "ticket") in an open panel to the form shown
//     (the ticket module: what the form adds beyond the first open);
//   - queued: ms from pressing Send to `kefu:ticket-queued` (stored, shown as queued);
//   - online: ms from the browser coming back online to the help desk holding the ticket;
//   - reload: ms from loading a page while a ticket waits (the help desk back) to the
//     help desk holding it, the panel never opened.
//
//   node xtask/bench/tickets.mjs JOB.json    prints one JSON line with the results
// A job (xtask/src/bench_tickets.rs): { "site", "chromium", "runs", "desk" (its port) }.
import http from "node:http";
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, serve, networkIdle } from "./static.mjs";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const received = new Map(); // key -> ms (performance clock of this script) it arrived
const desk = http.createServer((req, res) => {
  const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Content-Type, Idempotency-Key" };
  if (req.method == "OPTIONS") return res.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "POST" }).end();
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const key = req.headers["idempotency-key"] || JSON.parse(body).key;
    if (!received.has(key)) received.set(key, performance.now());
    res.writeHead(201, { ...cors, "Content-Type": "application/json" }).end(JSON.stringify({ reference: "B-1" }));
  });
});
const deskUp = () => new Promise((r) => desk.listen(job.desk, "127.0.0.1", r));
const deskDown = () => { desk.closeAllConnections(); return new Promise((r) => desk.close(r)); };

async function until(ok, what, timeout = 60_000) {
  const end = Date.now() + timeout;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const { server, base, sent } = await serve(job.site);
await deskUp();
const browser = await chromium.launch({ executablePath: job.chromium, headless: true, args: CHROMIUM_ARGS });
const version = browser.version();
const results = [];

/** A fresh visitor on the shop's page with the panel open; resolves to { context, page }. */
async function visitor() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error(`pageerror: ${err.message}`));
  await page.goto(`${base}/__bench/shop.html`);
  await page.waitForFunction(() => window.Kefu?.loaded);
  await page.evaluate(() => new Promise((resolve) => { Kefu("once", "ready", resolve); Kefu("open"); }));
  await networkIdle(sent, 300);
  return { context, page };
}

/** Opens the ticket form; resolves to the ms it took. */
const openForm = (page) => page.evaluate(() => new Promise((resolve) => {
  const root = document.querySelector(".kefu-host").shadowRoot;
  const start = performance.now();
  (function shown() {
    if (root.querySelector(".kefu-ticket-form")) resolve(performance.now() - start);
    else requestAnimationFrame(shown);
  })();
  Kefu("navigate", "ticket", { topic: "account" });
}));

/** Fills the form and presses Send; resolves to the ms until ticket-queued, and the key. */
async function send(page, text) {
  await page.locator("#kefu-field-email").fill("bench@example.com");
  await page.locator("#kefu-field-description").fill(text);
  return page.evaluate(() => new Promise((resolve) => {
    const root = document.querySelector(".kefu-host").shadowRoot;
    const start = performance.now();
    addEventListener("kefu:ticket-queued", (e) => resolve({ ms: performance.now() - start, key: e.detail.key }), { once: true });
    root.querySelector(".kefu-ticket-form button[type=submit]").click();
  }));
}

try {
  for (let run = 0; run < job.runs; run++) {
    // The form, then one ticket sent at once.
    let { context, page } = await visitor();
    const before = sent.length;
    const formMs = await openForm(page);
    await networkIdle(sent, 300);
    const form = sent.slice(before);
    const queued = await send(page, `Since yesterday the code never comes, but email codes do (run ${run}).`);
    await until(() => received.has(queued.key), "the ticket");

    // Offline, then online.
    await page.locator(".kefu-link-button", { hasText: "Write another ticket" }).click();
    await context.setOffline(true);
    const offline = await send(page, `Offline since this morning, but the app still opens (run ${run}).`);
    await page.locator(".kefu-ticket-state p", { hasText: "no connection" }).waitFor();
    const back = performance.now();
    await context.setOffline(false);
    await until(() => received.has(offline.key), "the ticket sent once online");
    const online = received.get(offline.key) - back;

    // The help desk away; the visitor leaves; a page loads once it is back.
    await deskDown();
    await page.locator(".kefu-link-button", { hasText: "Write another ticket" }).click();
    const waiting = await send(page, `Yesterday the refund was due, but nothing came (run ${run}).`);
    await page.locator(".kefu-ticket-state p", { hasText: "no connection" }).waitFor();
    await page.close();
    await deskUp();
    page = await context.newPage();
    const loaded = performance.now();
    await page.goto(`${base}/__bench/shop.html`);
    await until(() => received.has(waiting.key), "the waiting ticket after a reload");
    const reload = received.get(waiting.key) - loaded;
    await context.close();
    results.push({ form, formMs, queued: queued.ms, online, reload });
  }
} finally {
  await browser.close();
  server.close();
  desk.close();
}
console.log(JSON.stringify({ chromium: version, results }));
