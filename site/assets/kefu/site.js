/*! kefu on the help center's own pages: results as you type on the search page, and
 * instant results under the other search boxes once one is focused (search-ui.js, on
 * kefu's engine). Without JavaScript the forms still lead to the search page. The widget
 * (kefu.js) is apart: it is what other sites embed. */
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
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();
