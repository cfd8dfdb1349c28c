// Self-help flows in the widget, as a visitor walks them on a shop's page: a step at a
// time with focus on each question, Back and Start over, a leaf's ending handing the
// answers to the contact view (topic and urgency preset, the answers shown, never asked
// again), the walk kept across closing the panel and the site's next page, the entry
// points (Kefu("flow", id), the home view, search, a link in an article), the events a
// site's analytics get, keyboard only, and axe in light and dark.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSiteAndBrowser, openPage, inShadow, shopPage, axeViolations } from "./harness.mjs";

const env = useSiteAndBrowser();

// The owner's snippet, before kefu.js: every flow event, through the queue and on window.
const RECORDER = `
  window.seen = [];
  window.Kefu = window.Kefu || function () { (Kefu.q = Kefu.q || []).push(arguments); };
  ["flow-start", "flow-step", "flow-complete"].forEach(function (name) {
    Kefu("on", name, function (detail) { seen.push([name, detail]); });
    window.addEventListener("kefu:" + name, function (e) { seen.push(["window " + name, e.detail]); });
  });
  window.warnings = [];
  var warn = console.warn;
  console.warn = function (m) { warnings.push(String(m)); warn.apply(console, arguments); };
`;

/** A shop's page of the help center's origin with the widget: `topic` as its data-kefu-topic. */
async function shop({ lang = "en", topic = "", path = "shop/orders", context } = {}) {
  const { page, errors } = await openPage(env.browser, { locale: lang == "en" ? "en-US" : "zh-CN", ...context });
  const body = `<main${topic ? ` data-kefu-topic="${topic}"` : ""}><h1>A shop</h1></main>`;
  await shopPage(page, "**/shop/**", { lang, setup: RECORDER, body });
  await page.goto(env.site.url + path);
  await page.waitForFunction(() => window.Kefu && window.Kefu.loaded);
  return { page, errors };
}

const question = (page) => page.locator(".kefu-flow h3");
const choose = (page, label) => page.locator(".kefu-choices button", { hasText: label }).click();
/** Waits until the flow view asks `title`, and returns [progress, focused element's text]. */
async function at(page, title) {
  await page.locator(".kefu-flow h3", { hasText: title }).waitFor();
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.activeElement?.tagName === "H3");
  return inShadow(page, (root) => [root.querySelector(".kefu-progress").textContent, root.activeElement.textContent]);
}
const choices = (page) => page.locator(".kefu-choices button").allTextContents();
const endingButtons = (page) => page.locator(".kefu-ending button").allTextContents();
const seen = (page) => page.evaluate(() => window.seen.splice(0));
/** The events seen through Kefu("on"), each also seen on window with the same detail. */
async function events(page) {
  const all = await seen(page);
  const on = all.filter(([name]) => !name.startsWith("window "));
  assert.deepEqual(all.filter(([name]) => name.startsWith("window ")).map(([n, d]) => [n.slice(7), d]), on, "the same on window");
  return on;
}
const contactAnswers = (page) =>
  inShadow(page, (root) => [...root.querySelectorAll(".kefu-handover dt")].map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));
const selected = (page, n) => page.locator(".kefu-contact-view select").nth(n).inputValue();

test("order not received, walked to a person: a question at a time, Back, Start over, the answers handed to the contact view, and the events", async () => {
  const { page, errors } = await shop();
  await page.evaluate(() => Kefu("flow", "order-not-received"));
  assert.equal(await page.locator(".kefu-flow-name").textContent(), "My order hasn't arrived");
  assert.deepEqual(await at(page, "What does the tracking page say?"), ["Step 1 of 4", "What does the tracking page say?"]);
  assert.deepEqual(await choices(page), ["Not shipped yet", "In transit, but late", "Delivered, but I don't have it", "It arrived, but the box is damaged"]);
  assert.match(await page.locator(".kefu-flow .kefu-article-body").textContent(), /Open My orders → Track parcel/);
  assert.deepEqual(await events(page), [["flow-start", { flow: "order-not-received" }]]);

  await choose(page, "In transit, but late");
  assert.deepEqual(await at(page, "How late is it?"), ["Step 2 of 4", "How late is it?"]);
  // Back is the flow's: the previous question, focused again.
  await page.locator(".kefu-flow-nav button", { hasText: "Back" }).click();
  assert.deepEqual(await at(page, "What does the tracking page say?"), ["Step 1 of 4", "What does the tracking page say?"]);
  await choose(page, "Delivered, but I don't have it");
  assert.deepEqual(await at(page, "Have you looked in the usual places?"), ["Step 2 of 3", "Have you looked in the usual places?"]);
  await page.locator(".kefu-flow-nav button", { hasText: "Start over" }).click();
  assert.deepEqual(await at(page, "What does the tracking page say?"), ["Step 1 of 4", "What does the tracking page say?"]);
  assert.deepEqual(await events(page), [
    ["flow-step", { flow: "order-not-received", step: "tracking", choice: "in-transit" }],
    ["flow-step", { flow: "order-not-received", step: "tracking", choice: "delivered" }],
    ["flow-start", { flow: "order-not-received" }],
  ]);

  await choose(page, "In transit, but late");
  await at(page, "How late is it?");
  await choose(page, "5 days or more past the estimated date");
  assert.deepEqual(await at(page, "Is it a domestic or an international delivery?"), ["Step 3 of 4", "Is it a domestic or an international delivery?"]);
  await choose(page, "Domestic");
  assert.deepEqual(await at(page, "Domestic, and 5 days or more late"), ["Step 4 of 4", "Domestic, and 5 days or more late"]);
  assert.equal(await page.locator(".kefu-choices").isVisible(), false, "a leaf has no choices");
  assert.deepEqual(await endingButtons(page), ["See who can help now"], "the ending is a person already");
  // A step's value where it has one, else the choice's words.
  assert.deepEqual(await events(page), [
    ["flow-step", { flow: "order-not-received", step: "tracking", choice: "in-transit" }],
    ["flow-step", { flow: "order-not-received", step: "in-transit", choice: "5 days or more past the estimated date" }],
    ["flow-step", { flow: "order-not-received", step: "delivery", choice: "domestic" }],
    ["flow-complete", { flow: "order-not-received", outcome: "contact" }],
  ]);

  await page.locator(".kefu-ending button", { hasText: "See who can help now" }).click();
  await page.locator(".kefu-contact-view h3").waitFor();
  assert.equal(await selected(page, 0), "orders", "the leaf's topic");
  assert.equal(await selected(page, 1), "normal");
  assert.equal(await page.locator(".kefu-handover h4").textContent(), "Your answers");
  assert.equal(await page.locator(".kefu-handover p").textContent(), "From “My order hasn't arrived”");
  assert.deepEqual(await contactAnswers(page), [
    ["What does the tracking page say?", "In transit, but late"],
    ["How late is it?", "5 days or more past the estimated date"],
    ["Is it a domestic or an international delivery?", "Domestic"],
  ]);
  // The panel's Back returns to the leaf, as it was.
  await page.locator(".kefu-back").click();
  assert.deepEqual(await at(page, "Domestic, and 5 days or more late"), ["Step 4 of 4", "Domestic, and 5 days or more late"]);
  assert.deepEqual(await events(page), [], "coming back is no new step");

  // An urgent ticket's leaf: "this didn't solve it" takes its topic and urgency to a person.
  await page.locator(".kefu-flow-nav button", { hasText: "Start over" }).click();
  await choose(page, "Delivered, but I don't have it");
  await choose(page, "I've looked everywhere and it isn't there");
  await at(page, "It's nowhere to be found");
  assert.deepEqual(await endingButtons(page), ["Write to us with your answers", "This didn't solve it"]);
  assert.equal(await page.locator(".kefu-ending p").first().textContent(), "Please include: Order number");
  await page.locator(".kefu-ending button", { hasText: "This didn't solve it" }).click();
  await page.locator(".kefu-contact-view h3").waitFor();
  assert.equal(await selected(page, 0), "orders");
  assert.equal(await selected(page, 1), "urgent", "preset from the leaf, not the default");
  assert.deepEqual(await contactAnswers(page), [
    ["What does the tracking page say?", "Delivered, but I don't have it"],
    ["Have you looked in the usual places?", "I've looked everywhere and it isn't there"],
  ]);
  assert.deepEqual((await events(page)).at(-1), ["flow-complete", { flow: "order-not-received", outcome: "ticket" }]);
  assert.deepEqual(await page.evaluate(() => window.warnings), []);
  assert.deepEqual(errors, []);
});

test("a resolved leaf asks whether it solved it; an article leaf opens the article in the panel", async () => {
  const { page, errors } = await shop();
  await page.evaluate(() => Kefu("flow", "order-not-received"));
  await choose(page, "Not shipped yet");
  await at(page, "It hasn't shipped yet");
  assert.equal(await page.locator(".kefu-ending-actions p").textContent(), "Did this solve it?");
  assert.deepEqual(await endingButtons(page), ["Yes, solved", "This didn't solve it"]);
  // The step's link is the help center's page (relative to the flow's page), opened in the reader.
  const link = page.locator(".kefu-flow .kefu-article-body a", { hasText: "I entered the wrong delivery address" });
  assert.equal(await link.getAttribute("href"), `${env.site.url}en/orders/wrong-address/`);
  await link.click();
  await page.locator(".kefu-article h3", { hasText: "I entered the wrong delivery address" }).waitFor();
  assert.equal(page.url(), `${env.site.url}shop/orders`, "read in the panel: the shop's page stays");
  await page.locator(".kefu-back").click();
  await at(page, "It hasn't shipped yet");
  await page.locator(".kefu-ending button", { hasText: "Yes, solved" }).click();
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.activeElement?.className === "kefu-thanks");
  assert.equal(await page.locator(".kefu-thanks").textContent(), "Glad it's sorted. Thanks for telling us.");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("kefu-flow")), null, "done: nothing to continue");
  await page.locator(".kefu-flow-nav button", { hasText: "Start over" }).click();
  await at(page, "What does the tracking page say?");

  await choose(page, "Delivered, but I don't have it");
  await choose(page, "Not yet");
  await at(page, "Start with a quick search");
  assert.deepEqual(await endingButtons(page), ["Read the article", "This didn't solve it"]);
  await page.locator(".kefu-ending button", { hasText: "Read the article" }).click();
  await page.locator(".kefu-article h3", { hasText: "Tracking says delivered, but I don't have my parcel" }).waitFor();
  await page.locator(".kefu-back").click();
  await at(page, "Start with a quick search");
  assert.deepEqual((await events(page)).filter(([n]) => n === "flow-complete").map(([, d]) => d.outcome), ["resolved", "article"]);

  // A choice that leads into another flow: its steps are that flow's (so are the events'),
  // while the walk, and what it hands over, stay the one the visitor started.
  await page.locator(".kefu-flow-nav button", { hasText: "Start over" }).click();
  await choose(page, "It arrived, but the box is damaged");
  await at(page, "Is the item itself damaged?");
  await choose(page, "No, only the box: the item is fine");
  await at(page, "Only the box was damaged");
  assert.equal(await page.locator(".kefu-flow-name").textContent(), "My order hasn't arrived");
  assert.deepEqual((await events(page)).slice(1), [
    ["flow-step", { flow: "order-not-received", step: "tracking", choice: "damaged" }],
    ["flow-step", { flow: "product-quality", step: "damaged", choice: "No, only the box: the item is fine" }],
    ["flow-complete", { flow: "order-not-received", outcome: "resolved" }],
  ]);
  await page.locator(".kefu-ending button", { hasText: "This didn't solve it" }).click();
  await page.locator(".kefu-contact-view h3").waitFor();
  assert.equal(await selected(page, 0), "quality", "the topic of the flow the leaf is in");
  assert.equal(await page.locator(".kefu-handover p").textContent(), "From “My order hasn't arrived”");
  assert.equal((await contactAnswers(page)).length, 2);
  assert.deepEqual(errors, []);
});

test("the walk is kept: closing the panel, and the site's next page, resume it; Kefu('flow', id) resumes its own and starts another", async () => {
  const { page, errors } = await shop();
  await page.evaluate(() => Kefu("flow", "order-not-received"));
  await choose(page, "In transit, but late");
  await choose(page, "5 days or more past the estimated date");
  await at(page, "Is it a domestic or an international delivery?");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("kefu-flow")), "order-not-received/1.1");

  // Closed and opened again: the same step, focused.
  await page.keyboard.press("Escape");
  assert.equal(await inShadow(page, (root) => root.querySelector(".kefu-dialog").open), false);
  await page.locator(".kefu-launcher").click();
  assert.deepEqual(await at(page, "Is it a domestic or an international delivery?"), ["Step 3 of 4", "Is it a domestic or an international delivery?"]);

  // The next page: home offers to continue where the visitor was.
  await page.reload();
  await page.waitForFunction(() => window.Kefu && window.Kefu.loaded);
  await page.locator(".kefu-launcher").click();
  const resume = page.locator(".kefu-continue a");
  await resume.waitFor();
  assert.equal(await resume.locator(".kefu-title").textContent(), "Continue: My order hasn't arrived");
  assert.equal(await resume.locator(".kefu-section").textContent(), "Is it a domestic or an international delivery?");
  assert.equal(await resume.getAttribute("href"), `${env.site.url}en/flows/order-not-received/`, "without the app, the flow's page");
  assert.equal(await page.locator(".kefu-home > :first-child").getAttribute("class"), "kefu-continue", "first in the home view");
  await resume.click();
  assert.deepEqual(await at(page, "Is it a domestic or an international delivery?"), ["Step 3 of 4", "Is it a domestic or an international delivery?"]);
  await choose(page, "International");
  await at(page, "International, and 5 days or more late");
  assert.equal(await page.locator(".kefu-ending p").first().textContent(), "Please include: Order number, Delivery");
  assert.deepEqual(await events(page), [
    ["flow-step", { flow: "order-not-received", step: "delivery", choice: "international" }],
    ["flow-complete", { flow: "order-not-received", outcome: "ticket" }],
  ], "resuming is no new start");

  // The stored flow resumes through the API too; another starts afresh and replaces it.
  await page.locator(".kefu-back").click();
  await page.locator(".kefu-home").waitFor();
  await page.evaluate(() => Kefu("flow", "order-not-received"));
  await at(page, "International, and 5 days or more late");
  await page.evaluate(() => Kefu("flow", "refund-request"));
  assert.equal(await page.locator(".kefu-flow-name").textContent(), "I want a refund");
  const [progress] = await at(page, await question(page).textContent());
  assert.match(progress, /^Step 1 of \d$/);
  assert.deepEqual(await events(page), [["flow-start", { flow: "refund-request" }]]);
  assert.match(await page.evaluate(() => sessionStorage.getItem("kefu-flow")), /^refund-request\/$/);
  // The flow's Back at its first step goes back to the previous view: the other flow.
  await page.locator(".kefu-flow-nav button", { hasText: "Back" }).click();
  await at(page, "What does the tracking page say?");

  // An unknown flow: one warning naming the flows there are; nothing changes.
  await page.evaluate(() => Kefu("flow", "no-such-flow"));
  await page.waitForFunction(() => window.warnings.length > 0);
  assert.deepEqual(await page.evaluate(() => window.warnings), [
    'kefu: there is no flow "no-such-flow"; flows are: order-not-received, product-quality, refund-request, support-not-solved',
  ]);
  await at(page, "What does the tracking page say?");
  // Kefu("reset") forgets the walk, and home no longer offers it.
  await page.evaluate(() => Kefu("navigate", "home"));
  await page.locator(".kefu-continue a", { hasText: "Continue: My order hasn't arrived" }).waitFor();
  await page.evaluate(() => Kefu("reset"));
  await page.locator(".kefu-continue").waitFor({ state: "detached" });
  await page.locator(".kefu-home").waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem("kefu-flow")), null);
  assert.deepEqual(errors, []);
});

test("the steps come with the first flow opened; when they cannot, the view links to the flow's page, and the next try fetches them", async () => {
  const { page } = await shop();
  let asked = 0;
  await page.route("**/kefu/flows-en.bin", (route) => (asked++, route.fulfill({ status: 503, body: "" })));
  await page.locator(".kefu-launcher").click();
  await page.locator(".kefu-home").waitFor();
  assert.equal(asked, 0, "home needs no steps: the data lists the flows");
  await page.evaluate(() => Kefu("flow", "order-not-received"));
  const fallback = page.locator(".kefu-flow a", { hasText: "This guide could not be loaded here" });
  await fallback.waitFor();
  assert.equal(await fallback.getAttribute("href"), `${env.site.url}en/flows/order-not-received/`, "the page works without the app");
  assert.deepEqual(await page.evaluate(() => window.warnings), ["kefu: the flows could not be loaded: " + `${env.site.url}kefu/flows-en.bin: HTTP 503`]);
  await page.unroute("**/kefu/flows-en.bin");
  await page.evaluate(() => Kefu("navigate", "home"));
  await page.evaluate(() => Kefu("flow", "order-not-received"));
  assert.deepEqual(await at(page, "What does the tracking page say?"), ["Step 1 of 4", "What does the tracking page say?"]);
  assert.equal(asked, 1);
});

test("entry points: Guided help on the home view by the page's topic, a search that finds a flow, a link to a flow in an article", async () => {
  const guided = (page) =>
    inShadow(page, (root) => {
      const title = [...root.querySelectorAll(".kefu-home .kefu-list-title")].find((h) => h.textContent === "Guided help");
      return title && !title.parentElement.hidden ? [...title.parentElement.querySelectorAll(".kefu-title")].map((t) => t.textContent) : [];
    });
  // A page about orders: its flows only.
  const { page, errors } = await shop({ topic: "orders" });
  await page.locator(".kefu-launcher").click();
  await page.locator(".kefu-home").waitFor();
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.querySelector(".kefu-home .kefu-title"));
  assert.deepEqual(await guided(page), ["My order hasn't arrived"]);
  const link = page.locator(".kefu-home a", { hasText: "My order hasn't arrived" });
  assert.match(await link.textContent(), /A few questions about the tracking page/, "its summary");
  await link.click();
  await at(page, "What does the tracking page say?");

  // A search for the problem in the visitor's words finds the flow: it opens as a flow.
  await page.locator(".kefu-back").click();
  await page.locator(".kefu-panel input[type=search]").fill("parcel not arrived");
  const hit = page.locator(".kefu-results a", { hasText: "My order hasn't arrived" });
  await hit.waitFor();
  assert.equal(await hit.getAttribute("href"), `${env.site.url}en/flows/order-not-received/`);
  await hit.click();
  await at(page, "What does the tracking page say?");

  // An article in the panel that links to a flow's page: the link opens the flow.
  await page.route("**/en/orders/delivery-delay/", (route) => route.fulfill({
    contentType: "text/html",
    body: `<!DOCTYPE html><html lang="en"><title>Late</title><article><h1>My delivery is late</h1>
      <div class="article-body"><p>Not sure? <a href="../../flows/order-not-received/">Find out step by step</a>,
      or read <a href="../wrong-address/">about addresses</a>.</p></div></article></html>`,
  }));
  await page.evaluate(() => Kefu("article", "/en/orders/delivery-delay/"));
  await page.locator(".kefu-article h3", { hasText: "My delivery is late" }).waitFor();
  // Other pages keep their links (out of the panel, to the page itself).
  assert.equal(await page.locator(".kefu-article-body a", { hasText: "about addresses" }).getAttribute("target"), "_top");
  await page.locator(".kefu-article-body a", { hasText: "Find out step by step" }).click();
  await at(page, "What does the tracking page say?");
  assert.equal(page.url(), `${env.site.url}shop/orders`, "the page stayed");
  await page.locator(".kefu-back").click();
  await page.locator(".kefu-article h3", { hasText: "My delivery is late" }).waitFor();
  assert.deepEqual(errors, []);

  // A page without a topic: every flow.
  const other = await shop({ path: "shop/" });
  await other.page.locator(".kefu-launcher").click();
  await other.page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.querySelector(".kefu-home .kefu-title"));
  assert.deepEqual(await guided(other.page), ["My order hasn't arrived", "Something is wrong with my item", "I want a refund", "Support didn't solve my problem"]);
  assert.deepEqual(other.errors, []);
});

test("in Chinese: 包裹没到 finds the flow, and its steps speak the visitor's language", async () => {
  const { page, errors } = await shop({ lang: "zh-CN" });
  await page.locator(".kefu-launcher").click();
  await page.locator(".kefu-panel input[type=search]").fill("包裹没到");
  const hit = page.locator(".kefu-results a", { hasText: "订单一直没收到" });
  await hit.waitFor();
  assert.equal(await hit.getAttribute("href"), `${env.site.url}flows/order-not-received/`);
  await hit.click();
  const [progress] = await at(page, "物流页面显示什么状态？");
  assert.equal(progress, "第 1 步，共 4 步");
  assert.deepEqual(await events(page), [["flow-start", { flow: "order-not-received" }]]);
  assert.deepEqual(errors, []);
});

test("keyboard only through a flow to a person, and axe on the flow view and the answers in light and dark", async () => {
  const { page, errors } = await shop({ topic: "orders" });
  const focused = () => inShadow(page, (root) => root.activeElement?.textContent ?? null);
  const tabTo = async (text) => {
    for (let i = 0; i < 30 && (await focused()) !== text; i++) await page.keyboard.press("Tab");
    assert.equal(await focused(), text);
  };
  await page.keyboard.press("Tab");
  assert.equal(await inShadow(page, (root) => root.activeElement?.className), "kefu-launcher");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.activeElement?.id === "kefu-q");
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.querySelector(".kefu-home .kefu-title"));
  await tabTo("My order hasn't arrivedA few questions about the tracking page tell you whether to wait, search or report it, and what we do next.");
  await page.keyboard.press("Enter");
  assert.equal((await at(page, "What does the tracking page say?"))[1], "What does the tracking page say?");
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `axe on a question (${scheme}):\n${JSON.stringify(violations, null, 2)}`);
  }
  // The first Tab from the question reaches the first choice.
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "Not shipped yet");
  await tabTo("In transit, but late");
  await page.keyboard.press("Enter");
  await at(page, "How late is it?");
  // The flow's Back, by keyboard, then forward again with Space.
  await tabTo("Back");
  await page.keyboard.press("Enter");
  await at(page, "What does the tracking page say?");
  await tabTo("In transit, but late");
  await page.keyboard.press(" ");
  await at(page, "How late is it?");
  await tabTo("5 days or more past the estimated date");
  await page.keyboard.press("Enter");
  await at(page, "Is it a domestic or an international delivery?");
  await tabTo("Domestic");
  await page.keyboard.press("Enter");
  await at(page, "Domestic, and 5 days or more late");
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `axe on a leaf (${scheme}):\n${JSON.stringify(violations, null, 2)}`);
  }
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "See who can help now");
  await page.keyboard.press("Enter");
  // The contact view's heading takes focus, as when it is opened any other way.
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.activeElement?.matches(".kefu-contact-view h3"));
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `axe on the contact view with the answers (${scheme}):\n${JSON.stringify(violations, null, 2)}`);
  }
  // The thanks of a resolved leaf.
  await page.keyboard.press("Escape");
  await page.evaluate(() => Kefu("navigate", "home"));
  await page.evaluate(() => Kefu("flow", "order-not-received"));
  await page.locator(".kefu-flow-nav button", { hasText: "Start over" }).click();
  await choose(page, "Not shipped yet");
  await at(page, "It hasn't shipped yet");
  await tabTo("Yes, solved");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector(".kefu-host").shadowRoot.activeElement?.className === "kefu-thanks");
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `axe on the thanks (${scheme}):\n${JSON.stringify(violations, null, 2)}`);
  }
  assert.deepEqual(errors, []);
});
