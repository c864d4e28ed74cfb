"""Skip an optional import that costs every grading process seconds of CPU.

``jsonschema`` (which nbformat and therefore nbgrader import) loads the
optional ``rfc3987_syntax`` for its "iri" format checker, and that package
compiles 39 lark grammars at import: about 3.5 CPU seconds per process on
this course's machines, against 0.4 s without it. No schema the grading
processes check (nbformat's notebook schema, nbgrader's) uses that format, and
jsonschema treats a missing optional package as "format not checked".

Called first thing by every process grading starts: the ``ketenles`` command,
each autograde worker, the sandbox runner and the clean checker.

>>> import sys
>>> skip_slow_optional_imports()
>>> "rfc3987_syntax" in sys.modules
True
"""

from __future__ import annotations

import sys

SLOW_OPTIONAL = ("rfc3987_syntax",)


def skip_slow_optional_imports() -> None:
    """Make ``import rfc3987_syntax`` fail fast, unless it was already imported."""
    for name in SLOW_OPTIONAL:
        # None in sys.modules makes the import raise ImportError, which jsonschema expects.
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
