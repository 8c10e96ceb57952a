/* Dais: small behaviours every page shares (no inline scripts: the pages run under a strict CSP).
   - a field with data-autosubmit submits its form on change (the language menu);
   - <button data-print> prints the page;
   - a <form data-confirm="question"> asks before it is sent;
   - a field with data-limit="N" shows how many characters are left, and when over the limit
     says by how much and disables its form's submit button (nothing is cut silently);
   - a message with data-autohide goes away after a few seconds (the welcome banner). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-autosubmit]") && target.form) target.form.submit();
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // The catalogue loads after this file on the live pages: look it up when needed.
  function gettext(s) { return window.gettext ? window.gettext(s) : s; }
  function interpolate(s, o) {
    return window.interpolate ? window.interpolate(s, o, true) : s.replace(/%\((\w+)\)s/g, function (_, k) { return o[k]; });
  }
  function counterFor(field) {
    var id = field.id + "-count";
    var node = document.getElementById(id);
    if (!node) {
      node = document.createElement("p");
      node.id = id;
      node.className = "help char-count";
      node.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", node);
      var described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", described ? described + " " + id : id);
    }
    return node;
  }
  function updateCount(field) {
    var limit = parseInt(field.getAttribute("data-limit"), 10);
    if (!limit) return;
    var left = limit - field.value.length;
    var node = counterFor(field);
    node.textContent = left >= 0
      ? interpolate(gettext("%(n)s characters left"), { n: left })
      : interpolate(gettext("%(n)s characters too many: shorten it to send"), { n: -left });
    node.classList.toggle("over", left < 0);
    field.setAttribute("aria-invalid", left < 0 ? "true" : "false");
    if (field.form) {
      var over = Array.prototype.some.call(field.form.querySelectorAll("[data-limit]"), function (f) {
        return f.value.length > parseInt(f.getAttribute("data-limit"), 10);
      });
      Array.prototype.forEach.call(field.form.querySelectorAll("button[type=submit], button:not([type])"), function (b) {
        b.disabled = over;
      });
    }
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-limit]")) updateCount(event.target);
  });
  /* Fields a script empties or fills (after sending) ask for a recount with this event. */
  document.addEventListener("dais:recount", function (event) { updateCount(event.target); });
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-limit]"), updateCount);
    Array.prototype.forEach.call(document.querySelectorAll("[data-autohide]"), function (node) {
      setTimeout(function () { node.hidden = true; }, 8000);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
