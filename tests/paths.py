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


def load_script(name: str):
    """``scripts/<name>.py`` as a module, for tests of the project's own scripts."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script loads
    spec.loader.exec_module(module)
    return module
