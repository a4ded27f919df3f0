// Long texts: a live character counter under every textarea with data-maxlength.
// The textarea has no maxlength on purpose: the browser would cut a longer paste
// without a word. Here the writer sees "1,234 / 4,000 characters", a warning near
// the limit and a sentence when over it; the server refuses what is too long.
// The sentences come from the <script> tag (data-count, data-over), translated.
(function () {
  "use strict";
  var WARN_AT = 0.9;
  var SPEAK_AFTER_MS = 800;
  var script = document.currentScript;
  var texts = {
    count: (script && script.dataset.count) || "{count} / {limit}",
    over: (script && script.dataset.over) || "",
  };
  var format = String;
  try {
    format = new Intl.NumberFormat(document.documentElement.lang || undefined).format;
  } catch (error) {
    // An unknown language tag: plain digits still say it.
  }

  // Code points, with a line break as one: the server counts the same way.
  function length(text) {
    return Array.from(text).length;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? format(values[name]) : whole;
    });
  }

  function attach(field, index) {
    var limit = parseInt(field.dataset.maxlength, 10);
    if (!(limit > 0)) return;
    var id = (field.id || "long-text-" + index) + "-counter";
    // Seen: updated at every keystroke. Heard: a polite live region, updated once the
    // typing pauses, so a screen reader is not made to read out every character.
    var shown = document.createElement("div");
    shown.className = "form-text text-counter";
    shown.setAttribute("aria-hidden", "true");
    var shownCount = shown.appendChild(document.createElement("span"));
    var shownOver = shown.appendChild(document.createElement("div"));
    var heard = document.createElement("div");
    heard.className = "visually-hidden";
    heard.id = id;
    heard.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", heard);
    field.insertAdjacentElement("afterend", shown);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + id);
    var timer = null;

    function sentence() {
      var count = length(field.value);
      var over = count > limit ? fill(texts.over, { limit: limit }) : "";
      var said = fill(texts.count, { count: count, limit: limit });
      return { said: said, over: over, text: over ? said + " " + over : said, count: count };
    }

    function show() {
      var now = sentence();
      shownCount.textContent = now.said;
      shownOver.textContent = now.over;
      shown.classList.toggle("text-counter-near", now.count >= limit * WARN_AT && now.count <= limit);
      shown.classList.toggle("text-counter-over", now.count > limit);
      field.classList.toggle("text-over-limit", now.count > limit);
      return now.text;
    }

    function update() {
      show();
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        heard.textContent = sentence().text;
      }, SPEAK_AFTER_MS);
    }

    heard.textContent = show();
    field.addEventListener("input", update);
  }

  document.querySelectorAll("textarea[data-maxlength]").forEach(attach);
})();
