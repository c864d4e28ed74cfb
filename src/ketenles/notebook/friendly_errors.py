"""Notebook integration: friendly display of KetenlesError and of a beginner's NameError in IPython.

Two slips give a beginner an English ``NameError`` traceback: an answer typed
without quotes (``dominant_probleem = b``) and a cell run before the cells above
it (after opening a saved lesson, or after a restart). Both get one Dutch
"Let op:" line that says what to do, from :func:`name_error_message`.

The handler is installed by ``import ketenles`` and, before anything is
imported, by the IPython extension in :mod:`ketenles.notebook.kernel_start`
that the course's set-up loads in every kernel of its environment.
"""

from __future__ import annotations

import re

# "x = b" or "[..., b, ...]": a bare word where a value was expected.
_VALUE_POSITION = r"(?:=\s*|[\[,(]\s*){name}\s*(?:$|[\],)#])"


def name_error_message(name: str, code: str) -> str:
    """The Dutch explanation of ``NameError: name 'name' is not defined`` raised by ``code``."""
    from ketenles.i18n import msg

    lines = [line for line in code.splitlines() if re.search(rf"\b{re.escape(name)}\b", line)]
    as_value = any(re.search(_VALUE_POSITION.format(name=re.escape(name)), line.split("#")[0]) for line in lines)
    if as_value and not any(re.search(rf"\b{re.escape(name)}\s*[.(]", line) for line in lines):
        return msg("errors.name_without_quotes", name=name)
    return msg("errors.name_not_run_yet", name=name)


def _name_of(value: BaseException) -> str | None:
    name = getattr(value, "name", None)  # Python 3.10+
    if name:
        return name
    found = re.search(r"name '(\w+)' is not defined", str(value))
    return found.group(1) if found else None


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
        text = value
        if isinstance(value, NameError):
            name = _name_of(value)
            if name is None:  # not the usual "is not defined": keep Python's own traceback
                shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
                return None
            code = shell.user_ns.get("In", [""])[-1] if shell.user_ns.get("In") else ""
            text = name_error_message(name, code)
        stb = [f"{msg('errors.heading')}: {text}"]
        shell._showtraceback(etype, value, stb)
        return stb

    # AnswerIncorrect is a KetenlesError too, so failing nbgrader checks show one
    # sentence and never the line of a (hidden) test.
    # NumberTextError is the catalogue layer's own (it cannot import KetenlesError) and
    # carries a Dutch message just the same.
    # NameError: a beginner's slip (an answer without quotes, a cell run out of order).
    shell.set_custom_exc((KetenlesError, NumberTextError, NameError), _show)
    return True

