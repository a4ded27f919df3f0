// Tag inputs (data-tags, with a <datalist> of the tags in use): a comma-separated line
// of several tags. A datalist suggests whole values only, so after each separator the
// options are rewritten as "what is typed so far, " + each tag not yet on the line;
// the browser's own list then completes the second and later tags too.
(function () {
  "use strict";
  if (window.tagInputsReady) {
    return;
  }
  window.tagInputsReady = true;
  var SEPARATOR = /[,，、;；]/;

  function prepare(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) {
      return;
    }
    var tags = Array.prototype.map.call(list.options, function (option) {
      return option.value;
    });
    input.addEventListener("input", function () {
      var text = input.value;
      var cut = -1;
      for (var i = text.length - 1; i >= 0; i -= 1) {
        if (SEPARATOR.test(text[i])) {
          cut = i;
          break;
        }
      }
      var before = cut < 0 ? "" : text.slice(0, cut + 1).replace(/\s*$/, " ");
      var typed = before.split(SEPARATOR).map(function (tag) {
        return tag.trim().toLowerCase();
      });
      list.textContent = "";
      tags.forEach(function (tag) {
        if (typed.indexOf(tag.toLowerCase()) < 0) {
          var option = document.createElement("option");
          option.value = before + tag;
          list.appendChild(option);
        }
      });
    });
  }

  function start() {
    document.querySelectorAll("input[data-tags][list]").forEach(prepare);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
