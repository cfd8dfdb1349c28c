/*! kefu loader: draws the launcher in a Shadow DOM and loads the widget on demand.
 *
 * Embed:  <script>window.KefuSettings = { locale: "en", color: "#0b6bcb" };</script>
 *         <script async src="https://help.example.com/kefu/kefu.js"></script>
 * or, under a strict CSP, settings as data attributes of the script tag:
 *         <script async src=".../kefu/kefu.js" data-locale="en" data-color="#0b6bcb"></script>
 * Commands, queued until this file has loaded:
 *         window.Kefu = window.Kefu || function () { (Kefu.q = Kefu.q || []).push(arguments); };
 *         Kefu("open");  // also "close", "toggle", and Kefu("suggest", "refund policy")
 * Suggestions before the visitor types, from `suggest` in the settings: a search
 * ("refund"), rules on the page's path ([{ match: "/checkout", search: "payment" }],
 * the first rule whose `match` starts the path wins), or { url: true } to search for
 * the words of the page's path.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.Kefu && window.Kefu.loaded) return;

  var here = new URL("./", script.src).href;      // .../kefu/
  var siteBase = new URL("../", script.src).href; // the help center
  var settings = Object.assign({}, script.dataset, window.KefuSettings || {});
  var locale = settings.locale || document.documentElement.lang || "en";
  var zh = /^zh/i.test(locale);
  var text = zh
    ? { open: "帮助", fallback: "打开帮助中心" }
    : { open: "Help", fallback: "Open the help center" };

  var host = document.createElement("div");
  host.className = "kefu-host";
  if (settings.color) host.style.setProperty("--kefu-brand", settings.color);
  var root = host.attachShadow({ mode: "open" });

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = here + "kefu.css";
  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "kefu-launcher";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "kefu-frame");
  launcher.textContent = text.open;
  var frame = document.createElement("div");
  frame.id = "kefu-frame";
  frame.className = "kefu-frame";
  frame.hidden = true;
  root.append(css, frame, launcher);

  // What to suggest before the visitor types.
  function suggestion(rule) {
    if (typeof rule === "string") return rule;
    var path = location.pathname;
    if (Array.isArray(rule)) {
      for (var i = 0; i < rule.length; i++) {
        if (rule[i] && typeof rule[i].match === "string" && path.indexOf(rule[i].match) === 0) return String(rule[i].search || "");
      }
      return "";
    }
    if (rule && rule.url) {
      return path.split(/[\/\-_.]+/).filter(function (w) { return w && !/^(\d+|html?|php|index)$/i.test(w); }).join(" ");
    }
    return "";
  }
  var suggest = suggestion(settings.suggest);

  // The app and the search engine, loaded together on the first open.
  function loadModules() {
    var app = import(here + "kefu_widget.js").then(function (widget) {
      return widget.default({ module_or_path: here + "kefu_widget_bg.wasm" }).then(function () { return widget; });
    });
    return Promise.all([app, import(here + "search.js")]);
  }

  var panel = null;
  function load() {
    if (!panel) {
      panel = loadModules()
        .then(function (modules) { modules[0].mount(frame, locale, suggest, modules[1].open(locale)); })
        .catch(function (err) {
          // Without the app, the panel still offers the help center itself.
          console.warn("kefu: the widget could not start; linking to the help center instead.", err);
          var link = document.createElement("a");
          link.className = "kefu-fallback";
          link.href = siteBase;
          link.textContent = text.fallback;
          frame.replaceChildren(link);
          link.focus();
        });
      return panel;
    }
    return panel.then(function () {
      frame.dispatchEvent(new CustomEvent("kefu:open"));
    });
  }

  // The help center's search page: live results under its own search box.
  function enhanceSearchPage() {
    var results = document.querySelector("[data-kefu-search]");
    var input = results && document.getElementById(results.getAttribute("data-kefu-search"));
    if (!input) return;
    var q = new URLSearchParams(location.search).get("q");
    if (q) input.value = q;
    import(here + "search-ui.js").then(function (search) {
      search.mountPage(results, input, locale);
    }, function (err) {
      console.warn("kefu: live search is unavailable; the search form still works.", err);
    });
  }

  // The help center's other search boxes: instant results once one is focused.
  function enhanceSearchBoxes() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-kefu-instant]"), function (box) {
      box.addEventListener("focus", function () {
        import(here + "search-ui.js").then(function (search) { search.mountBox(box, locale); }, function (err) {
          console.warn("kefu: instant results are unavailable; the search form still works.", err);
        });
      }, { once: true });
    });
  }

  function isOpen() {
    return !frame.hidden;
  }
  function open() {
    if (isOpen()) return;
    frame.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    load();
  }
  function close() {
    if (!isOpen()) return;
    frame.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  var commands = {
    open: open,
    close: close,
    toggle: function () { isOpen() ? close() : open(); },
    suggest: function (rule) {
      suggest = suggestion(rule);
      frame.dispatchEvent(new CustomEvent("kefu:suggest", { detail: suggest }));
    },
  };

  launcher.addEventListener("click", commands.toggle);
  frame.addEventListener("kefu:close", close);
  frame.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    event.preventDefault(); // or the search box would only be cleared
    close();
  });

  var queued = window.Kefu && window.Kefu.q || [];
  window.Kefu = function (name) {
    var command = commands[name];
    if (command) command.apply(null, Array.prototype.slice.call(arguments, 1));
    else console.warn("kefu: unknown command " + JSON.stringify(name));
  };
  window.Kefu.loaded = true;

  function attach() {
    document.body.appendChild(host);
    enhanceSearchPage();
    enhanceSearchBoxes();
    queued.forEach(function (args) { window.Kefu.apply(null, args); });
  }
  if (document.body) attach();
  else document.addEventListener("DOMContentLoaded", attach);
})();
