// Scorecard keyboard entry, as the hint on the page describes it.
// - On load the focus is on the first dimension's levels (or on the error
//   summary after a failed save).
// - In a dimension's levels, a digit picks that level (0: not assessed) and
//   moves on to the next dimension; after an extreme level, which needs
//   evidence, to this dimension's evidence note instead. Shift+Tab right after a
//   digit goes back to the note of the dimension just scored. Arrow keys and Tab
//   otherwise keep their native behaviour.
// - Dimensions folded away (outside the round's focus) are passed over.
// - A link of the error summary focuses the field in error, not just scrolls.
(function () {
  "use strict";
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-score-group]"));

  function folded(element) {
    var details = element.closest("details");
    return details !== null && !details.open;
  }

  function firstRadio(group) {
    return group.querySelector('input[type="radio"]:checked') || group.querySelector('input[type="radio"]');
  }

  // Bring the whole dimension (its name and anchors) into view, then focus.
  function show(control) {
    var box = control.closest(".score-dimension");
    if (box) box.scrollIntoView({ block: "start", behavior: "instant" });
    control.focus();
  }

  function moveOn(group) {
    var next = groups.slice(groups.indexOf(group) + 1).filter(function (g) { return !folded(g); })[0];
    if (next) {
      show(firstRadio(next));
      return;
    }
    var after = document.querySelector("[data-after-scores]");
    var target = after && (after.querySelector("input:checked") || after.querySelector("input, textarea"));
    if (target) target.focus();
  }

  // The dimension a digit just moved on from: Shift+Tab, pressed next, goes back
  // to its note even when something else (the folded dimensions) comes between.
  var justScored = null;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") return;
    var scored = justScored;
    justScored = null;
    if (scored && event.key === "Tab" && event.shiftKey) {
      event.preventDefault();
      scored.closest(".score-dimension").querySelector("textarea").focus();
    }
  }, true);

  groups.forEach(function (group) {
    var extremes = (group.dataset.needsEvidence || "").split(" ");
    group.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || !/^[0-9]$/.test(event.key)) return;
      var value = event.key === "0" ? "na" : event.key;
      var radio = group.querySelector('input[type="radio"][value="' + value + '"]');
      if (!radio) return;
      event.preventDefault();
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
      var note = group.closest(".score-dimension").querySelector("textarea");
      if (note && extremes.indexOf(value) !== -1) {
        note.focus();
      } else {
        moveOn(group);
        if (note) justScored = group;
      }
    });
  });

  document.querySelectorAll("[data-error-link]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.hash.slice(1));
      if (!target) return;
      event.preventDefault();
      var invalid = target.querySelector('[aria-invalid="true"], .is-invalid');
      show(invalid || target);
      history.replaceState(null, "", link.hash);
    });
  });

  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  } else if (!location.hash) {
    var first = groups.filter(function (g) { return !folded(g); })[0];
    if (first) firstRadio(first).focus();
  }
})();
