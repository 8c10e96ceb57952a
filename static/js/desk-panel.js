/* Chair console: the statistics and ratings panel, fetched from the server each time it is
   opened (the chart is drawn server-side; nothing here draws). The fragment's rating form posts
   normally and comes back to the statistics page. */
(function () {
  "use strict";
  var panel = document.getElementById("desk-panel");
  if (!panel) return;
  var body = panel.querySelector("[data-desk-body]");
  panel.addEventListener("toggle", function () {
    if (!panel.open) return;
    fetch(panel.getAttribute("data-src"), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) { body.innerHTML = html; })
      .catch(function () { body.textContent = gettext("Could not load the statistics. Try again."); });
  });
})();
