// Scorecard keyboard entry: inside a dimension, digits 1-5 pick that level and
// 0 (or n) picks "not assessed". Tab and the arrow keys work natively.
(function () {
  "use strict";
  document.querySelectorAll("[data-score-group]").forEach(function (group) {
    group.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var key = event.key === "n" ? "0" : event.key;
      if (!/^[0-9]$/.test(key)) return;
      var value = key === "0" ? "na" : key;
      var radio = group.querySelector('input[type="radio"][value="' + value + '"]');
      if (!radio) return;
      event.preventDefault();
      radio.checked = true;
      radio.focus();
      radio.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
})();
