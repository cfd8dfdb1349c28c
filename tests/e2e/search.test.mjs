// Search on a site big enough for a sharded index: the search page loads the engine
// alone (not the widget's app), the root, and only the shards a query needs; a shard
// that fails to load fails that query, and the next query tries again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kefu, launchBrowser, openPage, serveSite } from "./harness.mjs";

const WORDS = (
  "account address answer arrive bank basket battery billing box broken cable card carrier " +
  "cash change charge check colour coupon courier credit damage date delay delivery deposit " +
  "discount door email error exchange express fee form gift guarantee invoice item label " +
  "language login member message mobile money notice number offer online order package " +
  "parcel password payment phone photo plan point post price problem proof receipt refund " +
  "region repair replace request return review screen seller service shipping size stock " +
  "store student subscription support tax ticket track transfer update voucher wallet warranty"
).split(" ");
const ARTICLES = 300;

/** A deterministic site of ARTICLES generated English articles, plus two to look for. */
function writeSite() {
  const root = mkdtempSync(join(tmpdir(), "kefu-big-"));
  const made = kefu(["new", root]);
  assert.equal(made.status, 0, made.stderr);
  const dir = join(root, "content/en/library");
  mkdirSync(dir);
  writeFileSync(join(dir, "_category.toml"), 'title = "Library"\n');
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const sentence = () => Array.from({ length: 12 }, () => WORDS[next() % WORDS.length]).join(" ") + ".";
  for (let n = 0; n < ARTICLES; n++) {
    const title = `${WORDS[next() % WORDS.length]} ${WORDS[next() % WORDS.length]} notes ${n}`;
    const body = Array.from({ length: 4 }, () => Array.from({ length: 5 }, sentence).join(" ")).join("\n\n");
    writeFileSync(join(dir, `a${n}.md`), `+++\ntitle = "${title}"\n+++\n\n${body}\n`);
  }
  const special = [
    ["a-quartz.md", "How do I reset the quartz gizmo?", "Hold the quartz gizmo button for ten seconds."],
    ["z-zephyr.md", "Where is the zephyr lantern sold?", "The zephyr lantern is sold in every store."],
  ];
  for (const [file, title, text] of special) {
    writeFileSync(join(dir, file), `+++\ntitle = "${title}"\n+++\n\n${text}\n`);
  }
  return root;
}

const env = { root: null, site: null, browser: null };
before(async () => {
  env.root = writeSite();
  env.site = await serveSite(env.root);
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.site?.stop();
  rmSync(env.root, { recursive: true, force: true });
});

test("a big site's search page fetches the engine, the root and only the shards a query needs", async () => {
  const indexFiles = readdirSync(join(env.site.output, "kefu")).filter((f) => f.endsWith(".bin"));
  assert.ok(indexFiles.some((f) => f.startsWith("t-")) && indexFiles.some((f) => f.startsWith("d-")), "sharded");

  const { page, errors } = await openPage(env.browser);
  const fetched = [];
  page.on("requestfinished", (request) => fetched.push(new URL(request.url()).pathname.replace(/^\/kefu\//, "")));
  await page.goto(`${env.site.url}search/`);
  await page.fill("#search-q", "quartz gizmo");
  const first = page.locator("#kefu-search-results li").first();
  await first.locator("a", { hasText: "How do I reset the quartz gizmo?" }).waitFor();
  assert.equal(await first.locator("mark").first().textContent(), "quartz");

  const bins = fetched.filter((f) => f.endsWith(".bin"));
  assert.ok(bins.includes("index-en.bin"), bins.join(" "));
  assert.ok(bins.some((f) => f.startsWith("t-")) && bins.some((f) => f.startsWith("d-")), bins.join(" "));
  assert.ok(bins.length * 4 < indexFiles.length, `fetched ${bins.length} of ${indexFiles.length} index files`);
  assert.ok(fetched.includes("kefu_search_wasm_bg.wasm"));
  assert.ok(!fetched.includes("kefu_widget_bg.wasm"), "the search page does not load the widget's app");
  assert.deepEqual(errors, []);
});

test("an index file that fails to load fails that query; the next one tries again", async () => {
  for (const failing of ["**/kefu/index-*.bin", "**/kefu/d-*.bin"]) {
    const { page } = await openPage(env.browser);
    await page.route(failing, (route) => route.abort());
    await page.goto(`${env.site.url}search/`);
    await page.fill("#search-q", "zephyr lantern");
    await page.locator(".search-status", { hasText: "could not be loaded" }).waitFor();
    await page.unroute(failing);
    await page.fill("#search-q", "zephyr lanterns");
    await page.locator("#kefu-search-results a", { hasText: "Where is the zephyr lantern sold?" }).waitFor();
    assert.match(await page.locator(".search-status").textContent(), /articles found/, failing);
  }
});
