// Tickets end to end: the widget's form posts to a real help desk on 127.0.0.1 (a Node
// server of this file) that fails on purpose: it drops connections, answers 503 and 429
// with Retry-After, goes away and comes back, refuses a ticket with a 422. Each ticket must
// arrive exactly once, with every field, whatever happened on the way; bad input is
// caught in the form, and script typed into a field stays text everywhere it shows.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { crc32, deflateSync } from "node:zlib";
import { join } from "node:path";
import { REPO, serveSite, launchBrowser, inShadow, axeViolations } from "./harness.mjs";

/** The help desk: answers each POST by the next step of `plan` (a status, "drop" to cut
 *  the connection, or [status, headers, body]), then 201. Tickets are kept by key. */
class HelpDesk {
  plan = [];
  posts = []; // every POST that reached it: { key, contentType, body }
  feedback = []; // bodies posted to /feedback
  tickets = new Map(); // key -> body, the first delivery of each
  server = createServer((req, res) => this.handle(req, res));
  cors = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Content-Type, Idempotency-Key",
    "Access-Control-Expose-Headers": "Retry-After",
  };
  async listen(port = 0) {
    await new Promise((r) => this.server.listen(port, "127.0.0.1", r));
    this.port = this.server.address().port;
  }
  async close() {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
  handle(req, res) {
    if (req.method == "OPTIONS") return res.writeHead(204, { ...this.cors, "Access-Control-Allow-Methods": "POST" }).end();
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", async () => {
      const contentType = req.headers["content-type"];
      const raw = Buffer.concat(chunks);
      const body = contentType.startsWith("multipart/") ? await multipart(raw, contentType) : JSON.parse(raw);
      const key = req.headers["idempotency-key"] || body.key;
      if (req.url == "/feedback") {
        this.feedback.push(body);
        return res.writeHead(201, { ...this.cors, "Content-Type": "application/json" }).end("{}");
      }
      const step = this.plan.shift() ?? 201;
      this.posts.push({ key, contentType, body: raw.toString(), step });
      if (step == "drop") return req.socket.destroy();
      if (step == "hold") return (this.held = res); // no answer until the test says
      const [status, headers, answer] = Array.isArray(step) ? step : [step, {}, ""];
      if (status == 201 && !this.tickets.has(key)) this.tickets.set(key, body);
      const reply = status == 201 ? JSON.stringify({ reference: `HD-${this.tickets.size}` }) : answer;
      res.writeHead(status, { ...this.cors, ...headers, "Content-Type": "application/json" }).end(reply);
    });
  }
}

/** A multipart body as { field: value, ..., attachments: [{ name, type, bytes }] }. */
async function multipart(raw, contentType) {
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  const body = { attachments: [] };
  for (const [name, value] of form) {
    if (typeof value == "string") body[name] = value;
    else body[name == "attachments" ? "attachments" : name].push({ name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return body;
}

const desk = new HelpDesk();
const env = { roots: [], sites: [] };

/** The sample site in a temp folder, its tickets sent to the help desk, with `change`
 *  made to its config; served. */
async function sampleSite(change = (config) => config, { clarity = false } = {}) {
  const root = mkdtempSync(join(tmpdir(), "kefu-tickets-"));
  env.roots.push(root);
  symlinkSync(join(REPO, "content"), join(root, "content"));
  cpSync(join(REPO, "site"), join(root, "site"), { recursive: true });
  const config = join(root, "site/kefu.toml");
  const text = readFileSync(config, "utf8");
  const endpoint = /^endpoint = "\/api\/tickets"$/m;
  assert.match(text, endpoint, "the sample posts its tickets to kefu serve");
  // The tests below send short descriptions on purpose: "describe it clearly" is off but
  // for the site that tests it.
  const ours = text.replace(endpoint, `endpoint = "http://127.0.0.1:${desk.port}/tickets"`)
    .replace(/^min-seconds = \d+.*$/m, `min-seconds = 1\nfeedback = "http://127.0.0.1:${desk.port}/feedback"`).replace(/^clarity = .*$/m, (line) => (clarity ? line : "clarity = {}"));
  writeFileSync(config, change(ours));
  const site = await serveSite(root);
  env.sites.push(site);
  return site;
}

before(async () => {
  await desk.listen();
  env.site = await sampleSite();
  // Files: a multipart body, two files at most, of 200 KB each, images scaled to 400 px.
  env.files = await sampleSite((config) => config.replace(/^format = "json"$/m, 'format = "multipart"') +
    '\n[tickets.attachments]\nmax-files = 2\nmax-size = "200 KB"\ntypes = ["image/*", "application/pdf"]\nmax-edge = 400\n');
  env.clear = await sampleSite(undefined, { clarity: true });
  // A help desk that wants its own shape: a body template.
  env.template = await sampleSite((config) => config.replace(/^reference = .*$/m,
    `reference = "/reference"\ntemplate = '{"request": {"subject": {{subject}}, "comment": {"body": {{description}}}, "requester": {{email}}, "custom": {{fields}}, "key": {{key}}}}'`));
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  for (const site of env.sites) await site.stop();
  await desk.close();
  for (const root of env.roots) rmSync(root, { recursive: true, force: true });
});

/** A new visitor (a context of their own: their own IndexedDB) on the English home page,
 *  recording the widget's ticket events. */
async function visitor(site = env.site) {
  const context = await env.browser.newContext({ locale: "en" });
  const page = await context.newPage();
  // Errors thrown in the page; failed requests are the point of these tests.
  const errors = [];
  page.on("pageerror", (err) => errors.push(err.message));
  return { context, errors, ...(await onHome(page, site)) };
}

async function onHome(page, site = env.site) {
  const events = [];
  await page.exposeFunction("record", (e) => events.push(e));
  await page.addInitScript(() => {
    for (const name of ["ticket-queued", "ticket-sent", "ticket-failed"]) {
      addEventListener(`kefu:${name}`, (e) => window.record({ name, ...e.detail }));
    }
  });
  await page.goto(site.url + "en/");
  await page.waitForFunction(() => window.Kefu?.loaded);
  return { page, events };
}

/** Opens the ticket form through the JS API and waits for it. */
async function ticketForm(page, arg = { topic: "orders" }) {
  await page.evaluate((a) => Kefu("navigate", "ticket", a), arg);
  await page.locator(".kefu-ticket-form").waitFor();
  await page.waitForTimeout(1000); // the form's minimum time before sending
}

const field = (page, id) => page.locator(`#kefu-field-${id}`);
const state = (page) => page.locator(".kefu-ticket-state p").textContent();
/** Waits until the help desk holds `n` tickets. */
const delivered = (n, timeout = 20000) => waitFor(() => desk.tickets.size >= n, timeout);
async function waitFor(ok, timeout) {
  const end = Date.now() + timeout;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out; help desk saw ${JSON.stringify(desk.posts, null, 1)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function fillAndSend(page, description) {
  await field(page, "description").fill(description);
  await page.locator(".kefu-ticket-form button[type=submit]").click();
}

test("dropped twice, then delivered once with every field, prefilled ones included", async () => {
  desk.plan = ["drop", "drop"];
  const before = desk.tickets.size;
  const { page, events, errors, context } = await visitor();
  await page.evaluate(() => {
    Kefu("identify", { name: "Li Lei", email: "li@example.com" });
    Kefu("prefill", { order: "A-100234" });
  });
  await ticketForm(page);
  assert.equal(await field(page, "name").inputValue(), "Li Lei");
  assert.equal(await field(page, "email").inputValue(), "li@example.com");
  assert.equal(await field(page, "order").inputValue(), "A-100234");
  assert.equal(await field(page, "topic").inputValue(), "orders", "the topic the view was opened for");
  // The topic's checklist, ticked as its fields fill: the order number is there already.
  const done = () => page.locator(".kefu-checklist li.kefu-done").allTextContents();
  assert.deepEqual(await done(), ["✓Your order number (ready)"]);
  assert.equal(await page.locator(".kefu-checklist li").count(), 4);
  await field(page, "subject").fill("Parcel never came");
  await fillAndSend(page, "Tracking has said 'in transit' for 12 days.");
  await page.locator(".kefu-ticket-state").waitFor();
  await delivered(before + 1);
  await page.locator(".kefu-ticket-state p", { hasText: "Sent. Your reference is HD-" }).waitFor();

  const [key, body] = [...desk.tickets].at(-1);
  const posts = desk.posts.filter((p) => p.key == key);
  assert.equal(posts.length, 3, "two drops, then the delivery, all under one key");
  assert.equal(body.schema, "kefu.ticket/1");
  assert.equal(body.key, key);
  assert.deepEqual(body.fields, {
    name: "Li Lei", email: "li@example.com", order: "A-100234", topic: "orders",
    subject: "Parcel never came", description: "Tracking has said 'in transit' for 12 days.",
  });
  assert.equal(body.topic, "orders");
  assert.equal(body.locale, "en");
  assert.match(body.reference, /^K-[0-9A-Z]{6}$/);
  assert.deepEqual(events.map((e) => e.name), ["ticket-queued", "ticket-sent"]);
  assert.equal(events[1].reference, `HD-${desk.tickets.size}`);
  // The visitor's own list of tickets.
  assert.match(await page.locator(".kefu-ticket-history li").first().textContent(), /HD-\d+\s*Parcel never came\s*sent/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("503, then 429 with Retry-After: waits as asked, says why, and delivers once", async () => {
  desk.plan = [503, [429, { "Retry-After": "1" }, ""]];
  const before = desk.tickets.size;
  const { page, events, context } = await visitor();
  await ticketForm(page);
  await field(page, "email").fill("wang@example.com");
  await field(page, "description").fill("The app crashes when I pay.");
  // Pressed twice in a row: one ticket.
  await inShadow(page, (root) => {
    const send = root.querySelector(".kefu-ticket-form button[type=submit]");
    send.click();
    send.click();
  });
  await page.locator(".kefu-ticket-state p", { hasText: "help desk is busy" }).waitFor();
  await delivered(before + 1);
  const [key] = [...desk.tickets].at(-1);
  assert.equal(desk.posts.filter((p) => p.key == key).length, 3);
  await page.locator(".kefu-ticket-state p", { hasText: "Sent." }).waitFor();
  assert.deepEqual(events.map((e) => e.name), ["ticket-queued", "ticket-sent"]);
  assert.equal(desk.tickets.size, before + 1, "one ticket for two presses");
  await context.close();
});

test("the help desk away: the ticket waits, survives a reload, and the next page delivers it without opening the panel", async () => {
  const before = desk.tickets.size;
  await desk.close();
  const { page, context } = await visitor();
  await ticketForm(page);
  await field(page, "email").fill("zhao@example.com");
  await fillAndSend(page, "Refund not received after 10 days.");
  await page.locator(".kefu-ticket-state p", { hasText: "no connection" }).waitFor();
  await page.close();

  await desk.listen(desk.port); // back, on the same address
  const next = await onHome(await context.newPage());
  await delivered(before + 1);
  assert.equal([...desk.tickets.values()].at(-1).fields.email, "zhao@example.com");
  await waitFor(() => next.events.some((e) => e.name == "ticket-sent"), 5000);
  assert.equal(await next.page.evaluate(() => document.querySelector(".kefu-host").shadowRoot.querySelector("dialog")?.open ?? false), false);
  assert.equal(await next.page.evaluate(() => localStorage.getItem("kefu-outbox")), null, "nothing waits any more");
  await context.close();
});

test("offline, then online: delivered as the connection comes back", async () => {
  const before = desk.tickets.size;
  const { page, context } = await visitor();
  await ticketForm(page);
  await context.setOffline(true);
  await field(page, "email").fill("sun@example.com");
  await fillAndSend(page, "Wrong size delivered.");
  await page.locator(".kefu-ticket-state p", { hasText: "no connection" }).waitFor();
  await context.setOffline(false);
  await delivered(before + 1, 5000);
  await context.close();
});

test("two tabs with the same waiting ticket: one sends it, once", async () => {
  const before = desk.tickets.size;
  const posts = desk.posts.length;
  await desk.close();
  const { page, context } = await visitor();
  await ticketForm(page);
  await field(page, "email").fill("two@example.com");
  await fillAndSend(page, "Two tabs open.");
  await page.locator(".kefu-ticket-state p", { hasText: "no connection" }).waitFor();
  // A second tab of the same visitor: its loader sees the waiting ticket and delivers too.
  const second = await onHome(await context.newPage());
  await desk.listen(desk.port);
  await delivered(before + 1);
  await page.waitForTimeout(2500); // both tabs' next tries have come and gone
  assert.equal(desk.tickets.size, before + 1);
  assert.equal(desk.posts.length, posts + 1, "one try reached the help desk: the tabs never sent it both");
  await second.page.close();
  await context.close();
});

test("a refusal is shown in words, the text kept, and the corrected ticket sent", async () => {
  desk.plan = [[422, {}, JSON.stringify({ error: "this address cannot receive mail" })]];
  const before = desk.tickets.size;
  const { page, events, context } = await visitor();
  await ticketForm(page);
  await field(page, "email").fill("bounce@example.com");
  await fillAndSend(page, "Please call me back.");
  await page.locator(".kefu-ticket-state p", { hasText: "did not accept this ticket (this address cannot receive mail)" }).waitFor();
  assert.deepEqual(events.at(-1), { name: "ticket-failed", key: events[0].key, reference: events[0].reference, status: 422, message: "this address cannot receive mail" });
  await page.locator(".kefu-ticket-state button", { hasText: "Edit and send again" }).click();
  assert.equal(await field(page, "description").inputValue(), "Please call me back.", "the text is kept");
  await field(page, "email").fill("li.lei@example.com");
  await page.waitForTimeout(1000);
  await page.locator(".kefu-ticket-form button[type=submit]").click();
  await delivered(before + 1);
  assert.equal([...desk.tickets.values()].at(-1).fields.email, "li.lei@example.com");
  const history = await page.locator(".kefu-ticket-history li").allTextContents();
  assert.equal(history.length, 1, "the refused ticket was replaced by its corrected copy");
  await context.close();
});

test("missing and malformed fields are named at the field, focus goes to the first, nothing is sent", async () => {
  const posts = desk.posts.length;
  const { page, context } = await visitor();
  await ticketForm(page);
  await field(page, "email").fill("not-an-address");
  await field(page, "order").fill("#12");
  await page.locator(".kefu-ticket-form button[type=submit]").click();
  await page.locator("#kefu-field-email-error", { hasText: "not an email address" }).waitFor();
  assert.equal(await page.locator("#kefu-field-order-error").textContent(), "This does not match the format asked for.");
  assert.equal(await page.locator("#kefu-field-description-error").textContent(), "Please fill this in.");
  assert.equal(await field(page, "email").getAttribute("aria-invalid"), "true");
  assert.match(await field(page, "email").getAttribute("aria-describedby"), /kefu-field-email-error/);
  assert.equal(await inShadow(page, (root) => root.activeElement?.id), "kefu-field-email");
  assert.equal(await page.locator(".kefu-ticket-status").textContent(), "3 fields need your attention.");
  // A conditional field shows only for its topic.
  assert.equal(await page.locator(".kefu-field:has(#kefu-field-delivery)").isVisible(), true);
  await field(page, "topic").selectOption("refunds");
  assert.equal(await page.locator(".kefu-field:has(#kefu-field-delivery)").isVisible(), false);
  assert.equal(desk.posts.length, posts, "nothing was sent");
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  await context.close();
});

test("script typed into every field stays text in the form, the history and the help desk", async () => {
  const before = desk.tickets.size;
  const evil = `<img src=x onerror="window.pwned=1"><script>window.pwned=1</script>`;
  const { page, context } = await visitor();
  await ticketForm(page);
  for (const id of ["name", "subject"]) await field(page, id).fill(evil);
  await field(page, "email").fill("x@example.com");
  await fillAndSend(page, evil);
  await delivered(before + 1);
  await page.locator(".kefu-ticket-state p", { hasText: "Sent." }).waitFor();
  const body = [...desk.tickets.values()].at(-1);
  assert.equal(body.fields.name, evil);
  assert.equal(body.fields.description, evil);
  assert.match(await page.locator(".kefu-ticket-history li").first().textContent(), /<img src=x/);
  assert.equal(await inShadow(page, (root) => root.querySelectorAll(".kefu-ticket img, .kefu-ticket script").length), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await context.close();
});

/** A PNG of `width` x `height`, one colour: what a phone camera's photo stands for. */
function png(width, height) {
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "latin1");
    data.copy(out, 8);
    out.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, "latin1"), data])), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x5a)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]);
}

test("attachments: limits said per file, images scaled down, files arrive byte for byte in a multipart body", async () => {
  const before = desk.tickets.size;
  const { page, context, errors } = await visitor(env.files);
  await ticketForm(page);
  const input = page.locator("#kefu-field-attachments");
  assert.equal(await input.getAttribute("accept"), "image/*,application/pdf");
  assert.equal(await page.locator("#kefu-field-attachments-hint").textContent(), "Up to 2 files, each at most 200 KB.");
  const random = (n) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919 + 13) % 251));
  await input.setInputFiles([
    { name: "big.pdf", mimeType: "application/pdf", buffer: random(300_000) },
    { name: "run.exe", mimeType: "application/x-msdownload", buffer: random(10) },
  ]);
  const problems = page.locator("#kefu-field-attachments-error p");
  await problems.first().waitFor();
  assert.deepEqual(await problems.allTextContents(), [
    "big.pdf is 300 KB; each file may be at most 200 KB.",
    "run.exe: files of this type are not accepted (accepted: image/*, application/pdf).",
  ]);
  const invoice = random(50_000);
  await input.setInputFiles([
    { name: "invoice.pdf", mimeType: "application/pdf", buffer: invoice },
    { name: "photo.png", mimeType: "image/png", buffer: png(1200, 900) },
    { name: "third.pdf", mimeType: "application/pdf", buffer: random(5) },
  ]);
  await page.locator(".kefu-file-list li").nth(1).waitFor();
  assert.deepEqual(await problems.allTextContents(), ["third.pdf: at most 2 files per ticket."]);
  assert.match(await page.locator(".kefu-file-list").textContent(), /invoice\.pdf \(50 KB\).*photo\.png/);
  await field(page, "email").fill("files@example.com");
  await fillAndSend(page, "Box crushed, photo attached.");
  await delivered(before + 1);
  const body = [...desk.tickets.values()].at(-1);
  assert.equal(body.email, "files@example.com");
  assert.equal(body.description, "Box crushed, photo attached.");
  assert.match(body.reference, /^K-/);
  const [pdf, photo] = body.attachments;
  assert.equal(pdf.name, "invoice.pdf");
  assert.ok(pdf.bytes.equals(invoice), "the PDF arrives byte for byte");
  assert.equal(photo.name, "photo.png");
  assert.equal(photo.type, "image/png");
  const [width, height] = [photo.bytes.readUInt32BE(16), photo.bytes.readUInt32BE(20)];
  assert.deepEqual([width, height], [400, 300], "scaled to its longest edge, in proportion");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the tab closes mid-send: a keepalive copy goes out, and the ticket still arrives once", async () => {
  const before = desk.tickets.size;
  desk.plan = ["hold"];
  const { page, context } = await visitor();
  await ticketForm(page);
  await field(page, "email").fill("gone@example.com");
  await fillAndSend(page, "Closing the tab now.");
  await waitFor(() => desk.held, 10000);
  const key = desk.posts.at(-1).key;
  await page.close(); // pagehide, mid-send
  await waitFor(() => desk.posts.some((p) => p.key == key && p.contentType.startsWith("text/plain")), 10000);
  desk.held.socket.destroy();
  desk.held = null;
  assert.equal(desk.tickets.size, before + 1, "the keepalive copy delivered it");
  assert.equal(desk.tickets.get(key).fields.email, "gone@example.com");
  // The next page sends it again under the same key (no 2xx was seen): still one ticket.
  const next = await onHome(await context.newPage());
  await waitFor(() => next.events.some((e) => e.name == "ticket-sent"), 10000);
  assert.equal(desk.tickets.size, before + 1);
  assert.ok(desk.posts.filter((p) => p.key == key).length >= 3, "held, keepalive, and the try that saw the 2xx");
  await context.close();
});

test("the contact page mounts the same form in place of its own, sends, and passes axe", async () => {
  const before = desk.tickets.size;
  const context = await env.browser.newContext({ locale: "en" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(err.message));
  const events = [];
  await page.exposeFunction("record", (e) => events.push(e));
  await page.addInitScript(() => addEventListener("kefu:ticket-sent", (e) => window.record(e.detail)));
  const url = env.site.url + "en/contact/";
  await page.goto(url);
  const form = page.locator(".ticket-form .kefu-ticket-form");
  await form.waitFor();
  const shown = await page.evaluate(() => [...document.querySelector(".ticket-form").children].map((e) => e.firstElementChild?.className));
  assert.deepEqual(shown, ["kefu-ticket"], "the page's own content is replaced");
  // The form lives as long as the page holds it: a garbage collection must not unmount it.
  await (await context.newCDPSession(page)).send("HeapProfiler.collectGarbage");
  await page.waitForTimeout(1100); // the form's minimum time before sending
  await form.locator("#kefu-field-email").fill("han@example.com");
  await form.locator("#kefu-field-description").fill("Sent from the contact page.");
  await form.locator("button[type=submit]").click();
  await delivered(before + 1);
  await page.locator(".ticket-form .kefu-ticket-state p", { hasText: "Sent." }).waitFor();
  const body = [...desk.tickets.values()].at(-1);
  assert.equal(desk.tickets.size, before + 1, "delivered once");
  assert.equal(body.fields.email, "han@example.com");
  assert.equal(body.fields.description, "Sent from the contact page.");
  assert.equal(body.page, url);
  await waitFor(() => events.length > 0, 5000);
  assert.equal(events.length, 1, "one kefu:ticket-sent on window");
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  assert.deepEqual(errors, []);
  await context.close();
});

test("describe it clearly: a vague ticket is asked, once, for what its topic needs, and can be sent anyway", async () => {
  const before = desk.tickets.size;
  const { page, context } = await visitor(env.clear);
  await ticketForm(page, { topic: "orders" });
  await field(page, "email").fill("vague@example.com");
  await fillAndSend(page, "it doesn't work");
  const note = page.locator(".kefu-clarity");
  await note.waitFor();
  assert.deepEqual(await note.locator("li").allTextContents(), [
    "what happened, in a few sentences", "your order number", "when it happened", "what you expected, and what happened instead",
  ]);
  assert.match(await page.locator(".kefu-ticket-status").textContent(), /^To help us act on it the first time, please add: what happened/);
  assert.equal(await page.locator(".kefu-ticket-form button[type=submit]").textContent(), "Send anyway");
  await page.waitForTimeout(300);
  assert.equal(desk.tickets.size, before, "not sent on the first press");
  // A clear one for another topic is sent at once.
  await page.locator(".kefu-ticket-form button[type=submit]").click();
  await delivered(before + 1);
  assert.equal([...desk.tickets.values()].at(-1).fields.description, "it doesn't work");

  await page.locator(".kefu-link-button", { hasText: "Write another ticket" }).click();
  await field(page, "email").fill("clear@example.com");
  await field(page, "topic").selectOption("account");
  await fillAndSend(page, "Since yesterday the login code never arrives by SMS, but email codes still come through fine.");
  await delivered(before + 2);
  await context.close();
});

test("deflection: articles that may answer it show as the visitor types; one that did is told to the page, and the draft stays", async () => {
  const { page, context } = await visitor();
  await ticketForm(page, { topic: "refunds" });
  await field(page, "subject").fill("refund");
  await field(page, "description").fill("How long does a refund take to reach my card?");
  const suggestions = page.locator(".kefu-deflect li");
  await suggestions.first().waitFor();
  const first = suggestions.first().locator("a");
  assert.match(await first.getAttribute("href"), /\/en\/refunds\//);
  const deflected = page.evaluate(() => new Promise((resolve) => addEventListener("kefu:ticket-deflected", (e) => resolve(e.detail), { once: true })));
  await suggestions.first().locator("button", { hasText: "This answered it" }).click();
  const detail = await deflected;
  assert.equal(detail.url, await first.getAttribute("href"));
  assert.equal(detail.query, "How long does a refund take to reach my card?");
  await page.locator(".kefu-deflect p", { hasText: "Glad it helped" }).waitFor();
  // The draft stays with the tab: a reload, and the form has it again.
  await page.reload();
  await page.waitForFunction(() => window.Kefu?.loaded);
  await ticketForm(page, { topic: "refunds" });
  assert.equal(await field(page, "description").inputValue(), "How long does a refund take to reach my card?");
  assert.equal(await field(page, "subject").inputValue(), "refund");
  await context.close();
});

test("still not solved: a sent ticket's follow-up refers to it, and points to a supervisor or another channel", async () => {
  const before = desk.tickets.size;
  const { page, context } = await visitor();
  await ticketForm(page, { topic: "orders" });
  await field(page, "email").fill("again@example.com");
  await field(page, "subject").fill("Parcel lost");
  await fillAndSend(page, "Lost in transit.");
  await delivered(before + 1);
  const first = `HD-${desk.tickets.size}`;
  await page.locator(".kefu-ticket-history button", { hasText: "Still not solved?" }).first().click();
  await page.locator(".kefu-escalate", { hasText: `follows up ${first}` }).waitFor();
  assert.equal(await field(page, "subject").inputValue(), `Still not solved (${first}): Parcel lost`);
  assert.equal(await field(page, "email").inputValue(), "again@example.com", "what the visitor said then");
  assert.equal(await field(page, "description").inputValue(), "", "what happened since is theirs to say");
  assert.equal(await inShadow(page, (root) => root.activeElement?.id), "kefu-field-description");
  assert.match(await page.locator(".kefu-escalate a").getAttribute("href"), /\/en\/contact\/$/);
  await fillAndSend(page, "The replacement never came either.");
  await delivered(before + 2);
  const body = [...desk.tickets.values()].at(-1);
  assert.equal(body.refers_to, first);
  assert.equal(body.fields.description, "The replacement never came either.");
  await context.close();
});

test("a flow's ticket ending: the answers fill the form, the evidence is required, the way taken arrives with the ticket", async () => {
  const before = desk.tickets.size;
  const { page, context, errors } = await visitor();
  await page.evaluate(() => Kefu("flow", "order-not-received"));
  const choose = (name) => page.getByRole("button", { name, exact: true }).click();
  await choose("In transit, but late");
  await choose("5 days or more past the estimated date");
  await choose("International");
  await choose("Write to us with your answers");
  await page.locator(".kefu-ticket-form").waitFor();
  await page.waitForTimeout(1000); // the form's minimum time before sending
  // Nothing the visitor answered is asked again.
  assert.equal(await field(page, "topic").inputValue(), "orders");
  assert.equal(await field(page, "delivery").inputValue(), "international", "the answer fills the form's own select");
  const handover = page.locator(".kefu-flow-handover");
  assert.equal(await handover.locator("h4").textContent(), "From “My order hasn't arrived”");
  const path = [
    "What does the tracking page say?: In transit, but late",
    "How late is it?: 5 days or more past the estimated date",
    "Is it a domestic or an international delivery?: International",
  ];
  assert.deepEqual(await handover.locator("li").allTextContents(), path);
  assert.match(await handover.textContent(), /Please include: Order number, Delivery/);
  // The order number is evidence the flow asks for: required here, though the form does not say so elsewhere.
  assert.equal(await field(page, "order").evaluate((e) => e.required), true);
  await field(page, "email").fill("flow@example.com");
  await fillAndSend(page, "Stuck for a week.");
  assert.equal(await field(page, "order").getAttribute("aria-invalid"), "true");
  assert.equal(desk.tickets.size, before, "nothing sent without the evidence");
  await field(page, "order").fill("A-100777");
  await page.locator(".kefu-ticket-form button[type=submit]").click();
  await delivered(before + 1);
  const body = [...desk.tickets.values()].at(-1);
  assert.equal(body.topic, "orders");
  assert.equal(body.urgency, "normal");
  assert.equal(body.fields.delivery, "international");
  assert.equal(body.fields.order, "A-100777");
  assert.deepEqual(body.flow, {
    id: "order-not-received",
    path: path.join("\n"),
    answers: { status: "in-transit", delivery: "international" },
  });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a body template: the help desk gets its own shape, values written as JSON whatever was typed", async () => {
  const before = desk.tickets.size;
  const { page, context } = await visitor(env.template);
  await ticketForm(page, { topic: "orders" });
  await field(page, "email").fill("shape@example.com");
  await field(page, "subject").fill('He said "hi" \\ {{key}}');
  await fillAndSend(page, "Line one\nline two");
  await delivered(before + 1);
  const [key, body] = [...desk.tickets].at(-1);
  assert.deepEqual(Object.keys(body), ["request"]);
  assert.equal(body.request.subject, 'He said "hi" \\ {{key}}');
  assert.equal(body.request.comment.body, "Line one\nline two");
  assert.equal(body.request.requester, "shape@example.com");
  assert.equal(body.request.custom.topic, "orders");
  assert.equal(body.request.key, key, "the key in the body, and as the header");
  await context.close();
});

test("feedback: a ticket's satisfaction and an article's \"did this answer it?\" reach the feedback endpoint through the outbox", async () => {
  const before = desk.tickets.size;
  const given = desk.feedback.length;
  const { page, context } = await visitor();
  await ticketForm(page);
  await field(page, "email").fill("csat@example.com");
  await fillAndSend(page, "A question about an invoice.");
  await delivered(before + 1);
  const reference = `HD-${desk.tickets.size}`;
  await page.locator(".kefu-csat", { hasText: "How was writing to us?" }).waitFor();
  await page.locator(".kefu-csat button", { hasText: /^Good$/ }).click();
  await page.locator(".kefu-csat-thanks", { hasText: "Thank you for telling us." }).waitFor();
  await waitFor(() => desk.feedback.length == given + 1, 10000);
  const csat = desk.feedback.at(-1);
  assert.deepEqual([csat.schema, csat.kind, csat.score, csat.about, csat.locale], ["kefu.feedback/1", "csat", "4", reference, "en"]);
  assert.equal(await page.locator(".kefu-ticket-history li").count(), 1, "feedback is not listed as a ticket");
  assert.equal(desk.tickets.size, before + 1);

  await page.evaluate(() => Kefu("article", "/en/refunds/refund-policy/"));
  await page.locator(".kefu-feedback button", { hasText: "No" }).click();
  await waitFor(() => desk.feedback.length == given + 2, 10000);
  const article = desk.feedback.at(-1);
  assert.deepEqual([article.kind, article.helpful, article.url], ["article", "false", `${env.site.url}en/refunds/refund-policy/`]);
  await context.close();
});
