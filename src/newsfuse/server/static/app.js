// newsfuse pages: highlight the cited span (#span-START-END), toggle layers, filter conflicts.
// No inline scripts: this file is loaded with `defer` and only adds behaviour to server-rendered HTML.
(function () {
  "use strict";

  // Wrap the part [start, end) of the article text in the given class, splitting segments as needed.
  function highlightRange(container, start, end) {
    var first = null;
    container.querySelectorAll(".target").forEach(function (el) { el.classList.remove("target"); });
    var segments = container.querySelectorAll("[data-o]");
    segments.forEach(function (seg) {
      var s = parseInt(seg.getAttribute("data-o"), 10);
      var e = s + seg.textContent.length;
      if (e <= start || s >= end) { return; }
      var node = seg.firstChild;
      if (!node) { return; }
      if (seg.childNodes.length !== 1 || node.nodeType !== Node.TEXT_NODE) {
        // Split by an earlier highlight: mark the whole segment rather than split it again.
        seg.classList.add("target");
        if (!first) { first = seg; }
        return;
      }
      var from = Math.max(start, s) - s;
      var to = Math.min(end, e) - s;
      var target = seg;
      if (from > 0 || to < seg.textContent.length) {
        // Split the text node and wrap only the covered part in a new element.
        var middle = node.splitText(from);
        middle.splitText(to - from);
        target = document.createElement("span");
        middle.parentNode.replaceChild(target, middle);
        target.appendChild(middle);
      }
      target.classList.add("target");
      if (!first) { first = target; }
    });
    return first;
  }

  function onHash() {
    var text = document.getElementById("article-text");
    if (!text) { return; }
    var m = /^#span-(\d+)-(\d+)$/.exec(window.location.hash);
    if (!m) { return; }
    var first = highlightRange(text, parseInt(m[1], 10), parseInt(m[2], 10));
    if (first) { first.scrollIntoView({ block: "center" }); }
  }

  function setupLegend() {
    var legend = document.getElementById("legend");
    if (!legend) { return; }
    legend.querySelectorAll("input[data-layer]").forEach(function (box) {
      box.addEventListener("change", function () {
        document.body.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked);
      });
    });
  }

  function setupConflictFilter() {
    var box = document.getElementById("only-conflicts");
    var table = document.querySelector("table.facts");
    if (!box || !table) { return; }
    box.addEventListener("change", function () { table.classList.toggle("only-conflicts", box.checked); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupLegend();
    setupConflictFilter();
    onHash();
  });
  window.addEventListener("hashchange", onHash);
}());
