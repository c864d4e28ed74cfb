"""Predict, then see: the notebook cells of the prediction lock.

An assignment cell records a prediction, the simulation cell below it shows its
outcome only once that prediction is recorded::

    leg_vast("geduld", voorspelling_geduld, keuzes=["a", "b", "c", "d"])

    if toon_uitkomst("geduld"):
        ...  # the simulation

The record is a file next to the notebook (:mod:`ketenles.models.predictions`),
so it survives a kernel restart and travels with the submission. The first
recorded value wins. Three runs record elsewhere:

* while nbgrader autogrades a notebook, or the self-check runs a copy of it,
  :func:`leg_vast` records nothing: only what the student recorded before
  submitting counts, and re-running the notebook must not record for them what
  they never did;
* while nbgrader validates a notebook, and in the lecturer's source notebook
  (a folder whose notebook still holds hidden tests), records stay in the
  kernel's memory: validation changes no file, and no record of the model
  answers can end up in the folder that nbgrader releases to students.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from ketenles.errors import KetenlesError
from ketenles.grading.markers import DEFAULT as MARKERS
from ketenles.i18n import msg
from ketenles.models import predictions

# Set by nbgrader while it autogrades ("autograde") or validates ("validate"),
# and by the grading sandbox; the self-check sets its own in the copy it runs.
NBGRADER_EXECUTION = "NBGRADER_EXECUTION"
SELFCHECK_RUNNING = "KETENLES_SELFCHECK_RUNNING"
GRADING, MEMORY, FILE = "grading", "memory", "file"


class PredictionRefused(KetenlesError):
    """A prediction that cannot be recorded; the message says why and what to do."""


def _source_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a lecturer's source notebook (one with hidden tests)."""
    for path in folder.glob("*.ipynb"):
        try:
            if MARKERS.begin_hidden in path.read_text(encoding="utf-8", errors="replace"):
                return True
        except OSError:
            continue
    return False


def mode(folder: str | os.PathLike | None = None) -> str:
    """Where :func:`leg_vast` records here: :data:`GRADING` (nowhere), :data:`MEMORY` or :data:`FILE`."""
    execution = os.environ.get(NBGRADER_EXECUTION, "")
    if os.environ.get(SELFCHECK_RUNNING) or execution not in ("", "validate"):
        return GRADING
    if execution == "validate" or _source_folder(Path(folder if folder is not None else Path.cwd())):
        return MEMORY
    return FILE


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def shown_time(stamp: str | None) -> str:
    """A recorded time as a student reads it: ``2026-12-07 23:40 UTC``."""
    try:
        moment = datetime.fromisoformat(stamp or "")
    except ValueError:
        return stamp or "?"
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _text(where: str) -> str | None:
    return predictions.remembered() if where == MEMORY else predictions.read_text()


def leg_vast(onderdeel: str, voorspelling: object, keuzes: Sequence[str] | None = None) -> None:
    """Record ``voorspelling`` for ``onderdeel`` ("geduld"), once: the first recorded value counts.

    A missing (None) or empty prediction, a value that is not text or a list of
    texts, or a value outside ``keuzes`` is refused with a Dutch message and
    records nothing.
    """
    where = mode()
    text = _text(where)
    if where == GRADING:
        stamp = predictions.recorded_at(text, onderdeel)
        key = "predictions.during_grading.recorded" if stamp else "predictions.during_grading.not_recorded"
        print(msg(key, item=onderdeel, at=shown_time(stamp)))
        return
    new_text, outcome = predictions.record(text, onderdeel, voorspelling, keuzes, _now())
    if outcome in (predictions.KEPT, predictions.SAME):
        first, stamp = predictions.entry(text, onderdeel)
        print(msg(f"predictions.{outcome}", item=onderdeel, first=predictions.shown(first),
                  value=predictions.shown(predictions.normalise(voorspelling)), at=shown_time(stamp)))
        return
    if new_text is None:
        raise PredictionRefused(msg(f"predictions.refused.{outcome}", item=onderdeel,
                                    file=predictions.RECORD_FILE,
                                    options=", ".join(repr(k) for k in keuzes or ()),
                                    got=repr(voorspelling)[:60]))
    if where == MEMORY:
        predictions.remember(new_text)
    else:
        predictions.write_text(new_text)
    value = predictions.shown(predictions.normalise(voorspelling))
    stamp = shown_time(predictions.recorded_at(new_text, onderdeel))
    if where == MEMORY:
        print(msg("predictions.recorded_in_memory", item=onderdeel, value=value, at=stamp))
    else:
        print(msg("predictions.recorded", item=onderdeel, value=value, at=stamp, file=predictions.RECORD_FILE))


def toon_uitkomst(*onderdelen: str) -> bool:
    """True when a prediction is recorded for every one of ``onderdelen``; else a Dutch line and False.

    Used as ``if toon_uitkomst("geduld"):`` above a simulation, so that the
    simulation's numbers appear only after the prediction, also under Run All.
    A simulation that also answers an earlier question names both items.
    """
    text = _text(mode())
    missing = [item for item in onderdelen if predictions.recorded_at(text, item) is None]
    if onderdelen and not missing:
        return True
    print(msg("predictions.lock_first", item=missing[0] if missing else "?"))
    return False
