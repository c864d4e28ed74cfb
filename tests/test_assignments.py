"""Assignments 2 (vertrouwen) and 3 (regie-advies) through the whole nbgrader cycle.

One module-scoped course: generate -> release -> fetch -> submit -> collect ->
autograde -> feedback for three simulated students per assignment (complete =
the model solution, partial, empty), with exact scores per grade cell, proof
that nothing a student receives holds a solution or a hidden test, and an
in-process check that the hidden tests recompute what the model solution says.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader_sim import (
    HIDDEN,
    SOLUTION,
    Course,
    answer,
    grade_id,
    hidden_test_lines,
    secret_lines,
    solutions,
)

from ketenles.grading.checks import AnswerIncorrect
from ketenles.grading.report import load_objectives
from ketenles.i18n import catalogue

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
STUDENTS = ("complete", "partial", "empty")


def source(assignment: str) -> Path:
    return REPO / "assignments" / assignment / f"{assignment}.ipynb"


# Partial answers hit the distinct ways of going wrong: a value rounded within
# the tolerance (right), the right function with the wrong settings (visible
# tests pass, hidden fail), a value of the wrong type, a wrong choice.
PARTIAL = {
    "vertrouwen": {
        "q1_geduld": "eigen_belang_ongeduldig = 3.02\neigen_belang_geduldig = 1.41",
        "q2_ruis": 'score_tft_ruis = play_match("tit_for_tat", "grim_trigger", noise=0.05, seed=7)'
                   ".mean_scores[0]",
        "q3_informeel": 'winnaar_zonder = "defector"\nwinnaar_met = "tit_for_tat"',
        "q4_sanctie": 'kleinste_sanctie = "drie"',
        "q5_betekenis": "Vertrouwen is belangrijk in de Suwi-keten.",
    },
    "regie-advies": {
        "q1_niveaus": 'vertrouwen = "laag"\ndeelnemers = "gemiddeld"\ndoelconsensus = "hoog"\n'
                      'ketenvaardigheden = "hoog"',
        "q2_vorm": 'beste_vorm = "gedeeld"\npunten_beste = 4',
        "q3_spanning": 'spanning = "legitimiteit"',
        "q4_advies": "Ik adviseer gedeeld bestuur.",
    },
}
# The partial student of regie-advies also deletes a test cell: nbgrader must
# restore it (add_missing_cells) and grade it, not crash or score it 0.
DELETED = {"regie-advies": "q3_spanning_test"}

# grade id -> (complete, partial, empty) autograded points
EXPECTED_AUTO = {
    "vertrouwen": {
        "q1_geduld_test": (1, 1, 0),
        "q2_ruis_test": (1, 0, 0),
        "q3_informeel_test": (2, 0, 0),
        "q4_sanctie_test": (2, 0, 0),
    },
    "regie-advies": {
        "q1a_vertrouwen_deelnemers_test": (1, 1, 0),
        "q1b_doelen_vaardigheden_test": (1, 0, 0),
        "q2_vorm_test": (2, 0, 0),
        "q3_spanning_test": (1, 1, 0),
    },
}
MANUAL = {"vertrouwen": ("q5_betekenis", 4), "regie-advies": ("q4_advies", 5)}
# What the partial student's feedback must say, in Dutch, without the answer.
FEEDBACK = {
    "vertrouwen": ["score_tft_ruis", "klopt nog niet", "kleinste_sanctie", "moet een geheel getal zijn"],
    "regie-advies": ["doelconsensus", "klopt nog niet", "beste_vorm"],
}
ASSIGNMENTS = tuple(EXPECTED_AUTO)


def _delete_cell(notebook: Path, cell_id: str) -> None:
    nb = nbformat.read(notebook, as_version=4)
    nb.cells = [c for c in nb.cells if grade_id(c) != cell_id]
    nbformat.write(nb, notebook)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = Course.create(tmp_path_factory.mktemp("nbgrader"), REPO / "assignments")
    for assignment in ASSIGNMENTS:
        course.lecturer("generate_assignment", assignment, "--force")
        course.lecturer("release_assignment", assignment)
        answers = {"complete": solutions(source(assignment)), "partial": PARTIAL[assignment]}
        for student in STUDENTS:
            folder = course.fetch(student, assignment)
            notebook = folder / f"{assignment}.ipynb"
            if student in answers:
                answer(notebook, answers[student])
            if student == "partial" and assignment in DELETED:
                _delete_cell(notebook, DELETED[assignment])
            course.submit(student, assignment)
        course.lecturer("collect", assignment)
        course.lecturer("autograde", assignment)
        cell, points = MANUAL[assignment]
        with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
            gb.find_grade(cell, assignment, assignment, "complete").manual_score = points
            gb.db.commit()
        course.lecturer("generate_feedback", assignment)
    return course


def test_sources_validate(course):
    result = course.lecturer("validate", *(str(source(a)) for a in ASSIGNMENTS))
    assert result.stdout.count("Success! Your notebook passes all the tests.") == len(ASSIGNMENTS)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_and_fetched_have_no_secrets(course, assignment):
    name = f"{assignment}.ipynb"
    released = (course.root / "release" / assignment / name).read_text(encoding="utf-8")
    fetched = (course.home("empty") / assignment / name).read_text(encoding="utf-8")
    secrets = secret_lines(source(assignment))
    assert len(secrets) >= 10
    for text in (released, fetched):
        for line in secrets:
            assert line not in text, line
        assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
        assert "Modelantwoord" not in text


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_answer_cells_are_dutch_placeholders(course, assignment):
    nb = nbformat.read(course.root / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    code = [c.source for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"]
    assert code and all("None" in s and "Schrijf hier je antwoord" in s for s in code)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exact_autograded_scores(course, assignment):
    manual_cell, manual_points = MANUAL[assignment]
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        for index, student in enumerate(STUDENTS):
            for cell, points in EXPECTED_AUTO[assignment].items():
                grade = gb.find_grade(cell, assignment, assignment, student)
                assert grade.score == points[index], (student, cell)
            manual = gb.find_grade(manual_cell, assignment, assignment, student)
            assert manual.max_score == manual_points
        totals = {s: gb.find_submission(assignment, s).score for s in STUDENTS}
    auto = [sum(p[i] for p in EXPECTED_AUTO[assignment].values()) for i in range(3)]
    assert totals == {"complete": auto[0] + manual_points, "partial": auto[1], "empty": 0}
    assert auto[0] + manual_points == 10


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_has_no_secrets_and_helps_in_dutch(course, assignment):
    for student in STUDENTS:
        html = course.root / "feedback" / student / assignment / f"{assignment}.html"
        text = html.read_text(encoding="utf-8")
        # The complete student answered with the model solution, so only the
        # others' feedback can show that no solution leaks.
        secrets = hidden_test_lines(source(assignment))
        if student != "complete":
            secrets += secret_lines(source(assignment))
        for line in secrets:
            assert line not in text, (student, line)
        assert "check_equal" not in text and "_ref = " not in text
    partial = (course.root / "feedback" / "partial" / assignment / f"{assignment}.html").read_text(encoding="utf-8")
    for phrase in FEEDBACK[assignment]:
        assert phrase in partial, phrase


# In-process: the model solution passes its own hidden tests, and the hidden
# tests are sharp enough to reject a near miss. No nbgrader or kernel needed.

def _cells(assignment: str) -> list:
    return nbformat.read(source(assignment), as_version=4).cells


def _run_model(assignment: str) -> dict:
    """Execute every code cell of the source with its solution, hidden tests left out."""
    namespace: dict = {}
    for cell in _cells(assignment):
        if cell.cell_type == "code":
            exec(HIDDEN.sub("", SOLUTION.sub(lambda m: m.group(1), cell.source)), namespace)  # noqa: S102
    return namespace


def _hidden(assignment: str, cell_id: str) -> str:
    cell = next(c for c in _cells(assignment) if grade_id(c) == cell_id)
    return "".join(HIDDEN.findall(cell.source))


@pytest.fixture(scope="module")
def models():
    return {assignment: _run_model(assignment) for assignment in ASSIGNMENTS}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_hidden_tests_recompute_the_model_solution(models, assignment):
    for cell_id in EXPECTED_AUTO[assignment]:
        hidden = _hidden(assignment, cell_id)
        assert hidden.strip(), cell_id
        exec(hidden, dict(models[assignment]))  # noqa: S102 - passes: no AnswerIncorrect


NEAR_MISSES = {
    # A sampled value must match to two decimals: another seed is off by more.
    ("vertrouwen", "q1_geduld_test"): {"eigen_belang_ongeduldig": lambda v: v + 0.02},
    ("vertrouwen", "q2_ruis_test"): {"score_tft_ruis": lambda v: v - 0.02},
    ("vertrouwen", "q3_informeel_test"): {"winnaar_zonder": lambda v: "grim_trigger"},
    ("vertrouwen", "q4_sanctie_test"): {"kleinste_sanctie": lambda v: v - 1},
    ("regie-advies", "q1a_vertrouwen_deelnemers_test"): {"vertrouwen": lambda v: "gemiddeld"},
    ("regie-advies", "q1b_doelen_vaardigheden_test"): {"doelconsensus": lambda v: "matig_hoog"},
    ("regie-advies", "q2_vorm_test"): {"punten_beste": lambda v: v - 0.5},
    ("regie-advies", "q3_spanning_test"): {"spanning": lambda v: "efficientie_inclusiviteit"},
}


@pytest.mark.parametrize(("assignment", "cell_id"), sorted(NEAR_MISSES))
def test_hidden_tests_reject_a_near_miss(models, assignment, cell_id):
    namespace = dict(models[assignment])
    for name, change in NEAR_MISSES[(assignment, cell_id)].items():
        namespace[name] = change(namespace[name])
    with pytest.raises(AnswerIncorrect, match="klopt nog niet"):
        exec(_hidden(assignment, cell_id), namespace)  # noqa: S102


def test_model_values_match_the_rubrics(models):
    """The reference values quoted in the rubrics are what the model computes."""
    trust = models["vertrouwen"]
    # Total score over total rounds: 5 - 4w per round in expectation (3.0 at w = 0.5, 1.4 at 0.9).
    assert (round(trust["eigen_belang_ongeduldig"], 2), round(trust["eigen_belang_geduldig"], 2)) == (3.02, 1.41)
    assert round(trust["score_tft_ruis"], 2) == 1.21
    assert (trust["winnaar_zonder"], trust["winnaar_met"], trust["kleinste_sanctie"]) == ("defector", "grim_trigger", 1)
    # Patience matters: impatient self-interest is at break-even with cooperation (3), patient is far below.
    assert abs(trust["eigen_belang_ongeduldig"] - 3) < 0.1 and trust["eigen_belang_geduldig"] < 2
    regie = models["regie-advies"]
    got = (regie["beste_vorm"], regie["punten_beste"], regie["spanning"])
    assert got == ("leidende_organisatie", 3.5, "legitimiteit")
    assert len(regie["advies"].best) == 1  # the facts give one best mode, not a tie
    rubric = (REPO / "course" / "rubrics" / "vertrouwen.md").read_text(encoding="utf-8")
    assert "3,02" in rubric and "1,41" in rubric and "1,21" in rubric and "`grim_trigger`" in rubric


# Structure: what nbgrader and the course tools rely on.

@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_structure_objectives_rubric_and_hints(assignment):
    cells = _cells(assignment)
    graded = {grade_id(c) for c in cells if c.metadata.get("nbgrader", {}).get("grade")}
    labels, questions = load_objectives(REPO / "assignments" / assignment / "objectives.yaml")
    assert set(questions) == graded and labels
    assert (REPO / "course" / "rubrics" / f"{assignment}.md").is_file()
    # A locked cell that is not a grade cell breaks nbgrader's repair of a deleted test cell.
    for cell in cells:
        meta = cell.metadata.get("nbgrader", {})
        assert not meta.get("locked") or meta.get("grade"), cell.source[:60]
    # Hint keys live in grading_hints.yaml; test_messages only scans grading.hints.*.
    text = "\n".join(c.source for c in cells)
    keys = set(re.findall(r"""["'](grading_hints\.[a-z0-9_.]+)["']""", text))
    assert keys and keys <= set(catalogue("nl"))
    # No widget in a graded cell: answers are plain Python values.
    assert "ipywidgets" not in text and "Widget" not in text
