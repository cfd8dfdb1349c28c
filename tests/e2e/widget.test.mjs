// The walking skeleton, end to end: the sample help center built by `kefu build`, served
// by `kefu serve` (with its strict Content-Security-Policy), and the widget opened,
// searched and closed in real Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { useSiteAndBrowser, openPage, inShadow, fulfill } from "./harness.mjs";

const env = useSiteAndBrowser();

const activeClass = (page) => inShadow(page, (root) => root.activeElement?.className ?? null);
const resultTitles = (page) =>
  inShadow(page, (root) => [...root.querySelectorAll(".kefu-results .kefu-title")].map((t) => t.textContent));

test("English: the launcher opens the widget, a search lists the article, Esc closes", async () => {
  const { page, errors } = await openPage(env.browser);
  const response = await page.goto(`${env.site.url}en/`);
  assert.match(response.headers()["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval'/);

  const launcher = page.locator(".kefu-launcher");
  await launcher.click();
  const search = page.locator(".kefu-panel input[type=search]");
  await search.waitFor();
  // Focus moves to the search box once the app is there.
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.activeElement?.id === "kefu-q");
  assert.equal(await launcher.getAttribute("aria-expanded"), "true");

  await search.fill("refund policy");
  await page.locator(".kefu-results a", { hasText: "What is the refund policy?" }).waitFor();
  const titles = await resultTitles(page);
  assert.equal(titles[0], "What is the refund policy?");
  const href = await page.locator(".kefu-results a").first().getAttribute("href");
  assert.equal(href, `${env.site.url}en/refunds/refund-policy/`);
  assert.equal(await page.locator(".kefu-status").textContent(), `${titles.length} articles found`);
  // Matches are highlighted in the snippet.
  assert.equal(await page.locator(".kefu-results li").first().locator("mark").first().textContent(), "refund");

  await search.fill("zzzzqx");
  await page.locator(".kefu-status", { hasText: "No matching articles." }).waitFor();
  assert.deepEqual(await resultTitles(page), []);

  await page.keyboard.press("Escape");
  await page.locator(".kefu-dialog").waitFor({ state: "hidden" });
  assert.equal(await activeClass(page), "kefu-launcher", "focus returns to the launcher");
  assert.equal(await launcher.getAttribute("aria-expanded"), "false");

  // Keyboard only: Enter on the focused launcher reopens it with the search focused.
  await page.keyboard.press("Enter");
  await page.locator(".kefu-dialog").waitFor({ state: "visible" });
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.activeElement?.id === "kefu-q");

  // A result opens inside the panel, with feedback; its own page is a link away.
  await search.fill("has not arrived");
  await page.locator(".kefu-results a", { hasText: "My order has not arrived" }).click();
  await page.locator(".kefu-article h3", { hasText: "My order has not arrived" }).waitFor();
  assert.equal(await inShadow(page, (root) => root.activeElement?.tagName), "H3", "focus moves to the article");
  const inner = await page.locator(".kefu-article-body a").first().getAttribute("href");
  assert.ok(inner.startsWith(env.site.url + "en/"), `links in the article are absolute: ${inner}`);
  const feedback = page.waitForFunction(() => new Promise((resolve) =>
    window.addEventListener("kefu:feedback", (e) => resolve(e.detail), { once: true })));
  await page.locator(".kefu-feedback button", { hasText: "No" }).click();
  const detail = await (await feedback).jsonValue();
  assert.deepEqual(detail, { url: `${env.site.url}en/orders/order-not-received/`, helpful: false });
  assert.equal(await page.locator(".kefu-feedback a").getAttribute("href"), `${env.site.url}en/contact/`);
  await page.locator(".kefu-back").click();
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.activeElement?.id === "kefu-q");
  assert.equal(await search.inputValue(), "has not arrived");
  await page.locator(".kefu-results a", { hasText: "My order has not arrived" }).click({ modifiers: [] });
  await page.locator(".kefu-open").click();
  await page.waitForURL(`${env.site.url}en/orders/order-not-received/`);
  assert.equal(await page.locator("h1").textContent(), "My order has not arrived");

  assert.deepEqual(errors, []);
});

test("Chinese: a Chinese query finds the Chinese article; the close button closes", async () => {
  const { page, errors } = await openPage(env.browser);
  await page.goto(env.site.url);
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  await page.locator(".kefu-launcher").click();
  const search = page.locator(".kefu-panel input[type=search]");
  await search.fill("包裹没到");
  await page.locator(".kefu-results a", { hasText: "包裹没到怎么办？" }).waitFor();
  const titles = await resultTitles(page);
  assert.equal(titles[0], "包裹没到怎么办？");
  assert.equal(await page.locator(".kefu-status").textContent(), `找到 ${titles.length} 篇文章`);

  await page.locator(".kefu-close").click();
  await page.locator(".kefu-dialog").waitFor({ state: "hidden" });
  assert.equal(await activeClass(page), "kefu-launcher");
  assert.deepEqual(errors, []);
});

test("Kefu() commands queued before the loader runs are carried out", async () => {
  const { page, errors } = await openPage(env.browser);
  // The site owner's snippet, set up before kefu.js: a file, as CSP forbids inline script.
  await fulfill(page, "**/queue.js", "text/javascript",
    "window.Kefu = window.Kefu || function () { (Kefu.q = Kefu.q || []).push(arguments); }; Kefu('open');");
  await fulfill(page, "**/embed.html", "text/html", `<!DOCTYPE html><html lang="en"><head><title>Shop</title>
        <script src="/queue.js"></script>
        <script async src="/kefu/kefu.js" data-locale="en" data-color="#aa3300"></script>
        </head><body><h1>A shop</h1></body></html>`);
  await page.goto(`${env.site.url}embed.html`);
  await page.locator(".kefu-panel input[type=search]").waitFor();
  const brand = await inShadow(page, (root) => getComputedStyle(root.querySelector(".kefu-launcher")).backgroundColor);
  assert.equal(brand, "rgb(170, 51, 0)");
  await page.evaluate(() => window.Kefu("close"));
  await page.locator(".kefu-dialog").waitFor({ state: "hidden" });
  assert.deepEqual(errors, []);
});

test("the search page searches with kefu's wasm engine as you type, and from ?q=", async () => {
  const { page, errors } = await openPage(env.browser);
  await page.goto(`${env.site.url}en/search/?q=refund%20policy`);
  await page.locator("#kefu-search-results a", { hasText: "What is the refund policy?" }).waitFor();
  assert.equal(await page.inputValue("#search-q"), "refund policy");
  await page.fill("#search-q", "has not arrived");
  await page.locator("#kefu-search-results a", { hasText: "My order has not arrived" }).waitFor();
  await page.waitForURL((url) => url.searchParams.get("q") === "has not arrived"); // the address follows the box
  const links = await page.locator("#kefu-search-results a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.equal(links[0], `${env.site.url}en/orders/order-not-received/`);
  assert.equal(await page.locator(".search-status").textContent(), `${links.length} articles found`);
  assert.equal(await page.locator(".search-contact").isVisible(), false);

  // Nothing found: say so, and offer the contact page.
  await page.fill("#search-q", "zzzzqx");
  await page.locator(".search-status", { hasText: "No matching articles." }).waitFor();
  await page.locator(".search-contact a", { hasText: "Contact us" }).waitFor();
  assert.equal(await page.locator(".search-contact a").getAttribute("href"), "/en/contact/");

  // The header box of any page leads there.
  await page.goto(`${env.site.url}`);
  await page.fill("#header-q", "退款");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/search\/\?q=/);
  await page.locator("#kefu-search-results a", { hasText: "退款政策是怎样的？" }).waitFor();
  assert.deepEqual(errors, []);
});

test("keyboard: arrows move through the results, Enter opens one; nothing found offers contact", async () => {
  const { page, errors } = await openPage(env.browser);
  await page.goto(`${env.site.url}en/`);
  await page.locator(".kefu-launcher").focus();
  await page.keyboard.press("Enter");
  const search = page.locator(".kefu-panel input[type=search]");
  await search.waitFor();
  // The box takes focus on the frame after it is drawn: a visitor types once the caret is there.
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.activeElement?.id === "kefu-q");
  await page.keyboard.type("refund");
  await page.locator(".kefu-results mark").nth(1).waitFor(); // results, not the home view's lists
  const focused = () => inShadow(page, (root) => root.activeElement?.querySelector?.(".kefu-title")?.textContent ?? root.activeElement?.id);
  const titles = await resultTitles(page);
  await page.keyboard.press("ArrowDown");
  assert.equal(await focused(), titles[0]);
  await page.keyboard.press("ArrowDown");
  assert.equal(await focused(), titles[1]);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  assert.equal(await focused(), "kefu-q", "up from the first result returns to the search box");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.locator(".kefu-article h3", { hasText: titles[0] }).waitFor();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await inShadow(page, (root) => root.activeElement?.className), "kefu-back", "the way back is two keys away");
  await page.keyboard.press("Enter");

  await search.fill("zzzzqx");
  const contact = page.locator(".kefu-contact a");
  await contact.waitFor();
  assert.equal(await contact.getAttribute("href"), `${env.site.url}en/contact/`);
  assert.deepEqual(errors, []);
});

test("suggestions for the current page: from the settings, from URL rules, and by command", async () => {
  const { page, errors } = await openPage(env.browser);
  await fulfill(page, "**/settings.js", "text/javascript",
    `window.KefuSettings = { locale: "en", suggest: [{ match: "/shop/checkout", search: "refund fees" }, { match: "/", search: "parcel" }] };`);
  await fulfill(page, "**/shop/checkout/", "text/html", `<!DOCTYPE html><html lang="en"><head><title>Checkout</title>
        <script src="/settings.js"></script><script async src="/kefu/kefu.js"></script>
        </head><body><h1>Checkout</h1></body></html>`);
  await page.goto(`${env.site.url}shop/checkout/`);
  await page.locator(".kefu-launcher").click();
  const suggested = page.locator(".kefu-home .kefu-results").first().locator(".kefu-title");
  await suggested.first().waitFor();
  assert.equal(await suggested.first().textContent(), "Are there any fees for a return or refund?");
  assert.equal(await page.locator(".kefu-list-title").first().textContent(), "Suggested for this page");

  await page.evaluate(() => window.Kefu("suggest", "wrong address"));
  await page.locator(".kefu-home .kefu-title", { hasText: "I entered the wrong delivery address" }).first().waitFor();

  // Typing replaces the suggestions with results.
  await page.locator(".kefu-panel input[type=search]").fill("hotline");
  await page.locator(".kefu-home").waitFor({ state: "detached" });
  assert.deepEqual(errors, []);
});

test("the locale: the page's, else the browser's, else the site's default; the closest the site has", async () => {
  for (const [lang, browser, query, title] of [
    ["en-GB", "zh-CN", "refund policy", "What is the refund policy?"],
    ["zh-Hans", "en-US", "退款", "退款政策是怎样的？"],
    ["fr", "en-US", "refund policy", "What is the refund policy?"], // the browser's English
    ["fr", "fr-FR", "退款", "退款政策是怎样的？"], // the sample's default locale is zh-CN
  ]) {
    const { page, errors } = await openPage(env.browser, { locale: browser });
    await fulfill(page, "**/embed.html", "text/html", `<!DOCTYPE html><html lang="${lang}"><head><title>Shop</title>
          <script async src="/kefu/kefu.js"></script></head><body><h1>A shop</h1></body></html>`);
    await page.goto(`${env.site.url}embed.html`);
    await page.locator(".kefu-launcher").click();
    await page.locator(".kefu-panel input[type=search]").fill(query);
    await page.locator(".kefu-results a", { hasText: title }).waitFor();
    assert.deepEqual(errors, [], lang);
    await page.context().close();
  }
});

test("embedded on another site (another origin), the widget loads and searches", async () => {
  // The shop: its own server on another port, so another origin than the help center.
  const shop = http.createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!DOCTYPE html><html lang="en"><head><title>Shop</title>
      <script async src="${env.site.url}kefu/kefu.js"></script></head><body><h1>A shop</h1></body></html>`);
  });
  await new Promise((resolve) => shop.listen(0, "127.0.0.1", resolve));
  try {
    const { page, errors } = await openPage(env.browser);
    await page.goto(`http://localhost:${shop.address().port}/`);
    await page.locator(".kefu-launcher").click();
    await page.locator(".kefu-panel input[type=search]").fill("refund policy");
    const first = page.locator(".kefu-results a").first();
    await first.waitFor();
    assert.equal(await first.getAttribute("href"), `${env.site.url}en/refunds/refund-policy/`);
    // The article opens in the panel: its page is read across origins too.
    await first.click();
    await page.locator(".kefu-article h3", { hasText: "What is the refund policy?" }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    shop.close();
  }
});

test("the header box shows instant results: arrows choose one, Enter opens it, Escape closes", async () => {
  const { page, errors } = await openPage(env.browser);
  await page.goto(`${env.site.url}en/`);
  const box = page.locator("#header-q");
  await box.focus();
  await box.pressSequentially("refund polic");
  const options = page.locator("#header-q-results [role=option]");
  await options.first().waitFor();
  assert.equal(await options.first().textContent(), "What is the refund policy?");
  assert.equal(await box.getAttribute("role"), "combobox");
  assert.equal(await box.getAttribute("aria-expanded"), "true");

  await page.keyboard.press("ArrowDown");
  assert.equal(await box.getAttribute("aria-activedescendant"), "header-q-results-0");
  assert.equal(await options.first().getAttribute("aria-selected"), "true");
  await page.keyboard.press("ArrowUp");
  assert.equal(await box.getAttribute("aria-activedescendant"), null, "back in the box");
  await page.keyboard.press("Escape");
  assert.equal(await box.getAttribute("aria-expanded"), "false");
  assert.equal(await page.locator("#header-q-results").isVisible(), false);

  await box.pressSequentially("y");
  await options.first().waitFor();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${env.site.url}en/refunds/refund-policy/`);
  assert.deepEqual(errors, []);
});
