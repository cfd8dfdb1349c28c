// Contact channels and the recommender in the browser, with the browser's clock and time
// zone set (Playwright's clock and timezoneId): the order the widget's contact view ranks
// the sample's channels in, and the reasons it gives in the visitor's time, on a Saturday
// night and a Monday morning in Shanghai, for a visitor in New York as its clocks spring
// forward, on a holiday and in a busy season; the contact page with and without
// JavaScript; the contact-chosen event; and axe on the view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { join } from "node:path";
import { REPO, serveSite, useSiteAndBrowser, openPage, inShadow, axeViolations } from "./harness.mjs";

const env = useSiteAndBrowser();
// A site whose chat is Crisp's launcher on the page (tests/fixtures/chat).
before(async () => { env.chat = await serveSite(join(REPO, "tests/fixtures/chat")); });
after(async () => { await env.chat?.stop(); });

/** A page in `timezoneId` whose clock stands at `at`, on `path` of the site. */
async function at(when, { timezoneId = "Asia/Shanghai", locale = "zh-CN", path = "", javaScriptEnabled = true } = {}) {
  const { page, errors } = await openPage(env.browser, { timezoneId, locale, javaScriptEnabled });
  if (javaScriptEnabled) await page.clock.setFixedTime(new Date(when));
  await page.goto(env.site.url + path);
  return { page, errors };
}

/** Opens the contact view through the JS API and returns its ranking as [id, reason]. */
async function contactView(page, args) {
  await page.waitForFunction(() => window.Kefu?.loaded);
  await page.evaluate((a) => Kefu("navigate", "contact", a), args);
  await page.locator(".kefu-contact-view .kefu-channels li").first().waitFor();
  return ranking(page);
}

/** The contact view's channels as shown: [label, reason] in order. */
const ranking = (page) =>
  inShadow(page, (root) =>
    [...root.querySelectorAll(".kefu-channels li")].map((li) => [
      li.querySelector(".kefu-title").textContent,
      li.querySelector(".kefu-reason").textContent,
    ]));
const labels = (rows) => rows.map(([label]) => label);

/** Chooses `value` in the contact view's select labelled `question`. */
async function answer(page, question, value) {
  const before = JSON.stringify(await ranking(page));
  await page.locator(".kefu-contact-view label", { hasText: question }).locator("select").selectOption(value);
  await page.waitForFunction(
    (b) => JSON.stringify([...document.querySelector(".kefu-host").shadowRoot.querySelectorAll(".kefu-channels li")]
      .map((li) => [li.querySelector(".kefu-title").textContent, li.querySelector(".kefu-reason").textContent])) !== b,
    before,
  );
  return ranking(page);
}

test("a Saturday night in Shanghai: the night line first for an urgent account problem, the ticket when nothing suits", async () => {
  const { page, errors } = await at("2026-12-05T23:30:00+08:00");
  const urgent = await contactView(page, { topic: "account", urgency: "urgent" });
  assert.deepEqual(urgent[0], ["夜间紧急专线", "服务中，约 5 分钟内回复：紧急问题最快的方式"]);
  assert.equal(urgent[1][0], "工单", "then the ticket, which anyone can leave now");
  assert.deepEqual(urgent.find(([l]) => l === "客服热线"), ["客服热线", "已下班，周日 09:00 上班；可以先提交工单，上班后回复"]);
  assert.deepEqual(urgent.at(-1), ["X", "没有会说你的语言的客服"], "English only: last for a Chinese visitor");
  // The account checklist comes before the channels.
  assert.deepEqual(
    await inShadow(page, (root) => [...root.querySelectorAll(".kefu-prepare li")].map((li) => li.textContent)),
    ["注册手机号或邮箱", "问题发生的时间", "报错的截图"],
  );

  // Not urgent: the night line is for urgent problems only, and nothing live is open.
  const normal = await answer(page, "有多紧急", "normal");
  assert.deepEqual(labels(normal).slice(0, 4), ["微信公众号", "微博", "工单", "电子邮件"]);
  assert.equal(normal.find(([l]) => l === "夜间紧急专线")[1], "不适合这类问题");
  assert.equal(normal[0][1], "随时可以留言，周日 09:00 起回复");
  assert.deepEqual(errors, []);
});

test("a Monday morning: chat first for a general question, the hotline for an urgent one, writing when the visitor prefers", async () => {
  const { page, errors } = await at("2026-12-07T09:30:00+08:00");
  const normal = await contactView(page, {});
  assert.deepEqual(normal[0], ["在线客服", "服务中，约 1 分钟内回复：一般问题的最佳选择"]);
  assert.deepEqual(labels(normal).slice(1, 3), ["微信公众号", "微博"], "then social media");
  const urgent = await answer(page, "有多紧急", "urgent");
  assert.deepEqual(urgent[0], ["客服热线", "服务中，约 2 分钟内回复：紧急问题最快的方式"]);
  assert.equal(urgent[1][0], "在线客服");
  const written = await answer(page, "怎样联系", "async");
  assert.deepEqual(labels(written).slice(0, 3), ["工单", "客服热线", "电子邮件"], "writing first as asked, the open phone still before email");
  const low = await answer(page, "有多紧急", "low");
  assert.deepEqual(labels(low).slice(0, 2), ["电子邮件", "工单"], "both answer within a day: the authors' order");
  assert.deepEqual(errors, []);
});

test("a visitor in New York in the hour its clocks spring forward sees Shanghai's hours in their own time", async () => {
  // 01:30 EST on 14 March 2027; at 02:00 the clocks jump to 03:00 EDT. Shanghai's Monday
  // 09:00 is Sunday 21:00 in New York after the change (20:00 before it).
  const { page, errors } = await at("2027-03-14T06:30:00Z", { timezoneId: "America/New_York", locale: "en-US", path: "en/" });
  const rows = await contactView(page, {});
  assert.deepEqual(labels(rows).slice(0, 4), ["Live chat", "X", "Ticket", "Email"]);
  assert.equal(rows[0][1], "open now, answers in about 1 minute: best for general questions");
  assert.equal(rows[1][1], "write any time; we reply from Mon 09:00 (your time Sun 21:00)");
  assert.deepEqual(rows.slice(-3).map(([, reason]) => reason), Array(3).fill("not staffed in your language"));
  assert.deepEqual(errors, []);
});

test("a holiday: every channel closed for New Year's Eve, the live ones say when they open, writing comes first", async () => {
  const { page, errors } = await at("2027-02-05T12:00:00+08:00");
  const rows = await contactView(page, {});
  // Email is read again on Monday: the ticket's day counts from now.
  assert.deepEqual(labels(rows).slice(0, 4), ["微信公众号", "微博", "工单", "电子邮件"]);
  assert.equal(rows[0][1], "随时可以留言，周六 09:00 起回复");
  // Saturday is the Spring Festival: the chat and the hotline open at 10:00, not 08:00 or 09:00.
  assert.deepEqual(rows.find(([l]) => l === "在线客服"), ["在线客服", "除夕休息，周六 10:00 上班"]);
  assert.deepEqual(rows.find(([l]) => l === "客服热线"), ["客服热线", "除夕休息，周六 10:00 上班"]);
  assert.deepEqual(errors, []);
});

test("a busy season says so, and choosing a channel tells the page", async () => {
  const { page, errors } = await at("2026-11-11T10:00:00+08:00", { timezoneId: "Europe/Berlin", locale: "en-GB", path: "en/orders/" });
  await page.evaluate(() => {
    window.chosen = [];
    Kefu("on", "contact-chosen", (detail) => window.chosen.push(detail));
    // The chosen link would leave the page: the test stays.
    window.addEventListener("click", (e) => e.preventDefault());
  });
  const rows = await contactView(page, { urgency: "urgent" });
  assert.equal(
    await page.locator(".kefu-peak").textContent(),
    "Busy season, 11.11: auto-replies first; a ticket's first reply may take up to 48 h.",
  );
  // The page's category names the topic: the orders checklist is shown.
  assert.equal(await page.locator(".kefu-contact-view select").first().inputValue(), "orders");
  assert.equal(rows[0][0], "Customer service hotline");
  assert.equal(rows[0][1], "open now, answers in about 2 minutes: fastest for urgent problems");
  const link = page.locator(".kefu-channels a", { hasText: "Customer service hotline" });
  assert.equal(await link.getAttribute("href"), "tel:+12025550147");
  await link.click();
  await page.waitForFunction(() => window.chosen.length === 1);
  assert.deepEqual(await page.evaluate(() => window.chosen), [{ channel: "hotline", topic: "orders", urgency: "urgent" }]);

  // Keyboard only: the view's heading has focus, then Tab walks the three questions.
  await page.evaluate(() => Kefu("navigate", "contact"));
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.activeElement?.tagName === "H3");
  for (const question of ["What is it about?", "How urgent is it?", "How would you like to reach us?"]) {
    await page.keyboard.press("Tab");
    const focused = await inShadow(page, (root) => root.activeElement?.closest("label")?.querySelector("span")?.textContent);
    assert.equal(focused, question);
  }

  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `axe on the contact view (${scheme}):\n${JSON.stringify(violations, null, 2)}`);
  }
  assert.deepEqual(errors.filter((e) => !/Applying inline style violates/.test(e)), []);
});

test("the contact page without JavaScript lists every channel with its link, hours, zone and the checklists", async () => {
  for (const [path, count, first] of [["contact/", 8, "客服热线"], ["en/contact/", 8, "Customer service hotline"]]) {
    const { page, errors } = await at(0, { path, javaScriptEnabled: false });
    const channels = page.locator("[data-kefu-channel]");
    assert.equal(await channels.count(), count, `${path}: every channel`);
    assert.equal(await channels.first().locator("h3").textContent(), first);
    assert.equal(await page.locator("#channel-hotline a").getAttribute("href"), "tel:+12025550147");
    assert.equal(await page.locator("#channel-email a").getAttribute("href"), "mailto:support@example.com");
    assert.equal(await page.locator("#channel-chat a").getAttribute("href"), "https://chat.example.com/");
    // The overnight line's hours in its own zone, with the zone named.
    const night = await page.locator("#channel-night .channel-hours li").allTextContents();
    assert.ok(night.length > 0 && night.every((line) => line.includes("23:00–08:00")), night.join(" | "));
    assert.match(await page.locator("#channel-night .channel-zone").textContent(), /Asia\/Shanghai|中国|China/);
    assert.equal(await page.locator(".contact-topics .checklist").count(), 5, "every topic's checklist");
    // Without the widget's code there is no live status to show.
    assert.equal(await page.locator("[data-kefu-status]:not([hidden])").count(), 0);
    assert.deepEqual(errors, []);
  }
});

test("the contact page with JavaScript adds whether each channel is open now, in the visitor's time", async () => {
  const { page, errors } = await at("2026-12-05T23:30:00+08:00", { timezoneId: "America/New_York", locale: "en-US", path: "en/contact/" });
  await page.locator("#channel-hotline [data-kefu-status]:not([hidden])").waitFor();
  const status = (id) => page.locator(`#channel-${id} [data-kefu-status]`);
  assert.equal(await status("hotline").textContent(),
    "closed, opens Sun 09:00 (your time Sat 20:00); leave a ticket and we reply when we open");
  assert.equal(await status("hotline").getAttribute("data-open"), "false");
  assert.equal(await status("ticket").getAttribute("data-open"), "true");
  assert.equal(await status("night").textContent(), "not staffed in your language");
  assert.equal(await page.locator("[data-kefu-status]:not([hidden])").count(), 8);
  assert.deepEqual(errors, []);
});

test("the contact view is reached from the home view, no results and an article, with the article's topic, and Back returns", async () => {
  const { page, errors } = await at("2026-12-07T09:30:00+08:00", { timezoneId: "Asia/Shanghai", locale: "en-US", path: "en/" });
  await page.locator(".kefu-launcher").click();
  const search = page.locator(".kefu-panel input[type=search]");
  await search.waitFor();
  const topicShown = () => page.locator(".kefu-contact-view select").first().inputValue();

  // Home: the prompt under the suggestions.
  await page.locator(".kefu-contact a").click();
  await page.locator(".kefu-contact-view h3").waitFor();
  assert.equal(await topicShown(), "", "no topic on the home page");
  await page.locator(".kefu-back").click();
  await search.waitFor();

  // No results: the same prompt.
  await search.fill("zzzzqx");
  await page.locator(".kefu-contact a").click();
  await page.locator(".kefu-contact-view h3").waitFor();
  await page.locator(".kefu-back").click();
  assert.equal(await search.inputValue(), "zzzzqx", "back to the search as it was");

  // An article: "still need help?" after "No", for the article's own category.
  await search.fill("damaged item");
  await page.locator(".kefu-results a").first().click();
  await page.locator(".kefu-article h3").waitFor();
  await page.locator(".kefu-feedback button", { hasText: "No" }).click();
  await page.locator(".kefu-feedback a").click();
  await page.locator(".kefu-contact-view h3").waitFor();
  assert.equal(await topicShown(), "quality");
  assert.deepEqual(
    await inShadow(page, (root) => [...root.querySelectorAll(".kefu-prepare li")].map((li) => li.textContent)),
    ["Your order number", "Photos that show the problem clearly", "Photos of the packaging", "When you noticed it"],
  );
  await page.locator(".kefu-back").click();
  await page.locator(".kefu-article h3").waitFor();
  assert.deepEqual(errors, []);
});

test("the contact view's code is fetched the first time it shows, not on the first open; when it cannot be, the view links to the contact page, the page hears error, and the next time it loads", async () => {
  const { page } = await at("2026-12-07T09:30:00+08:00", { timezoneId: "Asia/Shanghai", locale: "en-US", path: "en/" });
  const split = [];
  page.on("request", (r) => { if (r.url().includes("/kefu/kefu_split")) split.push(r.url().split("/").pop()); });
  let refuse = true;
  await page.route("**/kefu/kefu_split_contact.wasm", (route) => (refuse ? route.fulfill({ status: 503, body: "" }) : route.continue()));
  await page.locator(".kefu-launcher").click();
  await page.locator(".kefu-panel input[type=search]").fill("refund");
  await page.locator(".kefu-results a").first().waitFor();
  assert.deepEqual(split, ["kefu_split.js"], "the first open and a search load no split view, only what would load one");
  await page.evaluate(() => {
    window.heard = [];
    window.warned = [];
    const warn = console.warn;
    console.warn = (...args) => (window.warned.push(String(args[0])), warn.apply(console, args));
    Kefu("on", "error", (detail) => window.heard.push(detail.message));
  });

  await page.evaluate(() => Kefu("navigate", "contact"));
  const fallback = page.locator(".kefu-failed a");
  await fallback.waitFor();
  assert.equal(await fallback.textContent(), "The ways to reach us could not be loaded here: see them in the help center");
  assert.equal(await fallback.getAttribute("href"), `${env.site.url}en/contact/`, "the page works without the app");
  assert.deepEqual(await page.evaluate(() => window.heard), ["the contact view could not be loaded (failed to load split module)"]);
  assert.deepEqual(await page.evaluate(() => window.warned), ["kefu: a view could not be loaded:"]);

  refuse = false;
  await page.evaluate(() => Kefu("navigate", "home"));
  await page.evaluate(() => Kefu("navigate", "contact"));
  await page.locator(".kefu-contact-view .kefu-channels li").first().waitFor();
  assert.equal(split.filter((f) => f === "kefu_split_contact.wasm").length, 2, "tried again, once");
  assert.ok(!split.includes("kefu_split_flow.wasm"), "the flow view's code stays where it is");
});

test("a chat provider's launcher: the contact view closes and opens the provider's chat, or warns when it is not there", async () => {
  const { page, errors } = await openPage(env.browser, { locale: "en-US" });
  await page.addInitScript(() => {
    window.$crisp = { calls: [], push(command) { this.calls.push(command); } };
  });
  await page.goto(env.chat.url);
  const rows = await contactView(page, {});
  assert.deepEqual(rows[0], ["Chat with us", "open now, answers in about 1 minute: best for general questions"]);
  const chat = page.locator(".kefu-channels button", { hasText: "Chat with us" });
  await chat.click();
  await page.waitForFunction(() => window.$crisp.calls.length === 1);
  assert.deepEqual(await page.evaluate(() => window.$crisp.calls), [["do", "chat:open"]]);
  assert.equal(await inShadow(page, (root) => root.querySelector(".kefu-dialog").open), false, "the panel makes way");

  // The site forgot to load Crisp: one warning, nothing thrown.
  const warnings = [];
  page.on("console", (m) => { if (m.type() === "warning") warnings.push(m.text()); });
  await page.evaluate(() => { delete window.$crisp; });
  await page.evaluate(() => Kefu("navigate", "contact"));
  await chat.click();
  await page.waitForFunction(() => !document.querySelector(".kefu-host").shadowRoot.querySelector(".kefu-dialog").open);
  await page.waitForTimeout(100);
  assert.equal(warnings.length, 1, warnings.join("\n"));
  assert.match(warnings[0], /the crisp chat is not on this page/);
  assert.deepEqual(errors, []);
});
