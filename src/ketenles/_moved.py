"""Old module paths that still import, after modules moved to packages of their own.

Lecturers keep copies of ``nbgrader_config.py`` that name plugin classes by
dotted path, and students keep released notebooks that import the self-check
(``from ketenles.grading.selfcheck import selfcheck``). Those copies outlive a
release, so every path a module ever had keeps working: importing an old path
gives the very same module object as the new one (not a copy, so a class is
identical under both names), and ``python -m OLD.PATH`` still runs.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

_G = "ketenles.grading"
# old path -> new path (the grading split; see docs/architecture.md)
MOVED = {
    f"{_G}.lean_imports": "ketenles.lean_imports",
    f"{_G}.sandbox_runner": f"{_G}.sandbox.runner",
    f"{_G}.answers": f"{_G}.sandbox.answers",
    f"{_G}.isolated_checks": f"{_G}.sandbox.checker",
    f"{_G}.checker_server": f"{_G}.sandbox.checker_server",
    f"{_G}.hidden_failure": f"{_G}.sandbox.hidden_failure",
    f"{_G}.exchange": f"{_G}.plugins.exchange",
    f"{_G}.odd_cells": f"{_G}.plugins.odd_cells",
    f"{_G}.overwrite": f"{_G}.plugins.overwrite",
    f"{_G}.isolated_execute": f"{_G}.plugins.execute",
    f"{_G}.feedback": f"{_G}.plugins.feedback",
    f"{_G}.sanitize": f"{_G}.plugins.sanitize",
    f"{_G}.parallel": f"{_G}.autograde.parallel",
    f"{_G}.run_state": f"{_G}.autograde.run_state",
    f"{_G}.runlog": f"{_G}.autograde.runlog",
    f"{_G}.submission_files": f"{_G}.autograde.submission_files",
    f"{_G}.gradebook_db": f"{_G}.gradebook.reader",
    f"{_G}.export": f"{_G}.gradebook.export",
    f"{_G}.report": f"{_G}.gradebook.report",
    f"{_G}.integrity": f"{_G}.gradebook.integrity",
    f"{_G}.regrade": f"{_G}.gradebook.regrade",
    f"{_G}.feedback_refresh": f"{_G}.gradebook.feedback_refresh",
    f"{_G}.selfcheck": "ketenles.selfstudy.selfcheck",
    f"{_G}.solutions": "ketenles.selfstudy.solutions",
    f"{_G}.student_version": "ketenles.selfstudy.student_version",
    "ketenles.notebook.lab_tools": "ketenles.labsetup.lab_tools",
    "ketenles.notebook.ui_language": "ketenles.labsetup.ui_language",
    "ketenles.notebook.saved_widgets": "ketenles.labsetup.saved_widgets",
}
# ``ketenles.grading.sandbox`` itself is now the package; its ``__getattr__``
# answers the old module's names.


# Plain classes, not importlib.abc's: the import system only calls these methods, and
# importlib.abc pulls in importlib.resources (70 ms on every `import ketenles`,
# in every kernel and every sandbox).
class _AliasLoader:
    def __init__(self, new: str):
        self.new = new

    def create_module(self, spec):
        module = importlib.import_module(self.new)
        self._spec = module.__spec__
        return module

    def exec_module(self, module) -> None:
        # The import system set __spec__ to the alias's spec; the module keeps its own.
        module.__spec__ = self._spec

    def get_code(self, fullname):  # what ``python -m OLD.PATH`` runs
        return importlib.util.find_spec(self.new).loader.get_code(self.new)


class _MovedFinder:
    def find_spec(self, fullname, path=None, target=None):
        new = MOVED.get(fullname)
        if new is None:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(new))


def install() -> None:
    """Let the old paths import (idempotent; ``import ketenles`` calls it)."""
    if not any(isinstance(finder, _MovedFinder) for finder in sys.meta_path):
        sys.meta_path.append(_MovedFinder())
