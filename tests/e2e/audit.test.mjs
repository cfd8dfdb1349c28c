// The sample help center audited by tools no one here wrote: the Nu HTML Checker over the
// built files, axe-core in Chromium (light and dark, widget closed and open) and
// Lighthouse 12 (performance, accessibility, best practices and SEO).
//
// Each test prints every finding with where it is, so a failure says what to fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CHROMIUM, CHROMIUM_ARGS, useSiteAndBrowser, openPage, axeViolations } from "./harness.mjs";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
/** The path of the checker's jar, as the vnu-jar package exports it (its Java downloader is never run). */
const VNU_JAR = String(require("vnu-jar"));
const LIGHTHOUSE_CLI = join(import.meta.dirname, "../node_modules/lighthouse/cli/index.js");

/**
 * The representative pages: both homes, categories, articles (a FAQ, tables, lists,
 * quotes), search (empty and with results), contact, a flow (at its start and at a
 * leaf) and the 404 page, in both locales.
 * `path` is the URL below the site root; `file` is the built file when it is not
 * `<path>index.html`; `ready` is what to wait for before auditing.
 */
const PAGES = [
  { path: "" },
  { path: "en/" },
  { path: "refunds/" },
  { path: "en/refunds/" },
  { path: "refunds/refund-faq/" },
  { path: "en/refunds/refund-faq/" },
  { path: "refunds/refund-policy/" },
  { path: "en/refunds/refund-policy/" },
  { path: "en/getting-help/channels/" },
  { path: "communication/describe-the-problem/" },
  { path: "en/communication/describe-the-problem/" },
  { path: "search/" },
  { path: "en/search/" },
  { path: `search/?q=${encodeURIComponent("退款")}`, file: "search/index.html", ready: "#kefu-search-results a" },
  { path: "en/search/?q=refund", file: "en/search/index.html", ready: "#kefu-search-results a" },
  { path: "contact/" },
  { path: "en/contact/" },
  { path: "flows/order-not-received/" },
  // The step first: going from a page to its own #fragment would not load a page.
  { path: "en/flows/order-not-received/#lost", file: "en/flows/order-not-received/index.html" },
  { path: "en/flows/order-not-received/" },
  { path: "no-such-page/", file: "404.html", status: 404 },
];
const fileOf = (page) => page.file ?? `${page.path}index.html`;
const isEnglish = (page) => page.path.startsWith("en/");

/** Queries that list results in the widget, per locale. */
const QUERY = { en: "refund", zh: "退款" };


const LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const LIGHTHOUSE_CHROME_FLAGS = ["--headless", ...CHROMIUM_ARGS];

const env = useSiteAndBrowser();

/** Every HTML file of the built site, relative to it, except the alias redirect pages. */
function builtPages(dir, below = "") {
  const found = [];
  for (const entry of readdirSync(join(dir, below), { withFileTypes: true })) {
    const rel = below ? `${below}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...builtPages(dir, rel));
    else if (entry.name.endsWith(".html") && !/<meta http-equiv="refresh"/i.test(readFileSync(join(dir, rel), "utf8"))) {
      found.push(rel);
    }
  }
  return found;
}

test("Nu HTML Checker: the built pages are valid HTML", { timeout: 60_000 }, async () => {
  const files = builtPages(env.site.output);
  for (const page of PAGES) {
    assert.ok(files.includes(fileOf(page)), `${fileOf(page)} was built`);
  }
  // One JVM for every page: the representative set and all the others besides.
  const { stderr } = await run(
    "java",
    ["-jar", VNU_JAR, "--format", "json", "--exit-zero-always", ...files.map((f) => join(env.site.output, f))],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const { messages } = JSON.parse(stderr);
  const where = (m) => {
    const file = m.url ? relative(env.site.output, fileURLToPath(m.url)) : "?";
    return `${file}:${m.lastLine ?? m.firstLine ?? "?"}:${m.firstColumn ?? "?"}`;
  };
  const describe = (m) => `  ${where(m)}: ${m.type}${m.subType ? ` (${m.subType})` : ""}: ${m.message}` +
    (m.extract ? `\n      ${JSON.stringify(m.extract)}` : "");
  const errors = messages.filter((m) => m.type === "error" || m.type === "non-document-error");
  const warnings = messages.filter((m) => !errors.includes(m));
  if (warnings.length) console.log(`Nu HTML Checker warnings (not failures):\n${warnings.map(describe).join("\n")}`);
  assert.equal(errors.length, 0, `Nu HTML Checker errors in ${files.length} files:\n${errors.map(describe).join("\n")}`);
});

/** Violations grouped by rule and element, each with every page and state it was seen in. */
class Findings {
  #byKey = new Map();
  add(where, violations) {
    for (const v of violations) {
      for (const node of v.nodes) {
        const key = `${v.id} ${JSON.stringify(node.target)} ${node.summary}`;
        if (!this.#byKey.has(key)) this.#byKey.set(key, { rule: v, node, seen: [] });
        this.#byKey.get(key).seen.push(where);
      }
    }
  }
  get size() {
    return this.#byKey.size;
  }
  toString() {
    return [...this.#byKey.values()]
      .map(({ rule, node, seen }) =>
        `[${rule.impact}] ${rule.id}: ${rule.help}\n  ${rule.helpUrl}\n` +
        `  element ${JSON.stringify(node.target)}: ${node.html.split("\n")[0]}\n` +
        `    ${node.summary.replace(/\n/g, "\n    ")}\n` +
        `  on ${seen.join(", ")}`,
      )
      .join("\n");
  }
}

test("axe-core: no violations, light and dark, widget closed and open, instant results shown", { timeout: 120_000 }, async () => {
  const { page, errors } = await openPage(env.browser);
  const found = new Findings();
  const audit = async (label, scheme) => {
    await page.emulateMedia({ colorScheme: scheme });
    const before = errors.length;
    const violations = await axeViolations(page);
    // axe itself sets inline styles while it measures, which the page's strict CSP
    // (rightly) refuses; those reports are the tool's, not the page's.
    const own = errors.splice(before).filter((e) => !/Applying inline style violates/.test(e));
    errors.push(...own);
    found.add(label, violations);
  };
  for (const target of PAGES) {
    const before = errors.length;
    const response = await page.goto(env.site.url + target.path);
    assert.equal(response.status(), target.status ?? 200, `status of /${target.path}`);
    if (target.status === 404) {
      // The 404 page is visited on purpose; its status is reported as a failed load.
      const expected = errors.splice(before);
      assert.ok(expected.every((e) => e.includes(target.path) || /status of 404/.test(e)), expected.join("\n"));
    }
    await page.locator(".kefu-launcher").waitFor();
    if (target.ready) await page.locator(target.ready).first().waitFor();
    const check = (scheme, widget) => audit(`/${target.path} (${scheme}, widget ${widget})`, scheme);
    await check("light", "closed");
    await check("dark", "closed");

    await page.locator(".kefu-launcher").click();
    const search = page.locator(".kefu-panel input[type=search]");
    await search.waitFor();
    await search.fill(isEnglish(target) ? QUERY.en : QUERY.zh);
    await page.locator(".kefu-results a").first().waitFor();
    await check("dark", "open");
    await check("light", "open");
  }
  // The header box's instant results, one chosen.
  await page.goto(`${env.site.url}en/`);
  await page.locator("#header-q").focus();
  await page.locator("#header-q").pressSequentially(QUERY.en);
  await page.locator("#header-q-results [role=option]").first().waitFor();
  await page.keyboard.press("ArrowDown");
  for (const scheme of ["light", "dark"]) await audit(`/en/ (${scheme}, header box's instant results)`, scheme);
  assert.equal(found.size, 0, `axe violations:\n${found}`);
  assert.deepEqual(errors, []);
});

/** Runs the Lighthouse CLI on `url` and returns its report (lhr). */
async function lighthouse(url) {
  const { stdout } = await run(
    process.execPath,
    [
      LIGHTHOUSE_CLI, url,
      "--output=json", "--output-path=stdout", "--quiet", "--no-enable-error-reporting",
      `--only-categories=${LIGHTHOUSE_CATEGORIES.join(",")}`,
      `--chrome-flags=${LIGHTHOUSE_CHROME_FLAGS.join(" ")}`,
    ],
    // Lighthouse drives the browser it is given: never one it would download.
    { env: { ...process.env, CHROME_PATH: CHROMIUM }, maxBuffer: 256 * 1024 * 1024 },
  );
  return JSON.parse(stdout);
}

/** Lighthouse's performance audits that time the page load rather than judge the page. */
const TIMINGS = new Set([
  "first-contentful-paint", "largest-contentful-paint", "speed-index", "total-blocking-time", "interactive", "max-potential-fid",
]);

test("Lighthouse 12: 100 in accessibility, best practices and SEO, and every performance audit that is not a timing, on the home page and an article", { timeout: 150_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is installed`);
  const failures = [];
  for (const path of ["en/", "en/refunds/refund-policy/"]) {
    const lhr = await lighthouse(env.site.url + path);
    assert.equal(lhr.lighthouseVersion, "12.2.3");
    assert.equal(lhr.runtimeError, undefined, `Lighthouse failed on /${path}: ${JSON.stringify(lhr.runtimeError)}`);
    assert.equal(lhr.finalDisplayedUrl, env.site.url + path);
    const scores = LIGHTHOUSE_CATEGORIES.map((id) => `${id} ${lhr.categories[id].score}`);
    console.log(`Lighthouse /${path}: ${scores.join(", ")}`);
    for (const id of LIGHTHOUSE_CATEGORIES) {
      const category = lhr.categories[id];
      const below = category.auditRefs
        .map((ref) => ({ ...lhr.audits[ref.id], weight: ref.weight }))
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative");
      // Performance's timings are measurements of this machine at this moment (a busy
      // CI runner adds blocking time): printed above, never asserted. What the page
      // itself decides, every other weighted audit and layout shift, must be perfect.
      const decided = id === "performance" ? below.filter((a) => a.weight > 0 && !TIMINGS.has(a.id)) : below;
      if (id === "performance" ? decided.length === 0 : category.score === 1) continue;
      const audits = below
        .map((a) => `    ${a.id} (weight ${a.weight}, score ${a.score}${a.displayValue ? `, ${a.displayValue}` : ""}): ${a.title}`);
      failures.push(`/${path} ${id}: ${category.score}\n${audits.join("\n")}`);
    }
  }
  assert.equal(failures.length, 0, `Lighthouse scores below 100:\n${failures.join("\n")}`);
});
