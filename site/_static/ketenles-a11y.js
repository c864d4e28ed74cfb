// Accessible names that the theme and the widget library leave out (axe-core rules
// summary-name and aria-input-field-name):
// - the sidebar's expand/collapse toggles: a <summary> holding only a chevron icon;
// - ipywidgets sliders rendered from saved state: the handle (role="slider") gets
//   the slider's own description, or else the text just before the slider.
(function () {
  "use strict";

  function nameToggles(root) {
    root.querySelectorAll("summary").forEach(function (summary) {
      if (summary.getAttribute("aria-label") || summary.textContent.trim()) return;
      var item = summary.closest("li");
      var link = item && item.querySelector(":scope > a");
      var title = link ? link.textContent.trim() : "dit onderdeel";
      summary.setAttribute("aria-label", "Onderdelen van " + title + " tonen of verbergen");
    });
  }

  function sliderName(widget) {
    var label = widget.querySelector(".widget-label");
    var text = label && label.textContent.trim();
    if (text) return text;
    var before = widget.previousElementSibling;
    text = before && before.textContent.trim();
    return text ? text.slice(0, 120) : "Schuifregelaar";
  }

  function nameSliders(root) {
    root.querySelectorAll(".widget-slider").forEach(function (widget) {
      widget.querySelectorAll('[role="slider"]').forEach(function (handle) {
        if (handle.getAttribute("aria-label") || handle.getAttribute("aria-labelledby")) return;
        handle.setAttribute("aria-label", sliderName(widget));
      });
    });
  }

  function run() {
    nameToggles(document);
    nameSliders(document);
  }

  document.addEventListener("DOMContentLoaded", function () {
    run();
    // Widgets render after the page has loaded.
    new MutationObserver(run).observe(document.body, {childList: true, subtree: true});
  });
})();
