/*! kefu panel: the widget's dialog and the app in it, loaded by kefu.js on demand. */
// The loader (kefu.js) draws the launcher, keeps the settings and the JS API, and imports
// this module, the app's glue and the engine's API together when the visitor shows
// interest. What only matters once the panel is wanted lives here: the dialog, mounting
// the app per locale, focus, the page's context (suggestions and topic, followed through
// a single-page app's moves), and what happens when the app fails.

/**
 * Starts the panel in the loader's shadow root (its stylesheet is there already). `core`
 * is what the loader shares: { root, host, launcher, here, siteBase, settings, locale(),
 * words(), emit, warn, app(), search() }: app() loads the app's glue and the engine's
 * API, search() the API alone (which comes first).
 */
export function start(core) {
  const { root, host, launcher, here, siteBase, settings, emit, warn } = core;
  const make = (tag, className = "") => Object.assign(document.createElement(tag), { className });
  const dialog = make("dialog", "kefu-dialog");
  const frame = make("div"); // the app's
  const note = make("p", "kefu-note"); // "loading", or the way out when the app fails
  note.setAttribute("role", "status");
  const noteText = make("span");
  const noteLink = make("a"); // made now: a host that broke the DOM may be why the app fails
  noteLink.href = siteBase;
  note.append(noteText, noteLink);
  dialog.append(frame, note);
  root.append(dialog);

  let app = null; // the mounted app: { command(name, a, b), unmount() }
  let mounting = null;
  let broken = false;
  let wanted = false;
  let opener = null; // what gets focus back on close
  const pending = []; // commands for the app, until it is mounted
  let context = { suggest: "", topic: "" }; // the page's, for every mount
  let dataBytes = null; // the locale's widget data, for the ticket form
  let ticketForm = null; // the ticket form's app, while the ticket view shows

  const words = () => core.words();
  const mount = () => {
    if (app || broken || mounting) return;
    const mine = core.locale();
    noteText.textContent = words().loading;
    noteLink.hidden = true;
    note.hidden = false;
    // The locale's data is fetched while the app's wasm compiles.
    // (Asked for now; unpacked by search.js once it is there.)
    const response = fetch(new URL(`widget-${mine}.bin`, here));
    response.catch(() => {}); // a failure is reported below, never unhandled
    const data = core.search().then((search) => response.then(search.unpack));
    data.then((bytes) => (dataBytes = bytes), () => {});
    mounting = Promise.all([core.app(), data])
      .then(([[widget, search], data]) => {
        if (broken || mine != core.locale()) return; // destroyed, or another locale asked for
        widget.onError(fail); // an error inside the app's callbacks comes here, never to the page's onerror
        search.useEngine(widget.Index); // the app links the engine: no module of its own
        // The flows' steps, for instance, come when a walk starts.
        const fetchFile = (name) => search.fetchFile(new URL(name, here));
        app = widget.mount(frame, data, search.open(mine), siteBase, emit, fetchFile);
        note.hidden = true;
        app.command("context", context.suggest, context.topic);
        for (const c of pending.splice(0)) app.command(...c);
        if (dialog.open) app.command("focus");
        emit("ready", { locale: mine });
        search.open(mine).load().catch(() => {}); // the engine and the index, for the first keystroke
      })
      .catch(fail)
      .finally(() => {
        mounting = null; // after a failure, the next open tries again
        if (mine != core.locale() && wanted) mount(); // the visitor chose another locale meanwhile
      });
  };

  // Sends a command to the app, mounting it first; an error inside it is the widget's.
  const toApp = (...command) => {
    if (!app) return pending.push(command), mount();
    try {
      app.command(...command);
    } catch (err) {
      fail(err);
    }
  };

  // The widget failed: the panel offers the help center itself, and the page is told.
  const fail = (err) => {
    if (broken) return; // said already
    warn("the widget stopped; the panel links to the help center instead.", err);
    if (app) {
      broken = true;
      try { app.unmount(); } catch { /* it is broken already */ }
      app = null;
    }
    noteText.textContent = "";
    noteLink.href = siteBase + words().home;
    noteLink.textContent = words().unavailable;
    noteLink.hidden = note.hidden = false;
    frame.replaceChildren();
    emit("error", { message: String(err?.message || err) });
  };

  // A modal dialog, not a panel beside the page: the top layer puts it above anything the
  // host stacks or clips, the rest of the page goes inert so that Tab stays inside, and
  // screen readers are told it is modal. A click outside closes it: the page is one
  // click away.
  const open = (by) => {
    if (wanted) return;
    wanted = true;
    const active = document.activeElement;
    opener = by || (active && active != document.body && active != host ? active : launcher);
    readContext();
    launcher.setAttribute("aria-expanded", "true");
    if (host.isConnected) dialog.showModal();
    if (app) toApp("focus");
    else mount();
    emit("open", {});
  };
  const close = () => {
    if (!wanted) return;
    wanted = false;
    dialog.close();
    launcher.setAttribute("aria-expanded", "false");
    (opener?.isConnected && !opener.hidden ? opener : launcher).focus();
    emit("close", {});
  };

  dialog.addEventListener("cancel", (event) => {
    event.preventDefault(); // closed our way: focus goes back where it was
    close();
  });
  // Escape closes, even from a search box that would only clear itself; Tab goes round the
  // panel, from the last control to the first and back.
  dialog.addEventListener("keydown", (event) => {
    if (event.key == "Escape") return event.preventDefault(), close();
    if (event.key != "Tab") return;
    const items = [...dialog.querySelectorAll("a[href],button,input,select,textarea,[tabindex]")]
      .filter((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length);
    const [first, last] = event.shiftKey ? [items.at(-1), items[0]] : [items[0], items.at(-1)];
    if (first && root.activeElement == last) {
      event.preventDefault();
      first.focus();
    }
  });
  dialog.addEventListener("click", (event) => {
    const r = dialog.getBoundingClientRect();
    const { clientX: x, clientY: y } = event;
    if (event.target == dialog && (x < r.left || x > r.right || y < r.top || y > r.bottom)) close();
  });
  frame.addEventListener("kefu:close", close); // the app's close button
  // An article's "was this helpful?", for a site with a feedback endpoint: sent through
  // the tickets' outbox, loaded for it.
  frame.addEventListener("kefu:feedback", ({ detail: { url, helpful } }) => {
    core.tickets().then((t) => t.feedback(emit, warn, dataBytes, siteBase, url, helpful)).catch(() => {});
  });
  // A chat provider's launcher on the page (`provider` in [[contact.channels]]).
  const CHATS = {
    crisp: () => window.$crisp.push(["do", "chat:open"]),
    intercom: () => window.Intercom("show"),
    zendesk: () => window.zE("messenger", "open"),
    tawk: () => window.Tawk_API.maximize(),
    chatwoot: () => window.$chatwoot.toggle("open"),
    helpscout: () => window.Beacon("open"),
  };
  frame.addEventListener("kefu:chat", ({ detail: provider }) => {
    close();
    try {
      CHATS[provider]();
    } catch (err) {
      warn(`the ${provider} chat is not on this page`, err);
    }
  });

  // The ticket view's place in the app: the form is a module of its own, mounted there
  // (and unmounted when the view goes, with `slot` null). `flow` is what a flow found out,
  // when one led there: { id, title, path, answers: { field: value }, evidence: [field] }.
  frame.addEventListener("kefu:ticket", ({ detail: { slot, topic, urgency, flow } }) => {
    ticketForm?.unmount();
    ticketForm = null;
    if (!slot) return;
    const given = { topic, urgency, flow, fields: { ...core.fields }, page: location.href };
    Promise.all([core.tickets(), core.search()])
      .then(([t, search]) => t.mount(emit, fail, slot, dataBytes, siteBase, { ...given, searcher: search.open(core.locale()) }))
      .then((form) => (slot.isConnected ? (ticketForm = form) : form.unmount()))
      .catch(fail);
  });

  // ---- The page's context: suggestions and topic, re-read when a single-page app moves --
  const suggestion = (rule) => {
    const path = location.pathname;
    if (typeof rule == "string") return rule;
    if (Array.isArray(rule)) return String(rule.find((r) => typeof r?.match == "string" && path.startsWith(r.match))?.search || "");
    return rule?.url ? path.split(/[/\-_.]+/).filter((w) => w && !/^(\d+|html?|php|index)$/i.test(w)).join(" ") : "";
  };
  const readContext = () => {
    const tagged = document.querySelector("[data-kefu-topic]")?.getAttribute("data-kefu-topic");
    const next = { suggest: suggestion(settings.suggest), topic: tagged || settings.topic || "" };
    if (next.suggest == context.suggest && next.topic == context.topic) return;
    context = next;
    if (app) toApp("context", next.suggest, next.topic);
  };
  // The Navigation API sees pushState, replaceState, back, forward and hash changes (every
  // current browser has it; an older one re-reads the context whenever the panel opens).
  // A page that changes its topic in place is followed too: only that attribute is watched.
  let routeTimer = 0;
  const onRoute = () => {
    clearTimeout(routeTimer);
    routeTimer = setTimeout(readContext); // after the page has rendered its new route
  };
  const topicWatch = new MutationObserver(onRoute);
  topicWatch.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-kefu-topic"] });
  window.navigation?.addEventListener?.("currententrychange", onRoute);

  return {
    open,
    close,
    toggle: (by) => (wanted ? close() : open(by)),
    readContext,
    /** A command for the app: navigate(view, arg) opens the panel on it. */
    navigate(view, arg) {
      open();
      toApp("navigate", view, arg);
    },
    reset: () => app && toApp("reset"),
    /** Another locale: the app is mounted anew, in it. */
    relocate() {
      app?.unmount();
      app = null;
      if (wanted) mount();
    },
    destroy() {
      wanted = false;
      broken = true;
      if (dialog.open) dialog.close();
      try { ticketForm?.unmount(); app?.unmount(); } catch { /* going anyway */ }
      app = ticketForm = null;
      topicWatch.disconnect();
      window.navigation?.removeEventListener?.("currententrychange", onRoute);
      clearTimeout(routeTimer);
    },
  };
}
