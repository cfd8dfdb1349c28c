// A flow's static page, walked as a visitor without JavaScript: each choice is a link to
// the next step's section, `:target` shows that step alone, Back and Start over are links,
// a leaf's ending links to the article, the contact page or its ticket form. Printed (or
// where the CSS does not apply), every step shows, top to bottom.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSiteAndBrowser, openPage } from "./harness.mjs";

const env = useSiteAndBrowser();

/** The ids of the step sections a visitor sees. */
const shownSteps = (page) =>
  page.$$eval(".kefu-step", (steps) => steps.filter((s) => s.offsetParent !== null).map((s) => s.id));

/** Follows the choice `label` of step `step`. */
const choose = (page, step, label) => page.locator(`#${step} .kefu-choices a`).getByText(label, { exact: true }).click();

test("without JavaScript: choose, go back, start over, follow an ending, cross into another flow", async () => {
  const { page, errors } = await openPage(env.browser, { javaScriptEnabled: false, locale: "en" });
  const url = env.site.url + "en/flows/order-not-received/";
  await page.goto(url);
  assert.deepEqual(await shownSteps(page), ["tracking"], "only the first step shows");
  assert.equal(await page.locator("h1").textContent(), "My order hasn't arrived");

  // By keyboard: Tab to the second choice, Enter; the step shows alone and has the focus.
  await page.locator("#tracking .kefu-choices a").first().focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.waitForURL(/#in-transit$/);
  assert.deepEqual(await shownSteps(page), ["in-transit"]);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "in-transit", "the step takes the focus");
  assert.equal(await page.locator("#in-transit .kefu-progress").textContent(), "Step 2 of 4");

  await choose(page, "in-transit", "5 days or more past the estimated date");
  await choose(page, "delivery", "International");
  assert.deepEqual(await shownSteps(page), ["customs"]);
  // A ticket ending: the contact page's form, with the topic; what to include, in words.
  const ticket = page.locator("#customs .kefu-end a").first();
  assert.equal(await ticket.getAttribute("href"), "/en/contact/?topic=orders&urgency=normal#ticket");
  assert.match(await page.locator("#customs .kefu-end").textContent(), /Please include: Order number, Delivery/);
  assert.equal(
    await page.locator("#customs .kefu-end a", { hasText: "This didn't solve it" }).getAttribute("href"),
    "/en/contact/?topic=orders",
  );

  // Back goes to the step before; Start over to the first.
  await page.locator("#customs .kefu-step-nav a").getByText("Back", { exact: true }).click();
  assert.deepEqual(await shownSteps(page), ["delivery"]);
  await page.locator("#delivery .kefu-step-nav a").getByText("Start over", { exact: true }).click();
  assert.deepEqual(await shownSteps(page), ["tracking"]);

  // An article ending links to the article's page.
  await choose(page, "tracking", "Delivered, but I don't have it");
  await choose(page, "delivered-missing", "Not yet");
  const article = page.locator("#search-first .kefu-end a").first();
  assert.equal(await article.getAttribute("href"), "/en/orders/lost-parcel/");

  // A choice into another flow: that flow's page, at that step.
  await page.goto(url);
  await choose(page, "tracking", "It arrived, but the box is damaged");
  await page.waitForURL(/\/en\/flows\/product-quality\/#damaged$/);
  assert.deepEqual(await shownSteps(page), ["damaged"]);

  // The ticket ending's link lands on the contact page's ticket section (the sample posts
  // JSON, which needs JavaScript: the section says so and points at the channels).
  await page.goto(url + "#customs");
  await ticket.click();
  await page.waitForURL(/\/en\/contact\/\?topic=orders&urgency=normal#ticket$/);
  assert.equal(await page.locator("#ticket h2").textContent(), "Leave a ticket");
  assert.ok(await page.locator("#ticket").isVisible());
  assert.deepEqual(errors, []);
});

test("without :target, printed: every step shows, top to bottom; Chinese pages the same", async () => {
  const { page, errors } = await openPage(env.browser, { javaScriptEnabled: false, locale: "zh-CN" });
  await page.goto(env.site.url + "flows/order-not-received/");
  assert.deepEqual(await shownSteps(page), ["tracking"]);
  assert.equal(await page.locator("#tracking h2").textContent(), "物流页面显示什么状态？");
  await page.emulateMedia({ media: "print" });
  const all = await page.$$eval(".kefu-step", (steps) => steps.map((s) => s.id));
  assert.ok(all.length >= 8, `${all.length} steps`);
  assert.deepEqual(await shownSteps(page), all, "printed, every step shows");
  assert.deepEqual(errors, []);
});
