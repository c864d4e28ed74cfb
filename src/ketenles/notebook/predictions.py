"""Predict, then see: the notebook cells of the prediction lock.

An assignment cell records a prediction, the simulation cell below it shows its
outcome only once that prediction is recorded::

    leg_vast("geduld", voorspelling_geduld, keuzes=["a", "b", "c", "d"])

    if toon_uitkomst("geduld"):
        ...  # the simulation

The record is a file next to the notebook (:mod:`ketenles.models.predictions`),
so it survives a kernel restart and travels with the submission. The first
recorded value wins. While nbgrader grades or validates a notebook, or the
self-check runs a copy of it, :func:`leg_vast` records nothing: only what the
student recorded before submitting counts, and re-running the notebook must not
record for them what they never did.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timezone

from ketenles.errors import KetenlesError
from ketenles.i18n import msg
from ketenles.models import predictions

# nbgrader sets NBGRADER_EXECUTION while it autogrades or validates (as does the
# grading sandbox); the self-check sets its own variable in the copy it runs.
_GRADING_VARIABLES = ("NBGRADER_EXECUTION", "KETENLES_SELFCHECK_RUNNING")


class PredictionRefused(KetenlesError):
    """A prediction that cannot be recorded; the message says why and what to do."""


def grading_run() -> bool:
    """Whether this kernel runs a notebook for grading, validation or a self-check."""
    return any(os.environ.get(name) for name in _GRADING_VARIABLES)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _when(stamp: str | None) -> str:
    """A recorded time as a student reads it: ``2026-12-07 23:40 UTC``."""
    try:
        moment = datetime.fromisoformat(stamp or "")
    except ValueError:
        return stamp or "?"
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def leg_vast(onderdeel: str, voorspelling: object, keuzes: Sequence[str] | None = None) -> None:
    """Record ``voorspelling`` for ``onderdeel`` ("geduld"), once: the first recorded value counts.

    A missing (None) or empty prediction, a value that is not text or a list of
    texts, or a value outside ``keuzes`` is refused with a Dutch message and
    records nothing.
    """
    text = predictions.read_text()
    if grading_run():
        stamp = predictions.recorded_at(text, onderdeel)
        key = "predictions.during_grading.recorded" if stamp else "predictions.during_grading.not_recorded"
        print(msg(key, item=onderdeel, at=_when(stamp)))
        return
    new_text, outcome = predictions.record(text, onderdeel, voorspelling, keuzes, _now())
    if outcome in (predictions.KEPT, predictions.SAME):
        first, stamp = predictions.entry(text, onderdeel)
        print(msg(f"predictions.{outcome}", item=onderdeel, first=predictions.shown(first),
                  value=predictions.shown(predictions.normalise(voorspelling)), at=_when(stamp)))
        return
    if new_text is None:
        raise PredictionRefused(msg(f"predictions.refused.{outcome}", item=onderdeel,
                                    file=predictions.RECORD_FILE,
                                    options=", ".join(repr(k) for k in keuzes or ()),
                                    got=repr(voorspelling)[:60]))
    predictions.write_text(new_text)
    print(msg("predictions.recorded", item=onderdeel, value=predictions.shown(predictions.normalise(voorspelling)),
              at=_when(predictions.recorded_at(new_text, onderdeel)), file=predictions.RECORD_FILE))


def toon_uitkomst(*onderdelen: str) -> bool:
    """True when a prediction is recorded for every one of ``onderdelen``; else a Dutch line and False.

    Used as ``if toon_uitkomst("geduld"):`` above a simulation, so that the
    simulation's numbers appear only after the prediction, also under Run All.
    A simulation that also answers an earlier question names both items.
    """
    text = predictions.read_text()
    missing = [item for item in onderdelen if predictions.recorded_at(text, item) is None]
    if onderdelen and not missing:
        return True
    print(msg("predictions.lock_first", item=missing[0] if missing else "?"))
    return False
