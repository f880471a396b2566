// The session form's trigger-point rows: "Add a trigger point" adds a row in place (without
// JavaScript it submits and the page comes back with one more), "Remove" hides a row and marks
// it removed. The management form's TOTAL_FORMS counts the rows.
(function () {
  "use strict";
  function setUp() {
    var add = document.querySelector("button.add-point");
    var template = document.getElementById("point-template");
    var rows = document.getElementById("point-rows");
    var total = document.getElementById("id_points-TOTAL_FORMS");
    if (!add || !template || !rows || !total) return;
    add.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      var html = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(rows.querySelectorAll("fieldset.point:not([hidden])").length + 1));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild;
      var first = added && added.querySelector("select, input");
      if (first) first.focus();
    });
    rows.addEventListener("change", function (event) {
      var box = event.target;
      if (box && box.name && /-DELETE$/.test(box.name) && box.checked) {
        var row = box.closest("fieldset.point");
        if (row) row.hidden = true;
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
