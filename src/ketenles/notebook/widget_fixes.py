"""Front-end fixes for ipywidgets in JupyterLab, sent along with a lesson's first output."""

from __future__ import annotations

# Two fixes for widgets that only the page itself can make (ipywidgets offers no
# setting for either); the script runs once per page and keeps watching, for
# widgets drawn now and later (a MutationObserver, one pass per animation frame).
# 1. ipywidgets draws a slider with noUiSlider, whose handle (role="slider") gets
#    no accessible name: a screen reader says only "3", and axe-core reports a
#    serious violation (aria-input-field-name). The slider's visible description
#    becomes the handle's aria-label.
# 2. In command mode JupyterLab takes the arrow keys for moving between cells,
#    even when a widget's dropdown, radio button or checkbox has the focus: a
#    keyboard user choosing an option moved the notebook instead. Lumino skips
#    its shortcuts for an element marked data-lm-suppress-shortcuts.
FRONTEND_FIXES_SCRIPT = """
(function () {
  if (window.ketenlesWidgetFixes) { return; }
  window.ketenlesWidgetFixes = true;
  var pending = false;
  var KEYED = '.jupyter-widgets select, .jupyter-widgets input[type=radio], .jupyter-widgets input[type=checkbox]';
  function name(handle) {
    var widget = handle.closest('.widget-slider');
    var label = widget && widget.querySelector('.widget-label');
    var text = label ? label.textContent.trim() : '';
    return text || (widget && widget.getAttribute('title')) || '';
  }
  function fixAll() {
    pending = false;
    document.querySelectorAll('.widget-slider .noUi-handle').forEach(function (handle) {
      var text = name(handle);
      if (text && handle.getAttribute('aria-label') !== text) { handle.setAttribute('aria-label', text); }
    });
    document.querySelectorAll(KEYED).forEach(function (control) {
      if (!control.hasAttribute('data-lm-suppress-shortcuts')) {
        control.setAttribute('data-lm-suppress-shortcuts', 'true');
      }
    });
  }
  new MutationObserver(function () {
    if (!pending) { pending = true; window.requestAnimationFrame(fixAll); }
  }).observe(document.body, {childList: true, subtree: true});
  fixAll();
})();
"""


def frontend_fixes_html() -> str:
    """A ``<script>`` that JupyterLab runs with a cell's (trusted) HTML output."""
    return f"<script>{FRONTEND_FIXES_SCRIPT}</script>"
