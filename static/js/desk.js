/* Organizer dashboard: polls desk.json every 5 s and updates each committee card in place.
   Polling, not the websocket: one organizer watching a handful of committees needs one small
   query per committee every few seconds, and no socket per committee stays open. */
(function () {
  "use strict";
  var status = document.getElementById("desk-status");
  if (!status) return;
  var names = JSON.parse(document.getElementById("phase-names").textContent);
  var failures = 0;
  function apply(data) {
    data.committees.forEach(function (c) {
      var card = document.querySelector('[data-committee="' + c.id + '"]');
      if (!card) return;
      Object.keys(c).forEach(function (key) {
        var el = card.querySelector('[data-field="' + key + '"]');
        if (!el) return;
        if (key === "phase") {
          el.textContent = names[c.phase] || c.phase;
          el.setAttribute("data-phase", c.phase);
        } else {
          el.textContent = String(c[key]);
        }
      });
    });
  }
  function initialNames() {
    document.querySelectorAll('[data-field="phase"]').forEach(function (el) {
      el.textContent = names[el.getAttribute("data-phase")] || el.getAttribute("data-phase");
    });
  }
  function poll() {
    fetch(status.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { failures = 0; status.classList.remove("stale"); apply(data); })
      .catch(function () { failures += 1; if (failures > 1) status.classList.add("stale"); })
      .finally(function () { window.setTimeout(poll, document.hidden ? 20000 : 5000); });
  }
  initialNames();
  window.setTimeout(poll, 5000);
})();
