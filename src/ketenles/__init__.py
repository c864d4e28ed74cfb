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

__version__ = "0.1.0"

# Submodules reachable as attributes, e.g. ketenles.seminar.factors().
_SUBMODULES = {
    name: f"ketenles.{name}"
    for name in ("seminar", "cooperation", "views", "governance", "chainmap", "lessons", "progress", "dilemmas")
}
# public name -> module that defines it
_LAZY = {
    "KetenlesError": "ketenles.errors",
    "msg": "ketenles.messages",
    "Case": "ketenles.cases",
    "CaseFileError": "ketenles.cases",
    "load_case": "ketenles.cases",
    "list_cases": "ketenles.cases",
    "load_cases": "ketenles.cases",
    "score_scan": "ketenles.scan",
    "ScanResult": "ketenles.scan",
    "ScanExercise": "ketenles.widgets.scan",
    "SingleChoice": "ketenles.quiz",
    "MultipleChoice": "ketenles.quiz",
    "Matching": "ketenles.quiz",
    "Ordering": "ketenles.quiz",
    "Numeric": "ketenles.quiz",
    "parse_quiz": "ketenles.quiz_yaml",
    "load_quiz": "ketenles.quiz_yaml",
    "read_dilemmas": "ketenles.dilemmas",
    "ProgressStore": "ketenles.progress",
    "question_widget": "ketenles.widgets.quiz",
    "QuizBox": "ketenles.widgets.quiz",
    "DilemmaExplorer": "ketenles.widgets.dilemmas",
    "ProgressOverview": "ketenles.widgets.progress",
    "TrustGame": "ketenles.widgets.cooperation",
    "TournamentExplorer": "ketenles.widgets.cooperation",
    "GovernanceAdvisor": "ketenles.widgets.governance",
    "ChainMapExplorer": "ketenles.widgets.chainmap",
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
    from ketenles import _notebook

    _notebook.install_friendly_errors()
