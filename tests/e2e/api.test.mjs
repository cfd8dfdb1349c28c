// The widget's JS API as a site owner uses it (README, "Embedding the widget"): every
// command and event, bad calls, the view stack, contextual help in a single-page app,
// and an error inside the widget that must not reach the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSiteAndBrowser, openPage, inShadow, shopPage } from "./harness.mjs";

const env = useSiteAndBrowser();

// The owner's snippet, before kefu.js: the queue, listeners on every event (through the
// queue and on window), and what the page had before the widget came.
const RECORDER = `
  window.seen = [];
  window.globalsBefore = Object.keys(window);
  window.Kefu = window.Kefu || function () { (Kefu.q = Kefu.q || []).push(arguments); };
  ["ready", "open", "close", "search", "article-viewed", "feedback", "error"].forEach(function (name) {
    Kefu("on", name, function (detail) { seen.push(["on", name, detail]); });
    window.addEventListener("kefu:" + name, function (e) { seen.push(["window", name, e.detail]); });
  });
  window.warnings = [];
  var warn = console.warn;
  console.warn = function (m) { warnings.push(String(m)); warn.apply(console, arguments); };
`;

const seen = (page, name) => page.evaluate((n) => window.seen.filter((s) => s[1] === n), name);
const waitSeen = (page, name, count = 1) =>
  page.waitForFunction(([n, c]) => window.seen.filter((s) => s[0] === "on" && s[1] === n).length >= c, [name, count]);
const warnings = (page) => page.evaluate(() => window.warnings.splice(0));
const heading = (page) => page.locator(".kefu-article h3");
const dialogOpen = (page) => inShadow(page, (root) => root.querySelector(".kefu-dialog").open);

async function shop(setup = RECORDER, options = {}) {
  const { page, errors } = await openPage(env.browser);
  await shopPage(page, "**/shop/**", { setup, ...options });
  await page.goto(`${env.site.url}shop/refunds`);
  await page.waitForFunction(() => window.Kefu && window.Kefu.loaded);
  return { page, errors };
}

test("commands open, close, toggle, show and hide, as calls and as methods, with their events", async () => {
  const { page, errors } = await shop();
  assert.deepEqual(await seen(page, "ready"), [], "nothing loads before the visitor asks");
  await page.evaluate(() => Kefu.open());
  await waitSeen(page, "ready");
  const ready = await seen(page, "ready");
  assert.deepEqual(ready, [["on", "ready", { locale: "en" }], ["window", "ready", { locale: "en" }]]);
  assert.equal((await seen(page, "open")).length, 2, "open, to the listener and on window");
  assert.equal(await dialogOpen(page), true);

  await page.evaluate(() => Kefu("close"));
  assert.equal(await dialogOpen(page), false);
  assert.equal((await seen(page, "close")).length, 2);
  await page.evaluate(() => Kefu.toggle());
  assert.equal(await dialogOpen(page), true);
  await page.evaluate(() => Kefu("toggle"));
  assert.equal(await dialogOpen(page), false);

  await page.evaluate(() => Kefu.hide());
  assert.equal(await page.locator(".kefu-launcher").isVisible(), false);
  await page.evaluate(() => Kefu("show"));
  assert.equal(await page.locator(".kefu-launcher").isVisible(), true);
  assert.deepEqual(await warnings(page), []);
  assert.deepEqual(errors, []);
});

test("search, article and navigate move through the views; back returns; the stack survives a close", async () => {
  const { page, errors } = await shop();
  await page.evaluate(() => Kefu("search", "refund policy"));
  const box = page.locator(".kefu-panel input[type=search]");
  await page.locator(".kefu-results a", { hasText: "What is the refund policy?" }).waitFor();
  assert.equal(await box.inputValue(), "refund policy");
  await waitSeen(page, "search");
  const [[, , search]] = await seen(page, "search");
  assert.equal(search.query, "refund policy");
  assert.ok(search.count >= 1, `search reports its count: ${JSON.stringify(search)}`);

  await page.evaluate(() => Kefu.article("/en/orders/lost-parcel/"));
  await heading(page).filter({ hasText: "Tracking says delivered" }).waitFor();
  await waitSeen(page, "article-viewed");
  assert.deepEqual((await seen(page, "article-viewed"))[0][2], { url: `${env.site.url}en/orders/lost-parcel/` });
  await page.locator(".kefu-feedback button", { hasText: "Yes" }).click();
  await waitSeen(page, "feedback");
  assert.deepEqual((await seen(page, "feedback"))[0][2], { url: `${env.site.url}en/orders/lost-parcel/`, helpful: true });

  // Closing and reopening keeps where the visitor was.
  await page.keyboard.press("Escape");
  await page.evaluate(() => Kefu.open());
  await heading(page).filter({ hasText: "Tracking says delivered" }).waitFor();
  await page.locator(".kefu-back").click();
  await page.locator(".kefu-results a", { hasText: "What is the refund policy?" }).waitFor();
  assert.equal(await box.inputValue(), "refund policy", "back shows the results as they were");
  await page.locator(".kefu-back").click();
  await page.locator(".kefu-home").waitFor();
  assert.equal(await box.inputValue(), "");
  assert.equal(await page.locator(".kefu-back").isVisible(), false, "nothing to go back to from home");

  await page.evaluate(() => Kefu("navigate", "results", "parcel"));
  await page.locator(".kefu-results a").first().waitFor();
  assert.equal(await box.inputValue(), "parcel");
  await page.evaluate(() => Kefu("navigate", "article", "/en/refunds/refund-policy/"));
  await heading(page).filter({ hasText: "What is the refund policy?" }).waitFor();
  await page.evaluate(() => Kefu("navigate", "home"));
  await page.locator(".kefu-home").waitFor();
  assert.equal(await page.locator(".kefu-back").isVisible(), false, "home starts over");
  assert.deepEqual(await warnings(page), []);
  assert.deepEqual(errors, []);
});

test("on returns an unsubscribe function, off removes, once fires once", async () => {
  const { page, errors } = await shop();
  const counts = await page.evaluate(async () => {
    const counts = { on: 0, once: 0, off: 0 };
    const opened = () => new Promise((resolve) => window.addEventListener("kefu:open", resolve, { once: true }));
    const stop = Kefu.on("open", () => counts.on++);
    Kefu.once("open", () => counts.once++);
    const removed = () => counts.off++;
    Kefu("on", "open", removed);
    Kefu("off", "open", removed);
    let next = opened();
    Kefu.open();
    await next;
    Kefu.close();
    stop();
    next = opened();
    Kefu.open();
    await next;
    Kefu.close();
    return counts;
  });
  assert.deepEqual(counts, { on: 1, once: 1, off: 0 });
  assert.deepEqual(errors, []);
});

test("bad calls warn once, naming what is accepted, and never throw into the page", async () => {
  const { page, errors } = await shop();
  const thrown = await page.evaluate(() => {
    try {
      Kefu("nonsense");
      Kefu("search", 42);
      Kefu.navigate("tickets");
      Kefu("on", "opened", () => {});
      Kefu("on", "open", "not a function");
      Kefu("config", { colour: "red" });
      Kefu("config", { position: "middle" });
      Kefu("prefill", "order 123");
      Kefu("suggest", 7);
      return null;
    } catch (err) {
      return String(err);
    }
  });
  assert.equal(thrown, null);
  await page.locator(".kefu-home").waitFor(); // navigate("tickets") opened the panel
  await page.waitForFunction(() => window.warnings.length >= 9);
  const said = await warnings(page);
  const expect = [
    /unknown command "nonsense"; commands are: open, close, toggle, show, hide, navigate, search, article, suggest, prefill, identify, config, setLocale, on, off, once, reset, destroy/,
    /search\(query\) takes a non-empty string, not 42/,
    /on\(event, fn\): events are ready, open, close, search, article-viewed, feedback, contact-chosen, ticket-queued, ticket-sent, ticket-failed, ticket-deflected, error/,
    /on\(event, fn\): events are/,
    /unknown setting "colour"; settings are: locale, color/,
    /setting position must be "left" or "right", not middle/,
    /prefill\(\) takes an object of fields, not order 123/,
    /suggest\(rule\) takes a search, \[\{ match, search \}\] or \{ url: true \}/,
    /unknown view "tickets"; views are: home, results \(arg: the query\), article \(arg: its URL\)/,
  ];
  for (const pattern of expect) {
    assert.equal(said.filter((w) => pattern.test(w)).length >= 1, true, `a warning matching ${pattern} in:\n${said.join("\n")}`);
  }
  assert.equal(said.length, expect.length, `one warning per bad call:\n${said.join("\n")}`);
  assert.deepEqual(errors, []);
});

test("config, setLocale, prefill, identify and reset", async () => {
  const { page, errors } = await shop();
  const launcher = page.locator(".kefu-launcher");
  await page.evaluate(() => Kefu.config({ color: "#ffd700", position: "left", offset: 30, zIndex: 7, launcher: { label: "Need help?" } }));
  const style = await inShadow(page, (root) => {
    const s = getComputedStyle(root.querySelector(".kefu-launcher"));
    return { bg: s.backgroundColor, fg: s.color, left: s.left, bottom: s.bottom, z: s.zIndex };
  });
  assert.deepEqual(style, { bg: "rgb(255, 215, 0)", fg: "rgb(0, 0, 0)", left: "30px", bottom: "30px", z: "7" },
    "black on gold: the text colour on the brand is computed for contrast");
  assert.equal(await launcher.textContent(), "Need help?");
  await page.evaluate(() => Kefu.config({ color: "#0b3d91" }));
  assert.equal(await inShadow(page, (root) => getComputedStyle(root.querySelector(".kefu-launcher")).color), "rgb(255, 255, 255)");

  await page.evaluate(() => {
    Kefu.prefill({ order: "A-10023", topic: "orders" });
    Kefu.identify({ name: "Li Lei", email: "li@example.com" });
  });
  await page.evaluate(() => Kefu.setLocale("zh-CN"));
  assert.equal(await launcher.textContent(), "Need help?", "the site's own label stays");
  await page.evaluate(() => Kefu.open());
  await page.locator("#kefu-title", { hasText: "帮助中心" }).waitFor();
  await page.locator(".kefu-panel input[type=search]").fill("包裹没到");
  await page.locator(".kefu-results a", { hasText: "包裹没到怎么办？" }).waitFor();

  await page.evaluate(() => {
    localStorage.setItem("kefu:history", "[1]");
    sessionStorage.setItem("kefu:flow", "x");
    localStorage.setItem("shop-cart", "3");
  });
  await page.evaluate(() => Kefu.reset());
  assert.deepEqual(await page.evaluate(() => [localStorage.getItem("kefu:history"), sessionStorage.getItem("kefu:flow"), localStorage.getItem("shop-cart")]),
    [null, null, "3"], "reset forgets the widget's own storage only");
  await page.locator(".kefu-home").waitFor();
  assert.deepEqual(await warnings(page), []);
  assert.deepEqual(errors, []);
});

test("destroy removes every element, listener and global the widget added", async () => {
  const { page, errors } = await shop();
  await page.evaluate(() => Kefu.open());
  await waitSeen(page, "ready");
  const left = await page.evaluate(() => {
    Kefu.config({ launcherSelector: ".help" });
    Kefu.destroy();
    return {
      host: document.querySelectorAll(".kefu-host").length,
      kefu: typeof window.Kefu,
      added: Object.keys(window).filter((k) => !window.globalsBefore.includes(k) && k !== "seen" && k !== "warnings" && k !== "globalsBefore"),
    };
  });
  assert.deepEqual(left, { host: 0, kefu: "undefined", added: [] });
  // Its listeners are gone: route changes, the topic, the page's own buttons reach nothing of ours.
  await page.evaluate(() => {
    document.body.setAttribute("data-kefu-topic", "refunds");
    document.body.insertAdjacentHTML("beforeend", '<button class="help">Help</button>');
    document.querySelector(".help").click();
  });
  await page.evaluate(() => history.pushState({}, "", "/shop/after"));
  assert.deepEqual(errors, []);
});

test("an error inside the widget never reaches window.onerror: the panel links to the help center and fires error", async () => {
  const { page, errors } = await shop(RECORDER + `
    window.pageErrors = 0;
    window.onerror = function () { pageErrors++; };
    window.addEventListener("error", function () { pageErrors++; });
    window.addEventListener("unhandledrejection", function () { pageErrors++; });`);
  await page.evaluate(() => Kefu.open());
  await page.locator(".kefu-home").waitFor();
  // The host breaks a DOM method the widget's rendering uses.
  await page.evaluate(() => {
    Document.prototype.createElement = function () { throw new Error("broken by the host"); };
    Document.prototype.createTextNode = function () { throw new Error("broken by the host"); };
  });
  await page.locator(".kefu-panel input[type=search]").fill("refund policy");
  await waitSeen(page, "error");
  const [[, , detail]] = await seen(page, "error");
  assert.match(detail.message, /broken by the host|unreachable/);
  const link = page.locator(".kefu-note a");
  await link.waitFor();
  assert.equal(await link.getAttribute("href"), `${env.site.url}en/`);
  assert.equal(await link.textContent(), "Open the help center");
  assert.equal(await page.evaluate(() => window.pageErrors), 0);
  // The console says why, as a warning; the page's own error tally stays at nothing.
  assert.ok((await warnings(page)).some((w) => /the widget stopped/.test(w)));
  assert.deepEqual(errors, []);
});

test("single-page apps: pushState, replaceState, back and hash changes re-run the suggestions and the topic", async () => {
  const settings = `window.KefuSettings = { suggest: [
      { match: "/shop/refunds", search: "refund fees" }, { match: "/shop/orders", search: "wrong address" }] };
    window.addEventListener("hashchange", function () { document.body.setAttribute("data-kefu-topic", location.hash.slice(1)); });`;
  const { page, errors } = await shop(settings);
  const first = page.locator(".kefu-home .kefu-results").first().locator(".kefu-title").first();
  await page.evaluate(() => Kefu.open());
  await first.filter({ hasText: "Are there any fees for a return or refund?" }).waitFor();
  await page.evaluate(() => history.pushState({}, "", "/shop/orders/123"));
  await first.filter({ hasText: "I entered the wrong delivery address" }).waitFor();
  await page.evaluate(() => history.replaceState({}, "", "/shop/refunds/9"));
  await first.filter({ hasText: "Are there any fees for a return or refund?" }).waitFor();
  await page.evaluate(() => history.pushState({}, "", "/shop/account"));
  await page.evaluate(() => location.hash = "#getting-help");
  // No suggestion rule for this path: the page's topic names a category, whose articles show.
  await first.filter({ hasText: "How can I contact customer service?" }).waitFor();
  await page.evaluate(() => history.back()); // to /shop/account without the hash
  await page.evaluate(() => history.back()); // to /shop/refunds/9
  await first.filter({ hasText: "Are there any fees for a return or refund?" }).waitFor();
  assert.deepEqual(errors, []);
});

test("a browser without the Navigation API: the context is read again whenever the panel opens", async () => {
  const settings = `Object.defineProperty(window, "navigation", { value: undefined, configurable: true });
    window.KefuSettings = { suggest: [{ match: "/shop/refunds", search: "refund fees" }, { match: "/shop/orders", search: "wrong address" }] };`;
  const { page, errors } = await shop(settings);
  const first = page.locator(".kefu-home .kefu-results").first().locator(".kefu-title").first();
  await page.evaluate(() => Kefu.open());
  await first.filter({ hasText: "Are there any fees for a return or refund?" }).waitFor();
  await page.evaluate(() => { Kefu.close(); history.pushState({}, "", "/shop/orders/123"); Kefu.open(); });
  await first.filter({ hasText: "I entered the wrong delivery address" }).waitFor();
  assert.deepEqual(errors, []);
});
