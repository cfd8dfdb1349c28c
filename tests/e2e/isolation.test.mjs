// The widget on pages that are not ours: another origin with a strict CSP, hosts whose CSS
// and JavaScript are hostile, right-to-left and dark, keyboard only, and axe on every view.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { REPO, useSiteAndBrowser, openPage, inShadow, shopPage, serveSite } from "./harness.mjs";

const env = useSiteAndBrowser();
before(async () => { env.rtl = await serveSite(join(REPO, "tests/fixtures/rtl")); });
after(async () => { await env.rtl?.stop(); });
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** A shop on another origin: serves `pages` ({ path: { html, headers } }) and a few files. */
async function shopServer(pages) {
  const server = http.createServer((request, response) => {
    const page = pages[new URL(request.url, "http://x").pathname];
    if (!page) {
      response.writeHead(404);
      response.end();
      return;
    }
    response.writeHead(200, { "content-type": page.type ?? "text/html; charset=utf-8", ...page.headers });
    response.end(page.body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://localhost:${server.address().port}`, close: () => server.close() };
}

/** What the widget looks like, as numbers and names that a hostile host would change. */
const LOOK = (root) => {
  const pick = (el, props) => {
    const s = getComputedStyle(el);
    return Object.fromEntries(props.map((p) => [p, s.getPropertyValue(p)]));
  };
  const launcher = root.querySelector(".kefu-launcher");
  const dialog = root.querySelector(".kefu-dialog");
  const input = root.getElementById("kefu-q");
  const title = root.getElementById("kefu-title");
  const rect = (el) => { const r = el.getBoundingClientRect(); return [r.width, r.height].map(Math.round); };
  return {
    launcher: { ...pick(launcher, ["font-size", "font-family", "color", "background-color", "direction", "right", "bottom"]), size: rect(launcher) },
    dialog: { ...pick(dialog, ["font-size", "color", "background-color", "direction", "width"]), size: rect(dialog) },
    input: { ...pick(input, ["font-size", "font-family", "color", "direction", "padding-top"]), size: rect(input) },
    title: pick(title, ["font-size", "font-weight", "margin-top"]),
  };
};

/** Opens the widget, searches, and returns how it looked and what the results were. */
async function openAndSearch(page) {
  // Within the widget's host: a hostile page may have elements with the same classes.
  await page.locator(".kefu-host .kefu-launcher").click();
  const search = page.locator(".kefu-host .kefu-panel input[type=search]");
  await search.waitFor();
  await search.fill("refund policy");
  await page.locator(".kefu-host .kefu-results a", { hasText: "What is the refund policy?" }).waitFor();
  return inShadow(page, LOOK);
}

test("another origin with a strict CSP: the widget opens, searches and reads an article with no violation", async () => {
  const help = new URL(env.site.url).origin;
  const csp = `default-src 'self'; script-src 'self' ${help} 'wasm-unsafe-eval'; connect-src ${help}; style-src 'self'; img-src 'self' ${help} data:`;
  const shop = await shopServer({
    "/": {
      headers: { "content-security-policy": csp },
      body: `<!DOCTYPE html><html lang="en"><head><title>Shop</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/shop.css">
        <script src="/watch.js"></script><script async src="${env.site.url}kefu/kefu.js"></script></head>
        <body><main><h1>A shop</h1></main></body></html>`,
    },
    "/shop.css": { type: "text/css", body: "body { font: 40px serif; color: red; }" },
    "/watch.js": {
      type: "text/javascript",
      body: "window.violations = []; document.addEventListener('securitypolicyviolation', function (e) { violations.push(e.violatedDirective + ' ' + e.blockedURI); });",
    },
  });
  try {
    const { page, errors } = await openPage(env.browser);
    await page.goto(shop.url + "/");
    const look = await openAndSearch(page);
    assert.match(look.launcher["font-family"], /system-ui/, "the widget's own fonts, not the shop's serif");
    assert.equal(look.input["font-size"], "15px");
    await page.locator(".kefu-results a").first().click();
    await page.locator(".kefu-article h3", { hasText: "What is the refund policy?" }).waitFor();
    assert.deepEqual(await page.evaluate(() => window.violations), []);
    assert.deepEqual(errors, []);
  } finally {
    shop.close();
  }
});

const HOSTILE = {
  "all: unset": { css: "* { all: unset !important; }" },
  "40px red serif, right to left": { css: "body { font: 40px serif; color: red; direction: rtl; }" },
  "a 5px root font": { css: "html { font-size: 5px; }" },
  "Array.prototype.toJSON": { js: "Array.prototype.toJSON = function () { return 'hijacked'; };" },
  "an enumerable Object.prototype property": { js: "Object.prototype.hostile = 'yes';" },
  "a wrapped fetch": {
    js: "window.fetchCalls = 0; var f = window.fetch; window.fetch = function () { window.fetchCalls++; return f.apply(this, arguments); };",
  },
  "the widget's ids on host elements": {
    body: '<p id="kefu-q">x</p><h2 id="kefu-title">Shop title</h2><div id="kefu-frame"></div><button class="kefu-launcher">Shop</button>',
  },
};

test("hostile hosts change neither how the widget looks nor how it works, and it leaks nothing into them", async () => {
  const looks = {};
  for (const [name, hostile] of Object.entries({ baseline: {}, ...HOSTILE })) {
    const { page, errors } = await openPage(env.browser);
    const setup = `window.globalsBefore = Object.keys(window); ${hostile.js ?? ""}`;
    const head = hostile.css ? `<link rel="stylesheet" href="/hostile.css">` : "";
    if (hostile.css) await page.route("**/hostile.css", (r) => r.fulfill({ contentType: "text/css", body: hostile.css }));
    await shopPage(page, "**/shop/", { setup, head, body: `<main><h1>A shop</h1><p class="probe">Shop text</p>${hostile.body ?? ""}</main>` });
    await page.goto(`${env.site.url}shop/`);
    await page.waitForFunction(() => window.Kefu && window.Kefu.loaded);
    const probe = () => page.evaluate(() => {
      const s = getComputedStyle(document.querySelector(".probe"));
      return [s.fontFamily, s.fontSize, s.color, s.direction, document.querySelectorAll("style, link[rel=stylesheet]").length];
    });
    const hostBefore = await probe();
    looks[name] = await openAndSearch(page);
    assert.deepEqual(await probe(), hostBefore, `${name}: the host page's own styles are unchanged`);
    const added = await page.evaluate(() =>
      Object.keys(window).filter((k) => !window.globalsBefore.includes(k) && k !== "globalsBefore" && k !== "fetchCalls"));
    assert.deepEqual(added, ["Kefu"], `${name}: no global but Kefu`);
    if (name === "a wrapped fetch") assert.ok(await page.evaluate(() => window.fetchCalls > 0), "the host's wrapper was called");
    assert.deepEqual(errors, [], name);
    await page.context().close();
  }
  for (const [name, look] of Object.entries(looks)) assert.deepEqual(look, looks.baseline, `${name} looks like the baseline`);
});

test("right to left: an Arabic words file gives dir=rtl, a mirrored launcher and its own words", async () => {
  const { page, errors } = await openPage(env.browser);
  await shopPage(page, "**/shop/", { lang: "ar" });
  // The fixture site (tests/fixtures/rtl) adds the locale and its words; see its README.
  await page.goto(`${env.rtl.url}shop/`);
  const launcher = page.locator(".kefu-launcher");
  assert.equal(await launcher.textContent(), "مساعدة");
  assert.equal(await launcher.getAttribute("dir"), "rtl");
  const side = await inShadow(page, (root) => {
    const r = root.querySelector(".kefu-launcher").getBoundingClientRect();
    return r.left < window.innerWidth / 2 ? "left" : "right";
  });
  assert.equal(side, "left", "mirrored: the launcher sits at the inline end of a right-to-left page");
  await launcher.click();
  await page.locator("#kefu-title", { hasText: "المساعدة" }).waitFor();
  assert.equal(await page.locator(".kefu-dialog").getAttribute("dir"), "rtl");
  const inputDirection = await inShadow(page, (root) => getComputedStyle(root.getElementById("kefu-q")).direction);
  assert.equal(inputDirection, "rtl");
  assert.deepEqual(errors, []);
});

/** Runs axe on the page (the widget's open shadow root included) and returns its violations. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
  });
}

test("axe finds nothing in any view, light and dark, by the page's scheme and by the theme setting", { timeout: 90_000 }, async () => {
  const found = [];
  for (const [scheme, theme] of [["light", "auto"], ["dark", "auto"], ["light", "dark"], ["dark", "light"]]) {
    const { page, errors } = await openPage(env.browser);
    await page.emulateMedia({ colorScheme: scheme });
    await shopPage(page, "**/shop/", { attributes: `data-theme="${theme}" data-suggest="refund"` });
    await page.goto(`${env.site.url}shop/`);
    const audit = async (view) => {
      const before = errors.length;
      for (const v of await axe(page)) found.push(`${scheme}/${theme}, ${view}: ${v}`);
      // axe sets inline styles while it measures, which the strict CSP refuses: the tool's, not ours.
      errors.push(...errors.splice(before).filter((e) => !/Applying inline style violates/.test(e)));
    };
    await page.locator(".kefu-launcher").click();
    await page.locator(".kefu-home .kefu-title").first().waitFor();
    await audit("home with suggestions");
    const search = page.locator(".kefu-panel input[type=search]");
    await search.fill("refund");
    await page.locator(".kefu-results mark").first().waitFor();
    await audit("results");
    await search.fill("zzzzqx");
    await page.locator(".kefu-contact a").waitFor();
    await audit("no results");
    await search.fill("refund");
    await page.locator(".kefu-results a").first().click();
    await page.locator(".kefu-article h3").waitFor();
    await audit("article");
    await page.locator(".kefu-feedback button").last().click();
    await audit("article, answered no");
    const dark = await inShadow(page, (root) => getComputedStyle(root.querySelector(".kefu-dialog")).backgroundColor);
    const expectDark = theme === "dark" || (theme === "auto" && scheme === "dark");
    assert.equal(dark, expectDark ? "rgb(27, 33, 42)" : "rgb(255, 255, 255)", `${scheme}/${theme} background`);
    assert.deepEqual(errors, [], `${scheme}/${theme}`);
    await page.context().close();
  }
  assert.deepEqual(found, []);
});

test("keyboard only, through every view: Tab stays in the panel, Escape closes, focus returns", async () => {
  const { page, errors } = await openPage(env.browser);
  await shopPage(page, "**/shop/", { body: '<main><h1>A shop</h1><a href="#top">Shop link</a></main>' });
  await page.goto(`${env.site.url}shop/`);
  const active = () => inShadow(page, (root) => {
    const el = root.activeElement;
    return el ? el.id || el.className || el.tagName : (document.activeElement?.textContent ?? "").trim();
  });
  await page.keyboard.press("Tab"); // the shop's link
  await page.keyboard.press("Tab"); // the launcher
  assert.equal(await active(), "kefu-launcher");
  assert.equal(await page.locator(".kefu-launcher").getAttribute("aria-expanded"), "false");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.activeElement?.id === "kefu-q");
  assert.equal(await page.locator(".kefu-launcher").getAttribute("aria-expanded"), "true");
  // Tab goes round the panel and never leaves it.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.className), "kefu-host", `Tab ${i + 1} stays in the panel`);
  }
  for (let i = 0; i < 12; i++) await page.keyboard.press("Shift+Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.className), "kefu-host");

  await page.locator(".kefu-panel input[type=search]").focus();
  await page.keyboard.type("refund");
  await page.locator(".kefu-results a").first().waitFor();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.locator(".kefu-article h3").waitFor();
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.activeElement?.tagName === "H3");
  // Through the article to its feedback: Yes, by keyboard.
  for (let i = 0; i < 40 && (await active()) !== "BUTTON"; i++) await page.keyboard.press("Tab");
  assert.equal(await inShadow(page, (root) => root.activeElement.textContent), "Yes");
  await page.keyboard.press("Space");
  await page.locator(".kefu-feedback [role=status]").waitFor();
  // Back, by keyboard: Shift+Tab from the article's start reaches it.
  await page.locator(".kefu-article h3").focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await active(), "kefu-back");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.activeElement?.id === "kefu-q");
  await page.keyboard.press("Escape");
  await page.locator(".kefu-dialog").waitFor({ state: "hidden" });
  assert.equal(await active(), "kefu-launcher", "focus returns to the launcher");
  assert.deepEqual(errors, []);
});
