/* Dais: small behaviours every page shares (no inline scripts: the pages run under a strict CSP).
   - a field with data-autosubmit submits its form on change (the language menu), or on Enter
     when the keyboard chose;
   - <button data-print> prints the page;
   - a <form data-confirm="question"> asks before it is sent, in a modal dialog that the
     keyboard answers (window.daisConfirm, used by the live pages too);
   - a field with data-limit="N" shows how many characters are left, and when over the limit
     says by how much and disables its form's submit button (nothing is cut silently);
   - a message with data-autohide goes away after a few seconds (the welcome banner). */
(function () {
  "use strict";
  /* A menu with data-autosubmit applies a choice made with the mouse at once; from the keyboard
     the arrow keys only move through the options (they would otherwise leave the page at the
     first press) and Enter applies the choice. */
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target.matches && target.matches("[data-autosubmit]") && target.form)) return;
    if (target.dataset.keyboard) return;
    target.form.submit();
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!(target.matches && target.matches("[data-autosubmit]") && target.form)) return;
    if (event.key === "Enter") {
      event.preventDefault();
      target.form.submit();
    } else if (event.key !== "Tab" && event.key !== "Shift") {
      target.dataset.keyboard = "1";
    }
  });
  document.addEventListener("pointerdown", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-autosubmit]")) delete target.dataset.keyboard;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (!question) return;
    if (form.dataset.confirmed) { delete form.dataset.confirmed; return; }
    event.preventDefault();
    var submitter = event.submitter || null;
    window.daisConfirm(question).then(function (ok) {
      if (!ok) return;
      form.dataset.confirmed = "1";
      if (form.requestSubmit) form.requestSubmit(submitter);
      else form.submit();
    });
  });

  // The catalogue loads after this file on the live pages: look it up when needed.
  function gettext(s) { return window.gettext ? window.gettext(s) : s; }

  /* A confirmation as a modal <dialog> in the page's language (window.confirm's box is the
     browser's own, in the browser's language). Focus starts on "Cancel" (the safe answer), Tab
     and Shift+Tab stay inside, Escape cancels, Enter or Space answers; focus then returns to
     the control that asked. Resolves true when confirmed. */
  var dialogCount = 0;
  window.daisConfirm = function (question) {
    var opener = document.activeElement;
    if (typeof HTMLDialogElement !== "function") return Promise.resolve(window.confirm(question));
    return new Promise(function (resolve) {
      dialogCount += 1;
      var dialog = document.createElement("dialog");
      dialog.className = "confirm-dialog";
      dialog.setAttribute("aria-labelledby", "confirm-question-" + dialogCount);
      var text = document.createElement("p");
      text.id = "confirm-question-" + dialogCount;
      text.textContent = question;
      var buttons = document.createElement("div");
      buttons.className = "actions";
      var cancel = document.createElement("button");
      cancel.type = "button";
      cancel.className = "button";
      cancel.textContent = gettext("Cancel");
      var ok = document.createElement("button");
      ok.type = "button";
      ok.className = "button primary";
      ok.textContent = gettext("Confirm");
      ok.setAttribute("data-confirm-ok", "");
      buttons.append(cancel, ok);
      dialog.append(text, buttons);
      var answer = false;
      cancel.addEventListener("click", function () { dialog.close(); });
      ok.addEventListener("click", function () { answer = true; dialog.close(); });
      dialog.addEventListener("close", function () {
        dialog.remove();
        if (opener && opener.isConnected && opener.focus) opener.focus();
        resolve(answer);
      });
      document.body.appendChild(dialog);
      dialog.showModal();
      cancel.focus();
    });
  };
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
