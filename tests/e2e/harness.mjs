// Shared by the end-to-end tests: build the sample site with the real `kefu` binary,
// serve it with `kefu serve` on 127.0.0.1, and drive Debian's Chromium through
// playwright-core (which never downloads a browser of its own).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

export const REPO = resolve(import.meta.dirname, "../..");
export const KEFU = process.env.KEFU_BIN || join(REPO, "target/debug/kefu");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** Builds `root` into a temp folder and serves it; returns { url, stop }. */
export async function serveSite(root = REPO) {
  const dir = mkdtempSync(join(tmpdir(), "kefu-e2e-"));
  const output = join(dir, "public");
  const server = spawn(KEFU, ["serve", "--root", root, "--output", output, "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolveUrl, reject) => {
    let seen = "";
    server.stdout.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (match) resolveUrl(match[1]);
    });
    server.on("exit", (code) => reject(new Error(`kefu serve exited with ${code} before listening:\n${seen}`)));
  });
  return {
    url,
    output,
    async stop() {
      server.kill("SIGINT");
      await new Promise((r) => server.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the `kefu` binary and returns { status, stdout, stderr }. */
export function kefu(args) {
  try {
    const stdout = execFileSync(KEFU, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { status: 0, stdout, stderr: "" };
  } catch (err) {
    return { status: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

/**
 * Serves the sample site and launches Chromium for the tests of one file: before them,
 * and stops both after them. Returns `{ site, browser }`, filled in once they run.
 */
export function useSiteAndBrowser() {
  const env = { site: null, browser: null };
  before(async () => {
    env.site = await serveSite();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.stop();
  });
  return env;
}

/** Launches headless Chromium. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A new page that records every console error, page error and failed request;
 *  `options` are Playwright's for the browser context (locale, timezoneId, ...). */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("response", (res) => {
    if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on("requestfailed", (req) => {
    // Navigating away cancels what is still loading (the live-reload stream, a favicon):
    // that is the browser's doing, not a failure of the site.
    const aborted = req.failure()?.errorText === "net::ERR_ABORTED";
    if (!aborted) errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`);
  });
  return { page, errors };
}

/** Answers the page's requests for `pattern` with `body`: a site owner's file, as if it were there. */
export function fulfill(page, pattern, contentType, body) {
  return page.route(pattern, (route) => route.fulfill({ contentType, body }));
}

/** A shop's page on the help center's origin (served by the test, not by kefu): `head`
 *  goes in its head after `<script src="/setup.js">` when `setup` is given, then kefu.js
 *  with `attributes`. */
export async function shopPage(page, url, { lang = "en", setup, head = "", attributes = "", body = "<main><h1>A shop</h1></main>" } = {}) {
  if (setup) await fulfill(page, "**/setup.js", "text/javascript", setup);
  await fulfill(page, url, "text/html", `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>Shop</title>
    ${setup ? '<script src="/setup.js"></script>' : ""}${head}
    <script async src="/kefu/kefu.js"${attributes ? " " + attributes : ""}></script></head><body>${body}</body></html>`);
}

/** Evaluates `fn(shadowRoot)` in the page against the widget's shadow root. */
export function inShadow(page, fn) {
  return page.evaluate(`(${fn})(document.querySelector(".kefu-host").shadowRoot)`);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const AXE_OPTIONS = {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
  resultTypes: ["violations"],
};

/** Runs axe-core in the page and returns its violations as plain data. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    // Evaluated through the DevTools protocol, which the page's CSP does not govern.
    await page.evaluate(AXE_SOURCE);
  }
  // What the visitor settles on, not a frame of the dialog's fade-in: axe measures
  // contrast as drawn, and half-faded text fails it. Results can come within the 0.15 s.
  await page.evaluate(() => {
    const roots = [document, ...[...document.querySelectorAll(".kefu-host")].map((h) => h.shadowRoot).filter(Boolean)];
    const ending = roots.flatMap((root) => root.getAnimations()).filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    return Promise.all(ending.map((a) => a.finished.catch(() => {})));
  });
  return page.evaluate(async (options) => {
    const { violations } = await window.axe.run(document, options);
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
    }));
  }, AXE_OPTIONS);
}
