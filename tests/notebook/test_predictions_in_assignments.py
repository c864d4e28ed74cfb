"""Predict, then see, in every assignment as a student gets it: no outcome shows before its prediction.

The student versions in ``notebooks/opdrachten/`` are the released form
(nbgrader's placeholders in place; tests/selfstudy/test_student_versions.py
keeps them equal to what nbgrader makes from the source). Each is executed top
to bottom in a fresh kernel, as *Run All* does, with errors allowed:

1. as handed out: no cell may show an outcome of a simulation that answers a
   prediction (what the guarded cells show once everything is recorded);
2. with every answer filled in but nothing recorded, or only some items
   recorded: the same, for every item not recorded;
3. with the predictions recorded by the notebook's own cells: every outcome
   appears.
"""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest
from nbgrader_sim import solutions
from paths import REPO

from ketenles.grading.course import assignment_names
from ketenles.i18n import msg
from ketenles.models import predictions
from ketenles.selfstudy.student_version import STUDENT_ROOT

ASSIGNMENTS = assignment_names(REPO / "assignments")
GUARD = re.compile(r"^if toon_uitkomst\(([^)]*)\):", re.MULTILINE)
# A question that asks for a prediction ("Voorspel eerst ...", not "voorspellers").
ASKS_TO_PREDICT = re.compile(r"\b[Vv]oorspel\b")
NUMBER = re.compile(r"\d+[,.]\d+|\b\d+%|\bboete van \d+")


def student_version(name: str) -> nbformat.NotebookNode:
    return nbformat.read(STUDENT_ROOT / name / f"{name}.ipynb", as_version=4)


def lock_cells(nb) -> dict[str, int]:
    """``{item: index}`` of the cells that record a prediction."""
    return {item: i for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for item in predictions.locked_items(c.source)}


def guarded_cells(nb) -> dict[int, tuple[str, ...]]:
    """``{index: items}`` of the cells that show an outcome only once ``items`` are recorded."""
    found = {}
    for i, cell in enumerate(nb.cells):
        match = GUARD.search(cell.source) if cell.cell_type == "code" else None
        if match:
            found[i] = tuple(re.findall(r'"([^"]+)"', match.group(1)))
    return found


def filled_in(name: str, nb) -> nbformat.NotebookNode:
    """The student version with the model answers in the answer cells."""
    answers = solutions(REPO / "assignments" / name / f"{name}.ipynb")
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def execute(nb, folder, record_text: str | None = None) -> nbformat.NotebookNode:
    """Run All in a fresh kernel in ``folder`` (a student's assignment folder), errors allowed."""
    from nbclient import NotebookClient

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    if record_text is not None:
        predictions.write_text(record_text, folder)
    nb = nbformat.from_dict(nb)
    NotebookClient(nb, timeout=300, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def output_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(output.get("evalue", ""))
        for value in output.get("data", {}).values():
            parts.append(value if isinstance(value, str) else str(value))
    return "".join(parts)


def record_of(items: dict[str, object]) -> str:
    text = None
    for item, value in items.items():
        text, _ = predictions.record(text, item, value, None, "2026-12-01T10:00:00+00:00")
    return text


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_prediction_question_records_before_its_outcome_is_shown(name):
    """Structure, no kernel: a question that asks to predict has a lock, and every outcome waits for its items."""
    nb = student_version(name)
    locks, guarded = lock_cells(nb), guarded_cells(nb)
    asks = any(ASKS_TO_PREDICT.search(c.source) for c in nb.cells if c.cell_type == "markdown")
    assert asks == bool(locks), name
    for index, items in guarded.items():
        assert items and all(item in locks and locks[item] < index for item in items), (name, index, items)
    assert set(locks) <= {item for items in guarded.values() for item in items}
    # Each recorded item is graded on the record, by a hidden test of the source.
    source = (REPO / "assignments" / name / f"{name}.ipynb").read_text(encoding="utf-8")
    for item in locks:
        assert f'item=\\"{item}\\"' in source, (name, item)


def test_vertrouwen_locks_each_of_its_four_predictions():
    nb = student_version("vertrouwen")
    assert set(lock_cells(nb)) == {"geduld", "ruis", "informeel", "sanctie"}
    assert len(guarded_cells(nb)) == 4


@pytest.fixture(scope="module")
def recorded_run(tmp_path_factory):
    """vertrouwen with the model answers, run top to bottom: the lock cells record, the outcomes show."""
    folder = tmp_path_factory.mktemp("alles") / "vertrouwen"
    return execute(filled_in("vertrouwen", student_version("vertrouwen")), folder), folder


def revealing_lines(recorded_run) -> set[str]:
    nb, _ = recorded_run
    return {line.strip() for i in guarded_cells(nb) for line in output_text(nb.cells[i]).splitlines()
            if NUMBER.search(line)}


@pytest.mark.slow
def test_with_the_predictions_recorded_every_outcome_appears(recorded_run):
    nb, folder = recorded_run
    text = predictions.read_text(folder)
    for item in ("geduld", "ruis", "informeel", "sanctie"):
        assert predictions.recorded_at(text, item) is not None, item
    for index in guarded_cells(nb):
        shown = output_text(nb.cells[index])
        assert NUMBER.search(shown), index
        assert msg("predictions.lock_first", item="geduld").split("(")[0] not in shown
    assert len(revealing_lines(recorded_run)) >= 8


@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_as_handed_out_no_cell_shows_an_outcome(name, recorded_run, tmp_path):
    nb = execute(student_version(name), tmp_path / name)
    revealing = revealing_lines(recorded_run)
    for index, cell in enumerate(nb.cells):
        shown = {line.strip() for line in output_text(cell).splitlines()}
        assert not shown & revealing, (name, index)
    for index in guarded_cells(nb):
        assert not NUMBER.search(output_text(nb.cells[index])), (name, index)
    assert not (tmp_path / name / predictions.RECORD_FILE).exists()  # the placeholders were refused


@pytest.mark.slow
# Question 3's simulation also shows question 2's scores, so it waits for both.
@pytest.mark.parametrize("recorded", [{}, {"informeel": ["b"]}])
def test_answers_filled_in_but_not_recorded_show_no_outcome(recorded, recorded_run, tmp_path):
    """The lock cells left out (never run); some items perhaps recorded earlier."""
    nb = filled_in("vertrouwen", student_version("vertrouwen"))
    locks = set(lock_cells(nb).values())
    nb.cells = [c for i, c in enumerate(nb.cells) if i not in locks]
    nb = execute(nb, tmp_path / "vertrouwen", record_of(recorded) if recorded else None)
    revealing = revealing_lines(recorded_run)
    for index, items in guarded_cells(nb).items():
        shown = output_text(nb.cells[index])
        missing = [item for item in items if item not in recorded]
        assert missing, items  # every guarded cell here still waits for an item
        assert shown.strip() == msg("predictions.lock_first", item=missing[0]), index
    for cell in nb.cells:
        assert not {line.strip() for line in output_text(cell).splitlines()} & revealing
