"""Self-learners predict before they see, too: the self-check and the worked solution use the record."""

from __future__ import annotations

import pytest
from nbgrader_sim import answer, solutions
from paths import REPO

from ketenles.i18n import msg
from ketenles.models import predictions
from ketenles.selfstudy import solutions as worked
from ketenles.selfstudy.selfcheck import selfcheck
from ketenles.selfstudy.student_version import STUDENT_ROOT

ITEMS = ("geduld", "ruis", "informeel", "sanctie")
RIGHT = {"geduld": "a", "ruis": "c", "informeel": ["b", "c"], "sanctie": "a"}


@pytest.fixture
def own_copy(tmp_path):
    """vertrouwen as a self-learner has it, with the model answers typed in (nothing run yet)."""
    path = tmp_path / "vertrouwen.ipynb"
    path.write_bytes((STUDENT_ROOT / "vertrouwen" / "vertrouwen.ipynb").read_bytes())
    answer(path, solutions(REPO / "assignments" / "vertrouwen" / "vertrouwen.ipynb"))
    return path


def write_record(folder, values: dict) -> None:
    text = None
    for item, value in values.items():
        text, _ = predictions.record(text, item, value, None, "2026-12-01T10:00:00+00:00")
    predictions.write_text(text, folder)


def test_the_worked_solution_waits_until_the_predictions_are_recorded(own_copy):
    refused = worked.uitwerking("vertrouwen", own_copy)
    assert refused.path is None
    assert str(refused) == msg("grading_workflow.solutions.predict_first", items=", ".join(ITEMS), name="vertrouwen")
    write_record(own_copy.parent, {"geduld": "b", "ruis": "a"})
    assert str(worked.uitwerking("vertrouwen", own_copy)) == msg(
        "grading_workflow.solutions.predict_first", items="informeel, sanctie", name="vertrouwen")
    write_record(own_copy.parent, {**RIGHT, "geduld": "b"})
    handout = worked.uitwerking("vertrouwen", own_copy)
    assert handout.path is not None and handout.path.is_file()


@pytest.mark.slow
def test_the_self_check_judges_the_recorded_prediction_not_the_variable(own_copy):
    unrecorded = selfcheck(own_copy)
    statuses = [q.status for q in unrecorded.questions]
    assert statuses[:4] == ["failed"] * 4
    assert [q.message for q in unrecorded.questions[:4]] == [
        msg("predictions.grade.not_recorded", item=item, file=predictions.RECORD_FILE) for item in ITEMS]
    write_record(own_copy.parent, {**RIGHT, "ruis": "b"})  # the variable says "c", the record "b"
    judged = selfcheck(own_copy)
    assert [q.status for q in judged.questions[:4]] == ["right", "wrong", "right", "right"]
    assert judged.questions[1].hints == ["grading_hints.vertrouwen.noise"]
