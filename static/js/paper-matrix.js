/* Sortable paper matrices: a button in each column heading sorts the rows by that column's
   data-sort values (numbers as numbers), again to reverse. Works with the two-row heading:
   the first row's first button is column 0; the second row's buttons are columns 1, 2, ... */
(function () {
  "use strict";
  function value(row, col) {
    var cell = row.children[col];
    return cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
  }
  function compare(a, b) {
    var numeric = /^-?\d+(\.\d+)?$/;
    if (numeric.test(a) && numeric.test(b)) { return parseFloat(a) - parseFloat(b); }
    return a.localeCompare(b);
  }
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var rows = table.tHead.rows;
    var buttons = [];
    buttons.push(rows[0].querySelector(".sort-button"));
    Array.prototype.forEach.call(rows[1].querySelectorAll(".sort-button"), function (b) { buttons.push(b); });
    buttons.forEach(function (button, col) {
      if (!button) { return; }
      button.addEventListener("click", function () {
        var th = button.closest("th");
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var sorted = Array.prototype.slice.call(body.rows).sort(function (r1, r2) {
          var c = compare(value(r1, col), value(r2, col));
          return ascending ? c : -c;
        });
        sorted.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
