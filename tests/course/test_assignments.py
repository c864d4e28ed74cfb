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
from paths import REPO, load_script

from ketenles.grading import checks
from ketenles.grading.checks import AnswerIncorrect
from ketenles.grading.gradebook.report import load_objectives
from ketenles.i18n import catalogue
from ketenles.models import predictions

pytestmark = pytest.mark.slow

STUDENTS = ("complete", "partial", "empty")


def source(assignment: str) -> Path:
    return REPO / "assignments" / assignment / f"{assignment}.ipynb"


def _exam_wrong_answers() -> dict[str, str]:
    """The final test's "partial" student picks a wrong option of their own variant everywhere and writes one line."""
    from ketenles.content import exam_cases
    from ketenles.models.exam_variant import ExamPlan, variant

    build_exam = load_script("build_exam")
    bank = build_exam.load_bank()
    plan = ExamPlan.from_dict(build_exam.plan_of(build_exam.draw(bank, build_exam.DEFAULT_SEED), bank,
                                                 build_exam.DEFAULT_SEED))
    mine = variant(plan, "partial")
    by_id = {q["id"]: q for q in bank["vragen"]}
    answers = {}
    for slot in plan.slot_ids:
        q = by_id[mine.items[slot]]
        right = exam_cases.keyed(q, mine.facts)
        right = right if isinstance(right, list) else [right]
        wrong = mine.letter(q["id"], next(o for o in mine.orders[q["id"]] if o not in right))
        answers[slot] = f'{slot} = ["{wrong}"]' if q["soort"] == "meer" else f'{slot} = "{wrong}"'
    nb = nbformat.read(source("eindtoets"), as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "markdown":
            answers[meta["grade_id"]] = "Ik weet het niet."
    return answers


def _exam_points() -> dict[str, tuple[int, int, int]]:
    nb = nbformat.read(source("eindtoets"), as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: (c.metadata["nbgrader"]["points"], 0, 0) for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"}


# Partial answers hit the distinct ways of going wrong: the right answer in another
# spelling (right), a wrong choice (visible tests pass, hidden fail), a value of the
# wrong type (visible test fails), a wrong choice after a right one.
PARTIAL = {
    "vertrouwen": {
        "q1_geduld": 'voorspelling_geduld = " A "',
        "q2_ruis": 'voorspelling_ruis = "b"',
        "q3_informeel": 'paren_vooruit = "b, c"',
        "q4_sanctie": 'voorspelling_sanctie = "c"',
        "q5_betekenis": "Vertrouwen is belangrijk in de Suwi-keten.",
    },
    "regie-advies": {
        "q1_niveaus": 'vertrouwen = "laag"\ndeelnemers = "gemiddeld"\ndoelconsensus = "hoog"\n'
                      'ketenvaardigheden = "hoog"',
        "q2_vorm": 'beste_vorm = "gedeeld"',
        "q3_dilemma": 'lezing_dilemma = "b"',
        "q4_advies": "Ik adviseer gedeeld bestuur.",
    },
    # The final test's second student is simply wrong everywhere.
    "eindtoets": _exam_wrong_answers(),
}
# vertrouwen's prediction items: variable -> item of the record file (the notebook's leg_vast cells).
PREDICTIONS = {"voorspelling_geduld": "geduld", "voorspelling_ruis": "ruis", "paren_vooruit": "informeel",
               "voorspelling_sanctie": "sanctie"}


def record_text(values: dict) -> str | None:
    """The record file as the notebook's leg_vast cells would write it for these values.

    A value leg_vast refuses (the partial student's text where a list belongs) is
    not recorded, as in the notebook.
    """
    text = None
    for variable, item in PREDICTIONS.items():
        new_text, _outcome = predictions.record(text, item, values.get(variable), ["a", "b", "c", "d"],
                                                "2026-12-01T10:00:00+00:00")
        text = new_text or text
    return text


def _record_predictions(folder: Path, answers: dict[str, str]) -> None:
    """What a student who ran the leg_vast cells has next to the notebook."""
    values: dict = {}
    for code in answers.values():
        if any(name in code for name in PREDICTIONS):
            exec(code, {}, values)  # noqa: S102 - the test's own answer strings
    text = record_text(values)
    if text:
        predictions.write_text(text, folder)


# The partial student of regie-advies also deletes a test cell: nbgrader must
# restore it (add_missing_cells) and grade it, not crash or score it 0.
DELETED = {"regie-advies": "q3_dilemma_test"}

# grade id -> (complete, partial, empty) autograded points
EXPECTED_AUTO = {
    "vertrouwen": {
        "q1_geduld_test": (1, 1, 0),
        "q2_ruis_test": (1, 0, 0),
        "q3_informeel_test": (1, 0, 0),
        "q4_sanctie_test": (1, 0, 0),
    },
    "regie-advies": {
        "q1a_vertrouwen_deelnemers_test": (1, 1, 0),
        "q1b_doelen_vaardigheden_test": (1, 0, 0),
        "q2_vorm_test": (1, 0, 0),
        "q3_dilemma_test": (1, 1, 0),
    },
    "eindtoets": _exam_points(),
}
# The open questions, and the points the lecturer gives the complete student by hand.
MANUAL = {"vertrouwen": {"q5_betekenis": 6}, "regie-advies": {"q4_advies": 6},
          "eindtoets": {"open_diagnose": 7, "open_advies": 8}}
TOTAL = {"vertrouwen": 10, "regie-advies": 10, "eindtoets": 27}
# What the partial student's feedback must say, in Dutch, without the answer.
FEEDBACK = {
    "vertrouwen": ["voorspelling_ruis", "klopt nog niet", "paren_vooruit", "moet een lijst zijn"],
    "regie-advies": ["doelconsensus", "klopt nog niet", "beste_vorm"],
    "eindtoets": ["vraag_01", "klopt nog niet", "nabespreking"],
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
                if assignment == "vertrouwen":
                    _record_predictions(folder, answers[student])
            if student == "partial" and assignment in DELETED:
                _delete_cell(notebook, DELETED[assignment])
            course.submit(student, assignment)
        course.lecturer("collect", assignment)
        course.lecturer("autograde", assignment)
        with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
            for cell, points in MANUAL[assignment].items():
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
    manual_points = sum(MANUAL[assignment].values())
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        for index, student in enumerate(STUDENTS):
            for cell, points in EXPECTED_AUTO[assignment].items():
                grade = gb.find_grade(cell, assignment, assignment, student)
                assert grade.score == points[index], (student, cell)
            for cell, points in MANUAL[assignment].items():
                assert gb.find_grade(cell, assignment, assignment, student).max_score == points
        totals = {s: gb.find_submission(assignment, s).score for s in STUDENTS}
    auto = [sum(p[i] for p in EXPECTED_AUTO[assignment].values()) for i in range(3)]
    assert totals == {"complete": auto[0] + manual_points, "partial": auto[1], "empty": 0}
    assert auto[0] + manual_points == TOTAL[assignment]
    assert auto[0] < manual_points  # automatic points are less than half


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


def _run_model(assignment: str, folder: Path) -> dict:
    """Execute every code cell of the source with its solution, hidden tests left out.

    In ``folder``, as nbgrader validate would: predictions are recorded in memory only.
    """
    namespace: dict = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("NBGRADER_EXECUTION", "validate")
        for cell in _cells(assignment):
            if cell.cell_type == "code":
                exec(HIDDEN.sub("", SOLUTION.sub(lambda m: m.group(1), cell.source)), namespace)  # noqa: S102
        predictions.forget(folder)
    assert not (folder / predictions.RECORD_FILE).exists()
    return namespace


def _exec_hidden(source: str, namespace: dict) -> None:
    """Run hidden tests as the checker does, with the record leg_vast would have written for ``namespace``."""
    with checks.captured_record(record_text(namespace)):
        exec(source, namespace)  # noqa: S102 - passes, or raises AnswerIncorrect


def _hidden(assignment: str, cell_id: str) -> str:
    cell = next(c for c in _cells(assignment) if grade_id(c) == cell_id)
    return "".join(HIDDEN.findall(cell.source))


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return {assignment: _run_model(assignment, tmp_path_factory.mktemp(assignment)) for assignment in ASSIGNMENTS}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_hidden_tests_recompute_the_model_solution(models, assignment):
    for cell_id in EXPECTED_AUTO[assignment]:
        hidden = _hidden(assignment, cell_id)
        assert hidden.strip(), cell_id
        _exec_hidden(hidden, dict(models[assignment]))  # passes: no AnswerIncorrect


NEAR_MISSES = {
    # A plausible wrong prediction or reading is rejected by the hidden test.
    ("vertrouwen", "q1_geduld_test"): {"voorspelling_geduld": lambda v: "c"},
    ("vertrouwen", "q2_ruis_test"): {"voorspelling_ruis": lambda v: "b"},
    ("vertrouwen", "q3_informeel_test"): {"paren_vooruit": lambda v: ["a", "b"]},
    ("vertrouwen", "q4_sanctie_test"): {"voorspelling_sanctie": lambda v: "c"},
    ("regie-advies", "q1a_vertrouwen_deelnemers_test"): {"vertrouwen": lambda v: "gemiddeld"},
    ("regie-advies", "q1b_doelen_vaardigheden_test"): {"doelconsensus": lambda v: "matig_hoog"},
    ("regie-advies", "q2_vorm_test"): {"beste_vorm": lambda v: "nao"},
    ("regie-advies", "q3_dilemma_test"): {"lezing_dilemma": lambda v: "c"},
}


@pytest.mark.parametrize(("assignment", "cell_id"), sorted(NEAR_MISSES))
def test_hidden_tests_reject_a_near_miss(models, assignment, cell_id):
    namespace = dict(models[assignment])
    for name, change in NEAR_MISSES[(assignment, cell_id)].items():
        namespace[name] = change(namespace[name])
    with pytest.raises(AnswerIncorrect, match="klopt nog niet"):
        _exec_hidden(_hidden(assignment, cell_id), namespace)


def test_the_simulation_shows_what_the_predictions_say():
    """The answers of vertrouwen are qualitative, and the model must agree with them.

    Checked with the model itself, so a change of the per-round measure that turns an
    outcome around fails here instead of silently making a prediction wrong.
    """
    from ketenles.models.cooperation import play_match

    def per_round(first, second, **settings):
        return play_match(first, second, repetitions=300, seed=11, **settings).mean_scores[0]

    # q1: self-interest beats mutual cooperation (3) only in the short relation.
    assert per_round("defector", "tit_for_tat", continuation=0.3) > 3 > per_round(
        "defector", "tit_for_tat", continuation=0.9)
    # q2: with misunderstandings grim trigger suffers most, always-cooperate least.
    noisy = {s: per_round(s, s, noise=0.05) for s in ("cooperator", "tit_for_tat", "grim_trigger")}
    assert noisy["grim_trigger"] < noisy["tit_for_tat"] < noisy["cooperator"]
    # q3: talking misunderstandings out helps the retaliating pairs, not always-cooperate.
    talked = {s: per_round(s, s, noise=0.05, informal_contact=1.0) for s in noisy}
    assert talked["tit_for_tat"] > noisy["tit_for_tat"] + 0.3
    assert talked["grim_trigger"] > noisy["grim_trigger"] + 0.3
    assert abs(talked["cooperator"] - noisy["cooperator"]) < 0.05

    # q4: less monitoring needs a larger sanction before self-interest stops paying.
    def smallest_sanction(monitoring):
        return next(s for s in range(21) if per_round("defector", "cooperator", rounds=20,
                                                      sanction=s, monitoring=monitoring) < 3)
    assert smallest_sanction(0.3) > smallest_sanction(0.6)


def test_model_values_match_the_rubrics(models):
    """The reference values quoted in the regie-advies rubric are what the model computes."""
    regie = models["regie-advies"]
    assert (regie["beste_vorm"], regie["lezing_dilemma"]) == ("leidende_organisatie", "b")
    assert regie["advies"].best == ("leidende_organisatie",)  # the facts give one best mode, not a tie
    assert regie["advies"].scores == {"gedeeld": 0.5, "leidende_organisatie": 3.5, "nao": 3.0}
    rubric = (REPO / "course" / "rubrics" / "regie-advies.md").read_text(encoding="utf-8")
    assert "leidende organisatie 3,5 van 4 punten, NAO 3, gedeeld\n0,5" in rubric
    # The vertrouwen rubric quotes no simulation numbers: they depend on the per-round measure.
    trust = (REPO / "course" / "rubrics" / "vertrouwen.md").read_text(encoding="utf-8")
    assert not re.search(r"\d,\d\d", trust)


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
