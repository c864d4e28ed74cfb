"""ketenles: helper library for the course *Ketensamenwerking is mensenwerk*.

The public names are loaded lazily, so that ``import ketenles`` stays as cheap as
``import ipywidgets``: matplotlib, numpy and the widgets are imported only when a
lesson first uses them.

>>> import ketenles
>>> ketenles.load_case("strafrechtketen").name
'Strafrechtketen'
"""

from __future__ import annotations

import importlib
import sys

# The one place the version is written: pyproject.toml reads it, CITATION.cff and
# CHANGELOG.md follow it (tests/project/test_packaging.py).
__version__ = "0.2.0"

# Modules that moved keep their old import paths (lecturers' copied configs,
# students' released notebooks name them).
from ketenles import _moved  # noqa: E402

_moved.install()

# Modules reachable as attributes, e.g. ketenles.seminar.factors() or
# ``from ketenles import views`` in a lesson: short names for the layered modules.
_SUBMODULES = {
    "seminar": "ketenles.content.seminar",
    "cases": "ketenles.content.cases",
    "cooperation": "ketenles.models.cooperation",
    "scan": "ketenles.models.scan",
    "governance": "ketenles.models.governance",
    "chainmap": "ketenles.models.chainmap",
    "errorflow": "ketenles.models.errorflow",
    "dilemmas": "ketenles.models.dilemmas",
    "progress": "ketenles.models.progress",
    "synthesis": "ketenles.models.synthesis",
    "quiz": "ketenles.models.quiz",
    "charts": "ketenles.display.charts",
    "views": "ketenles.display.views",
    "pairs": "ketenles.display.pairs",
    "lessons": "ketenles.notebook.lessons",
    "ketenspel": "ketenles.display.chaingame",
}
# public name -> module that defines it
_LAZY = {
    "KetenlesError": "ketenles.errors",
    "msg": "ketenles.i18n",
    "Case": "ketenles.content.cases",
    "CaseFileError": "ketenles.content.cases",
    "load_case": "ketenles.content.cases",
    "list_cases": "ketenles.content.cases",
    "load_cases": "ketenles.content.cases",
    "score_scan": "ketenles.models.scan",
    "ScanResult": "ketenles.models.scan",
    "ScanExercise": "ketenles.widgets.scan",
    "SingleChoice": "ketenles.models.quiz",
    "MultipleChoice": "ketenles.models.quiz",
    "Matching": "ketenles.models.quiz",
    "Ordering": "ketenles.models.quiz",
    "Numeric": "ketenles.models.quiz",
    "parse_quiz": "ketenles.models.quiz_yaml",
    "load_quiz": "ketenles.models.quiz_yaml",
    "read_dilemmas": "ketenles.models.dilemmas",
    "ProgressStore": "ketenles.models.progress",
    "question_widget": "ketenles.widgets.quiz",
    "QuizBox": "ketenles.widgets.quiz",
    "DilemmaExplorer": "ketenles.widgets.dilemmas",
    "ProgressOverview": "ketenles.widgets.progress",
    "TrustGame": "ketenles.widgets.cooperation",
    "TournamentExplorer": "ketenles.widgets.cooperation",
    "GovernanceAdvisor": "ketenles.widgets.governance",
    "ChainMapExplorer": "ketenles.widgets.chainmap",
    "ErrorFlowExplorer": "ketenles.widgets.errorflow",
    "ChainGame": "ketenles.widgets.chaingame",
}

__all__ = sorted([*_LAZY, *_SUBMODULES]) + ["__version__"]


def __getattr__(name: str):
    if name in _SUBMODULES:
        value = importlib.import_module(_SUBMODULES[name])
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'ketenles' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return __all__


# In a notebook, show a KetenlesError as one readable Dutch sentence instead of a
# traceback wall. Only done when IPython is already running: importing IPython
# ourselves would make `import ketenles` slow outside notebooks.
if "IPython" in sys.modules:
    from ketenles.notebook import friendly_errors as _notebook

    _notebook.install_friendly_errors()
