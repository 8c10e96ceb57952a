/* Dais: small behaviours every page shares (no inline scripts: the pages run under a strict CSP).
   - <select data-autosubmit> submits its form on change (the language menu);
   - <button data-print> prints the page;
   - a <form data-confirm="question"> asks before it is sent. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) target.form.submit();
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
})();
