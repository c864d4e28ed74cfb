"""Skip an optional import that costs a process seconds of CPU: the one workaround for it.

``jsonschema`` (which nbformat, nbgrader and the case-file schema import) loads
the optional ``rfc3987_syntax`` for its "iri" format checker, and that package
compiles some 35-39 Lark grammars at import (upstream jupyter_server issue 1559).
Measured on this course's 2-core machines: about 3.5 CPU seconds per process
against 0.4 s without it, and over 10 s on a busy lesson server. No schema the
course checks (nbformat's notebook schema, nbgrader's, the case schema) uses
that format, and jsonschema treats a missing optional package as "format not
checked", guarding the import with ``suppress(ImportError)``.

Two ways to use it:

- :func:`skip_slow_optional_imports`: for the whole process, first thing in
  every process grading starts (the ``ketenles`` command, each autograde worker,
  the sandbox runner, the clean checker);
- :func:`without_slow_optional_imports`: only while one import runs, in a
  student's kernel (loading the first case file), so that nothing else in the
  student's session changes.

>>> import sys
>>> skip_slow_optional_imports()
>>> "rfc3987_syntax" in sys.modules
True
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

SLOW_OPTIONAL = ("rfc3987_syntax",)


def skip_slow_optional_imports() -> None:
    """Make ``import rfc3987_syntax`` fail fast for this process, unless it was already imported."""
    for name in SLOW_OPTIONAL:
        # None in sys.modules makes the import raise ImportError, which jsonschema expects.
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


@contextmanager
def without_slow_optional_imports():
    """Skip the slow optional imports while the ``with`` block runs, and only then."""
    skipped = [name for name in SLOW_OPTIONAL if name not in sys.modules]
    for name in skipped:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in skipped:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
