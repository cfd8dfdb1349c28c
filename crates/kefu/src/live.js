/*! kefu serve: reloads the page when the site is rebuilt, and shows build errors over it.
 * Only `kefu serve` adds this script to pages; `kefu build` never does. */
(function () {
  "use strict";
  var overlay = null;
  function showError(text) {
    if (!overlay) {
      overlay = document.createElement("pre");
      overlay.setAttribute("role", "alert");
      overlay.className = "kefu-build-error";
      var s = overlay.style;
      s.position = "fixed"; s.inset = "0"; s.margin = "0"; s.padding = "2rem"; s.zIndex = "2147483647";
      s.overflow = "auto"; s.whiteSpace = "pre-wrap"; s.font = "14px/1.5 ui-monospace, monospace";
      s.background = "rgba(20, 20, 24, 0.95)"; s.color = "#ffb4b4";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "kefu: the build failed\n\n" + text;
  }
  // The build this page was served from; the server says which build is current.
  var shown = new URL(document.currentScript.src).searchParams.get("build");
  var events = new EventSource("/__kefu/events");
  events.addEventListener("build", function (event) {
    if (event.data !== shown) location.reload();
    else if (overlay) { overlay.remove(); overlay = null; }
  });
  events.addEventListener("build-error", function (event) { showError(event.data); });
})();
