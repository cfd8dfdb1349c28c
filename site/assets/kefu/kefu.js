/*! kefu loader: draws the launcher in a Shadow DOM and loads the widget on demand. */
// Embed (README, "Embedding the widget", documents every setting, command and event):
//   <script>window.KefuSettings = { locale: "en", color: "#0b6bcb" };</script>
//   <script async src="https://help.example.com/kefu/kefu.js"></script>
// or, under a strict CSP, the settings as data attributes of the script tag. Commands are
// queued until this file has run:
//   window.Kefu = window.Kefu || function () { (Kefu.q = Kefu.q || []).push(arguments); };
//   Kefu("open");
//
// This file runs on every page of the host site, so it stays small (a budget of 4 KB
// gzip) and touches nothing of the host's but its own element, `window.Kefu` and the
// listeners `destroy()` removes. It loads no wasm until the visitor shows interest
// (hover, focus, idle or click, as `preload` says).
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || window.Kefu?.loaded) return;

  // The site's locales and, per locale, the loader's words, its direction and its home
  // (relative to the site): written in by `kefu build`.
  let SITE = "__KEFU_SITE__";
  const here = new URL("./", script.src).href; // .../kefu/
  const siteBase = new URL("../", script.src).href; // the help center
  const own = Object.hasOwn;
  const warn = (message, ...more) => console.warn("kefu: " + message, ...more);

  // ---- Settings: each one's check (the value to use, or undefined) and what it accepts --
  const str = (v) => (typeof v == "string" && v ? v : undefined);
  const oneOf = (...values) => [(v) => (values.includes(v) ? v : undefined), values.map((v) => `"${v}"`).join(" or ")];
  const SETTINGS = {
    locale: [str, "a locale"],
    color: [(v) => (typeof v == "string" && CSS.supports("color", v) ? v : undefined), "a CSS colour"],
    position: oneOf("left", "right"),
    offset: [(v) => {
      const xy = typeof v == "number" ? [v, v] : typeof v == "string" ? v.trim().split(/[\s,]+/).map(Number) : v && [v.x, v.y];
      if (xy && xy.length < 2) xy[1] = xy[0];
      return xy?.every((n) => n >= 0 && n < 1e4) ? xy : undefined;
    }, 'pixels: 20, "20 30" or { x, y }'],
    zIndex: [(v) => (v !== "" && Number.isInteger(+v) ? +v : undefined), "an integer"],
    launcher: [(v) => (v && typeof v == "object" ? v : undefined), "{ label, hidden }"],
    launcherLabel: [str, "a string"],
    launcherHidden: [(v) => (v === "" || v === "true" || v === true ? true : v === "false" || v === false ? false : undefined), "true or false"],
    launcherSelector: [(v) => { try { return str(v) && (document.querySelector(v), v); } catch { return undefined; } }, "a CSS selector"],
    theme: oneOf("auto", "light", "dark"),
    preload: oneOf("hover", "idle", "click"),
    suggest: [(v) => (typeof v == "string" || Array.isArray(v) || v?.url ? v : undefined), "a search, [{ match, search }] or { url: true }"],
    topic: [str, "a string"],
  };
  const settings = { theme: "auto", preload: "hover" };
  const configure = (given) => {
    for (const key in given) {
      if (!own(given, key)) continue;
      if (!own(SETTINGS, key)) {
        warn(`unknown setting ${JSON.stringify(key)}; settings are: ${Object.keys(SETTINGS).join(", ")}`);
        continue;
      }
      const value = SETTINGS[key][0](given[key]);
      if (value === undefined) warn(`setting ${key} must be ${SETTINGS[key][1]}, not ${given[key]}`);
      else settings[key] = value;
    }
    const { launcher } = settings;
    if (launcher) {
      if (str(launcher.label)) settings.launcherLabel = launcher.label;
      if (typeof launcher.hidden == "boolean") settings.launcherHidden = launcher.hidden;
      delete settings.launcher;
    }
  };
  configure(script.dataset);
  configure(window.KefuSettings || {});

  // ---- Locale: the settings', the page's, the browser's, else the site's default -------
  const language = (tag) => tag.toLowerCase().split(/[-_]/)[0];
  const closest = (tag) => {
    const codes = Object.keys(SITE.locales);
    return tag && (codes.find((c) => c.toLowerCase() == tag.toLowerCase()) || codes.find((c) => language(c) == language(tag)));
  };
  const chooseLocale = () =>
    [settings.locale, document.documentElement.lang, ...(navigator.languages || [])].map(closest).find(Boolean) || SITE.default;
  let locale = chooseLocale();
  let words = SITE.locales[locale];

  // ---- Elements: a host element of ours, everything else in its shadow root ------------
  const make = (tag, className) => Object.assign(document.createElement(tag), { className });
  const host = make("div", "kefu-host"); // for the page's CSS: .kefu-host { --kefu-brand: ... }
  const root = host.attachShadow({ mode: "open" });
  const base = new CSSStyleSheet(); // :host and the launcher, needed at once
  const vars = new CSSStyleSheet(); // the settings, as custom properties
  const panelSheet = new CSSStyleSheet(); // kefu.css: the panel's, fetched with panel.js
  base.replaceSync(
    ":host{all:initial!important;font:15px/1.5 system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif!important;color-scheme:light dark!important;" +
    "--_brand:var(--kefu-brand,#0b6bcb);--_ox:var(--kefu-offset-x,20px);--_oy:var(--kefu-offset-y,20px);--_fg:light-dark(#1d2430,#e8ecf1)}" +
    ":host([data-theme=light]){color-scheme:light!important}:host([data-theme=dark]){color-scheme:dark!important}[hidden]{display:none!important}" +
    ".kefu-launcher{position:fixed;bottom:var(--_oy);right:var(--_ox);z-index:var(--kefu-z-index,2147483000);min-width:56px;height:48px;padding:0 20px;border:0;border-radius:24px;background:var(--_brand);color:var(--_on);font:inherit;font-weight:600;cursor:pointer;box-shadow:0 4px 16px #0004}" +
    ":host([data-position=left]) .kefu-launcher{right:auto;left:var(--_ox)}.kefu-launcher:focus-visible{outline:3px solid var(--_fg);outline-offset:3px}.kefu-launcher[aria-busy]{cursor:progress;opacity:.8}"
  );
  root.adoptedStyleSheets = [base, vars, panelSheet];
  const launcher = make("button", "kefu-launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-haspopup", "dialog");
  launcher.setAttribute("aria-expanded", "false");
  root.append(launcher);

  // Text on the brand colour: black or white, whichever contrasts more (one of them always
  // reaches 4.5:1). The brand may be the page's own --kefu-brand.
  const onBrand = (color) => {
    const canvas = document.createElement("canvas").getContext("2d");
    canvas.fillStyle = color;
    const hex = /^#[0-9a-f]{6}$/.test(canvas.fillStyle) ? canvas.fillStyle : "#000000";
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? "#000" : "#fff";
  };

  const applySettings = () => {
    words = SITE.locales[locale];
    const { color, offset, zIndex } = settings;
    vars.replaceSync(":host{" + (color ? `--kefu-brand:${color};` : "") +
      (offset ? `--kefu-offset-x:${offset[0]}px;--kefu-offset-y:${offset[1]}px;` : "") +
      (zIndex !== undefined ? `--kefu-z-index:${zIndex}` : "") + "}");
    const brand = getComputedStyle(host).getPropertyValue("--kefu-brand").trim() || "#0b6bcb";
    vars.insertRule(`:host{--_on:var(--kefu-on-brand,${onBrand(brand)})}`);
    host.setAttribute("data-theme", settings.theme);
    host.setAttribute("data-position", settings.position || (words.dir == "rtl" ? "left" : "right"));
    launcher.textContent = settings.launcherLabel || words.launcher;
    launcher.hidden = !!settings.launcherHidden;
    // The panel's dialog takes the same: it is the root's other child.
    for (const el of root.children) {
      el.lang = locale;
      el.dir = words.dir;
    }
    root.querySelector("dialog")?.setAttribute("aria-label", words.title);
  };

  // ---- Events: Kefu("on", name, fn), and kefu:<name> on window ------------------------
  const EVENTS = ["ready", "open", "close", "search", "article-viewed", "feedback", "contact-chosen", "ticket-queued", "ticket-sent", "ticket-failed", "ticket-deflected", "error", "flow-start", "flow-step", "flow-complete"];
  let listeners = Object.create(null);
  const emit = (name, detail) => {
    for (const fn of listeners[name] || []) {
      try { fn(detail); } catch (err) { console.error(err); }
    }
    window.dispatchEvent(new CustomEvent("kefu:" + name, { detail }));
  };

  // ---- The panel and the app: loaded when the visitor shows interest (panel.js) ------
  const fields = {}; // prefill and identify: kept for the ticket form
  let app = null; // a promise of [the app's glue, initialised; the engine's API]
  let searchModule = null; // a promise of the engine's API alone, which comes first
  let panel = null; // a promise of panel.js's panel, started
  let started = null; // that panel, once there
  // The engine's API; the engine itself is the app's (panel.js hands it over).
  const loadSearch = () =>
    (searchModule ||= import(here + "search.js").catch((err) => { searchModule = null; throw err; }));
  // The wasm is fetched beside its glue, not after it (the glue takes the response).
  const loadApp = () =>
    (app ||= ((wasm) => Promise.all([
      import(here + "kefu_widget.js").then((widget) => widget.default({ module_or_path: wasm }).then(() => widget)),
      loadSearch(),
    ]))(fetch(here + "kefu_widget_bg.wasm")).catch((err) => { app = null; throw err; }));
  // The ticket form and the outbox (ticket.js), loaded when a ticket is written or waits.
  let tickets = null;
  const loadTickets = () => (tickets ||= import(here + "ticket.js").catch((err) => { tickets = null; throw err; }));
  const core = {
    root, host, launcher, here, siteBase, settings, emit, warn, fields,
    tickets: loadTickets,
    locale: () => locale,
    words: () => words,
    app: loadApp,
    search: loadSearch,
  };
  const loadPanel = () =>
    (panel ||= Promise.all([
      import(here + "panel.js"),
      fetch(here + "kefu.css").then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${r.url}: HTTP ${r.status}`)))),
    ])
      .then(([module, css]) => {
        panelSheet.replaceSync(css);
        started = module.start(core);
        applySettings();
        return started;
      })
      .catch((err) => {
        panel = null; // the next try loads it again
        warn("the widget could not be loaded", err);
        emit("error", { message: String(err?.message || err) });
        throw err;
      }));
  const preload = () => {
    loadPanel().catch(() => {});
    loadApp().catch(() => {}); // the open will say
  };
  // Runs `fn(panel)` once the panel is there (the app loads meanwhile, side by side); the
  // launcher says it is busy until then.
  const withPanel = (fn) => {
    preload();
    launcher.setAttribute("aria-busy", "true");
    loadPanel().then(fn, () => {}).finally(() => launcher.removeAttribute("aria-busy"));
  };
  launcher.addEventListener("click", () => withPanel((p) => p.toggle(launcher)));
  for (const type of ["pointerenter", "focus"]) {
    launcher.addEventListener(type, () => settings.preload == "hover" && preload());
  }
  // The host's own buttons, now or later in the page: `launcherSelector`.
  const onDocumentClick = (event) => {
    const target = settings.launcherSelector && event.target.closest?.(settings.launcherSelector);
    if (target) {
      event.preventDefault();
      withPanel((p) => p.toggle(target));
    }
  };

  // ---- Commands: Kefu(name, ...args) and Kefu.name(...args) ---------------------------
  // Each check returns whether the arguments are good, warning once when they are not.
  const check = (ok, usage, value) => ok || warn(`${usage}, not ${String(value)}`);
  const text = (name, value, what) => check(typeof value == "string" && value.trim(), `${name}(${what}) takes a non-empty string`, value);
  const object = (name, value) => check(value && typeof value == "object" && !Array.isArray(value), `${name}() takes an object of fields`, value);
  const event = (name, type, fn) => check(EVENTS.includes(type) && typeof fn == "function", `${name}(event, fn): events are ${EVENTS.join(", ")}, and fn a function`, type);
  let idle = 0;
  const commands = {
    open: () => withPanel((p) => p.open()),
    close: () => started?.close(),
    toggle: () => withPanel((p) => p.toggle()),
    show: () => { launcher.hidden = settings.launcherHidden = false; },
    hide: () => { launcher.hidden = settings.launcherHidden = true; },
    navigate(view, arg = null) {
      if (text("navigate", view, "view, arg")) withPanel((p) => p.navigate(view, arg));
    },
    search(query) {
      if (text("search", query, "query")) withPanel((p) => p.navigate("results", query));
    },
    article(url) {
      if (text("article", url, "url")) withPanel((p) => p.navigate("article", new URL(url, siteBase).href));
    },
    suggest(...rule) {
      if (rule.length) {
        if (!check(SETTINGS.suggest[0](rule[0]) !== undefined, `suggest(rule) takes ${SETTINGS.suggest[1]}`, rule[0])) return;
        settings.suggest = rule[0];
      }
      started?.readContext();
    },
    prefill(given) {
      if (object("prefill", given)) Object.assign(fields, given);
    },
    identify(person) {
      if (object("identify", person)) Object.assign(fields, person);
    },
    config(given) {
      if (!object("config", given)) return;
      const before = settings.locale;
      configure(given);
      if (settings.locale != before) commands.setLocale(settings.locale);
      applySettings();
      started?.readContext();
    },
    setLocale(tag) {
      if (!text("setLocale", tag, "locale")) return;
      settings.locale = tag;
      const next = chooseLocale();
      if (next == locale) return;
      locale = next;
      applySettings();
      started?.relocate();
    },
    on: (type, fn) => event("on", type, fn) ? ((listeners[type] ||= []).push(fn), () => commands.off(type, fn)) : () => {},
    off(type, fn) {
      if (event("off", type, fn)) listeners[type] = (listeners[type] || []).filter((f) => f != fn && f.fn != fn);
    },
    once(type, fn) {
      if (!event("once", type, fn)) return () => {};
      const wrapper = (detail) => { commands.off(type, wrapper); fn(detail); };
      wrapper.fn = fn;
      return commands.on(type, wrapper);
    },
    reset() {
      for (const store of [localStorage, sessionStorage]) {
        try {
          for (const key of Object.keys(store)) if (key.startsWith("kefu")) store.removeItem(key);
        } catch { /* storage blocked: nothing stored either */ }
      }
      for (const key in fields) delete fields[key];
      started?.reset();
    },
    destroy() {
      started?.destroy();
      host.remove();
      document.removeEventListener("click", onDocumentClick, true);
      (window.cancelIdleCallback || clearTimeout)(idle);
      listeners = Object.create(null);
      delete window.Kefu;
    },
    flow: (id) => commands.navigate("flow", id),
  };

  const queued = window.Kefu?.q || [];
  let attached = false;
  const api = (name, ...args) => {
    if (!attached && !/^(on|off|once)$/.test(name)) return void queued.push([name, ...args]); // until there is a body
    try {
      if (own(commands, name)) return commands[name](...args);
      warn(`unknown command ${JSON.stringify(name)}; commands are: ${Object.keys(commands).join(", ")}`);
    } catch (err) {
      warn(`${name} failed`, err); // nothing ever throws into the host page
    }
  };
  for (const name in commands) api[name] = (...args) => api(name, ...args);
  api.loaded = true;
  window.Kefu = api;

  const attach = () => {
    applySettings();
    document.body.append(host);
    applySettings(); // once connected, the page's own --kefu-brand is seen
    document.addEventListener("click", onDocumentClick, true);
    if (settings.preload == "idle") idle = window.requestIdleCallback ? requestIdleCallback(preload) : setTimeout(preload, 2000);
    attached = true;
    for (const args of queued.splice(0)) api(...args);
    // A ticket still waits to be sent (the outbox marks it): deliver it, panel or not.
    try {
      if (localStorage.getItem("kefu-outbox")) loadTickets().then((t) => t.deliver(emit, (err) => warn("tickets:", err))).catch(() => {});
    } catch { /* storage blocked: no outbox either */ }
  };
  if (document.body) attach();
  else document.addEventListener("DOMContentLoaded", attach);
})();
