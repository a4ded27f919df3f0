// Weight editor: show the total and each dimension's share while typing.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-weight]");
  var total = document.getElementById("weight-total");
  function update() {
    var sum = 0;
    inputs.forEach(function (input) {
      var value = parseFloat(input.value);
      if (value > 0) sum += value;
    });
    total.textContent = sum.toFixed(2).replace(/\.?0+$/, "");
    inputs.forEach(function (input) {
      var value = parseFloat(input.value);
      var cell = document.querySelector('[data-share-for="' + input.dataset.weight + '"]');
      cell.textContent = sum > 0 && value >= 0 ? (value * 100 / sum).toFixed(1) + "%" : "—";
    });
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
  update();
})();
