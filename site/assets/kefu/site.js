/*! kefu on the help center's own pages: results as you type on the search page, and
 * instant results under the other search boxes once one is focused (search-ui.js, on
 * kefu's engine); on the contact page, each channel's status now and the widget's ticket
 * form (ticket.js); on every page, a ticket still waiting is delivered. Without
 * JavaScript the forms still lead to the search page, the hours are still listed and the
 * contact page's own form posts. The widget (kefu.js) is apart: it is what other sites
 * embed. */
(function () {
  "use strict";
  var here = new URL("./", document.currentScript.src).href;
  var locale = document.documentElement.lang || "en";
  function ui(then, what) {
    import(here + "search-ui.js").then(then, function (err) {
      console.warn("kefu: " + what + " is unavailable; the search form still works.", err);
    });
  }
  function enhance() {
    var results = document.querySelector("[data-kefu-search]");
    var input = results && document.getElementById(results.getAttribute("data-kefu-search"));
    if (input) {
      var q = new URLSearchParams(location.search).get("q");
      if (q) input.value = q;
      ui(function (search) { search.mountPage(results, input, locale); }, "live search");
    }
    Array.prototype.forEach.call(document.querySelectorAll("input[data-kefu-instant]"), function (box) {
      box.addEventListener("focus", function () {
        ui(function (search) { search.mountBox(box, locale); }, "instant results");
      }, { once: true });
    });
  }
  // The contact page: each channel's status now, in the visitor's time, from the widget's
  // own recommender (its wasm), over the locale's widget data.
  function liveHours() {
    var contact = document.querySelector("[data-kefu-contact]");
    if (!contact) return;
    var data = import(here + "search.js").then(function (search) {
      return search.fetchFile(new URL("widget-" + contact.getAttribute("data-kefu-contact") + ".bin", here));
    });
    var widget = import(here + "kefu_widget.js").then(function (w) {
      return w.default({ module_or_path: here + "kefu_widget_bg.wasm" }).then(function () { return w; });
    });
    Promise.all([widget, data]).then(function (loaded) {
      // The recommender comes with the contact view's code, which the app fetches.
      return loaded[0].contact_status(loaded[1]);
    }).then(function (statuses) {
      statuses.forEach(function (status) {
        var channel = contact.querySelector('[data-kefu-channel="' + CSS.escape(status.id) + '"] [data-kefu-status]');
        if (!channel) return;
        channel.textContent = status.text;
        channel.setAttribute("data-open", String(status.open));
        channel.hidden = false;
      });
    }, function (err) {
      console.warn("kefu: live hours are unavailable; the hours above still hold.", err);
    });
  }
  // The ticket events, as the widget sends them: kefu:<name> on window.
  function emit(name, detail) {
    window.dispatchEvent(new CustomEvent("kefu:" + name, { detail: detail }));
  }
  function ticketWarn(err) {
    console.warn("kefu: tickets:", err);
  }
  function tickets() {
    return import(here + "ticket.js");
  }
  // The contact page: the widget's ticket form in place of the page's own, which stays
  // until this one is there. It does not take the focus (`focus: false`): the visitor has
  // not asked for it yet, and the page would jump down to it.
  var mounted = null;
  function ticketForm() {
    var section = document.querySelector("[data-kefu-ticket-form]");
    if (!section) return;
    var locale = section.getAttribute("data-kefu-ticket-form");
    var search = import(here + "search.js");
    var data = search.then(function (s) { return s.fetchFile(new URL("widget-" + locale + ".bin", here)); });
    var slot = document.createElement("div");
    Promise.all([tickets(), data, search]).then(function (loaded) {
      // The engine answers the description as it is typed (deflection), as in the panel.
      // A flow's leaf links here with its topic and urgency (?topic=orders&urgency=urgent).
      var asked = new URLSearchParams(location.search);
      var topic = asked.get("topic") || "", urgency = asked.get("urgency") || "";
      var context = {
        topic: /^[\w-]{1,64}$/.test(topic) ? topic : "",
        urgency: /^(urgent|normal|low)$/.test(urgency) ? urgency : "",
        fields: {},
        page: location.href, focus: false, searcher: loaded[2].open(locale)
      };
      return loaded[0].mount(emit, ticketWarn, slot, loaded[1], new URL("../", here).href, context);
    }).then(function (form) {
      mounted = form; // held: were it collected, the form would unmount itself
      section.replaceChildren(slot);
    }, function (err) {
      console.warn("kefu: the ticket form is unavailable; the contact page's own stays.", err);
    });
  }
  // A ticket waits to be sent (the outbox marks it): deliver it from this page too.
  function outbox() {
    try {
      if (!localStorage.getItem("kefu-outbox")) return;
    } catch (err) {
      return; // storage blocked: no outbox either
    }
    tickets().then(function (t) { return t.deliver(emit, ticketWarn); }).then(null, ticketWarn);
  }
  function start() {
    enhance();
    liveHours();
    ticketForm();
    outbox();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
