"""Notebook integration: friendly display of KetenlesError in IPython."""

from __future__ import annotations


def install_friendly_errors() -> bool:
    """Register a handler that prints a KetenlesError as a short Dutch notice.

    Returns True when a running IPython shell was found. Other exceptions keep
    IPython's normal traceback, because there the detail helps.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is always there in a notebook
        return False
    shell = get_ipython()
    if shell is None:
        return False
    from ketenles.errors import KetenlesError
    from ketenles.messages import msg

    def _show(shell, etype, value, tb, tb_offset=None):
        # IPython ignores a handler's return value, so show the error output
        # ourselves: one line instead of the traceback. The cell still counts as
        # failed (IPython records error_in_exec), so a headless run or nbgrader
        # still sees the error.
        stb = [f"{msg('errors.heading')}: {value}"]
        shell._showtraceback(etype, value, stb)
        return stb

    # AnswerIncorrect is a KetenlesError too, so failing nbgrader checks show one
    # sentence and never the line of a (hidden) test.
    shell.set_custom_exc((KetenlesError,), _show)
    return True


# ipywidgets draws a slider with noUiSlider, whose handle (role="slider") gets no
# accessible name: a screen reader says only "3", and axe-core reports it as a
# serious violation (aria-input-field-name). ipywidgets passes no handle
# attributes to noUiSlider, so the name can only be set in the page: this script
# copies each slider's visible description onto its handle, for sliders drawn
# now and later (a MutationObserver, batched to one pass per animation frame).
SLIDER_LABELS_SCRIPT = """
(function () {
  if (window.ketenlesSliderLabels) { return; }
  window.ketenlesSliderLabels = true;
  var pending = false;
  function name(handle) {
    var widget = handle.closest('.widget-slider');
    var label = widget && widget.querySelector('.widget-label');
    var text = label ? label.textContent.trim() : '';
    return text || (widget && widget.getAttribute('title')) || '';
  }
  function labelAll() {
    pending = false;
    document.querySelectorAll('.widget-slider .noUi-handle').forEach(function (handle) {
      var text = name(handle);
      if (text && handle.getAttribute('aria-label') !== text) { handle.setAttribute('aria-label', text); }
    });
  }
  new MutationObserver(function () {
    if (!pending) { pending = true; window.requestAnimationFrame(labelAll); }
  }).observe(document.body, {childList: true, subtree: true});
  labelAll();
})();
"""


def frontend_fixes_html() -> str:
    """A ``<script>`` that JupyterLab runs with a cell's (trusted) HTML output."""
    return f"<script>{SLIDER_LABELS_SCRIPT}</script>"
