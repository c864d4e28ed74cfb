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
    from ketenles.i18n import msg
    from ketenles.i18n.numbers import NumberTextError

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
    # NumberTextError is the catalogue layer's own (it cannot import KetenlesError) and
    # carries a Dutch message just the same.
    shell.set_custom_exc((KetenlesError, NumberTextError), _show)
    return True

