// `kefu serve` as an author uses it: edit an article and the open page reloads with the
// change; break the front matter and the page shows the error with its file and line;
// fix it and the page comes back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, serveSite, launchBrowser, openPage } from "./harness.mjs";

let dir;
let site;
let browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kefu-serve-"));
  cpSync(join(REPO, "site"), join(dir, "site"), { recursive: true });
  cpSync(join(REPO, "content"), join(dir, "content"), { recursive: true });
  site = await serveSite(dir);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("an edit reloads the page; a broken article shows its error in the page", async () => {
  const { page, errors } = await openPage(browser);
  const article = join(dir, "content/en/refunds/refund-policy.md");
  const original = readFileSync(article, "utf8");
  await page.goto(`${site.url}en/refunds/refund-policy/`);
  assert.equal(await page.locator("h1").textContent(), "What is the refund policy?");
  // The page is served with the live-reload script and still under the strict CSP.
  await page.waitForFunction(() => document.querySelector('script[src^="/__kefu/live.js?build="]'));

  writeFileSync(article, original.replace('title = "What is the refund policy?"', 'title = "Refund policy, edited"'));
  await page.locator("h1", { hasText: "Refund policy, edited" }).waitFor({ timeout: 15000 });

  writeFileSync(article, original.replace("summary = ", "sumary = "));
  const overlay = page.locator(".kefu-build-error");
  await overlay.waitFor({ timeout: 15000 });
  const text = await overlay.textContent();
  assert.match(text, /content\/en\/refunds\/refund-policy\.md:3:1: unknown field `sumary`/);

  // A page opened while the build is broken shows the error at once.
  const second = await openPage(browser);
  await second.page.goto(`${site.url}en/`);
  await second.page.locator(".kefu-build-error").waitFor({ timeout: 15000 });

  writeFileSync(article, original);
  await page.locator("h1", { hasText: "What is the refund policy?" }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator(".kefu-build-error").count(), 0);
  assert.deepEqual(errors, []);
  assert.deepEqual(second.errors, []);
});
