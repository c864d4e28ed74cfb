"""Where the project's folders are, for every test file (one definition, wherever a test lives).

Test files sit in folders that mirror ``src/ketenles`` (``tests/grading/``,
``tests/models/`` ...); counting ``parents[n]`` of each test file broke on every
move, so they import these names instead::

    from paths import REPO, NOTEBOOKS
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SRC = REPO / "src" / "ketenles"
NOTEBOOKS = REPO / "notebooks"
ASSIGNMENTS = REPO / "assignments"
COURSE = REPO / "course"
