/* Behaviour every page shares. Content-Security-Policy forbids inline scripts and handlers
   (onclick=, onchange=), so pages mark elements with data attributes instead:
   - data-autosubmit on a form field submits its form when it changes (the language menu);
   - data-print on a button prints the page (seat cards). */
(function () {
  "use strict";
  document.addEventListener("change", function (ev) {
    var field = ev.target;
    if (field && field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) field.form.submit();
  });
  document.addEventListener("click", function (ev) {
    var button = ev.target && ev.target.closest ? ev.target.closest("[data-print]") : null;
    if (button) { ev.preventDefault(); window.print(); }
  });
})();
