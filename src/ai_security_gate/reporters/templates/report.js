"use strict";
(function () {
  var boxes = document.querySelectorAll("input[data-status-filter]");
  var role = document.getElementById("role-filter");
  var shown = document.getElementById("shown-count");
  var note = document.getElementById("print-filter-note");
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var wanted = role.value;
    var count = 0;
    document.querySelectorAll(".prov").forEach(function (p) {
      var roles = (p.getAttribute("data-roles") || "").split(" ");
      var ok = on[p.getAttribute("data-status")] === true &&
        (wanted === "" || roles.indexOf(wanted) >= 0);
      p.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = String(count);
    var all = Array.prototype.every.call(boxes, function (b) { return b.checked; });
    note.textContent = (all && wanted === "") ? "" :
      "Filtered view: " + count + " provision(s) shown.";
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  role.addEventListener("change", apply);
  document.getElementById("filters").hidden = false;
  apply();
})();
