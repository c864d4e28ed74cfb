"""A real nbgrader cycle of the final test with a variant per student (issue 19 point 3).

Three simulated students fetch the same released exam: anna and bram each answer the
questions of their OWN variant correctly (the letters they see, typed as strings); carla
hands in anna's letters. Graded once by ``ketenles autograde`` (sandboxed) and once more by
plain ``nbgrader autograde``: anna and bram get every automatic point, carla does not.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader_sim import Course, answer, secret_lines
from paths import REPO, load_script

from ketenles.content import exam_cases
from ketenles.models.exam_variant import ExamPlan, variant

pytestmark = pytest.mark.slow

ASSIGNMENT = "eindtoets"
SOURCE = REPO / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
build_exam = load_script("build_exam")
BANK = build_exam.load_bank()
PLAN = ExamPlan.from_dict(build_exam.plan_of(build_exam.draw(BANK, build_exam.DEFAULT_SEED), BANK,
                                              build_exam.DEFAULT_SEED))
BY_ID = {q["id"]: q for q in BANK["vragen"]}


def own_letters(student: str) -> dict[str, str]:
    """``{grade id: answer cell}`` as the student types the right letters of their own variant."""
    v = variant(PLAN, student)
    cells = {}
    for slot in PLAN.slot_ids:
        q = BY_ID[v.items[slot]]
        right = exam_cases.keyed(q, v.facts)
        letters = sorted(v.letter(q["id"], o) for o in right) if isinstance(right, list) else v.letter(q["id"], right)
        cells[slot] = f"{slot} = {json.dumps(letters)}"
    return cells


def _auto_scores(course: Course) -> dict[str, float]:
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        return {student: sum(gb.find_grade(f"{slot}_test", ASSIGNMENT, ASSIGNMENT, student).score
                             for slot in PLAN.slot_ids) for student in ("anna", "bram", "carla")}


# nbgrader's own autograde steps, as a course without ketenles's nbgrader_config.py has them.
NBGRADER_OWN = ["nbgrader.preprocessors.Execute", "nbgrader.preprocessors.IgnorePattern",
                "nbconvert.preprocessors.ClearMetadataPreprocessor", "nbgrader.preprocessors.LimitOutput",
                "nbgrader.preprocessors.SaveAutoGrades", "nbgrader.preprocessors.AssignLatePenalties",
                "nbgrader.preprocessors.CheckCellMetadata"]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = Course.create(tmp_path_factory.mktemp("nbgrader"), REPO / "assignments")
    course.lecturer("generate_assignment", ASSIGNMENT, "--force")
    course.lecturer("release_assignment", ASSIGNMENT)
    for student, letters_of in (("anna", "anna"), ("bram", "bram"), ("carla", "anna")):
        folder = course.fetch(student, ASSIGNMENT)
        answer(folder / f"{ASSIGNMENT}.ipynb", own_letters(letters_of))
        course.submit(student, ASSIGNMENT)
    course.lecturer("collect", ASSIGNMENT)
    ketenles = Path(sys.executable).parent / "ketenles"
    graded = subprocess.run([str(ketenles), "autograde", ASSIGNMENT, "--course", str(course.root)],
                            capture_output=True, text=True, timeout=900, cwd=course.root)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    course.scores = {"ketenles autograde": _auto_scores(course)}
    course.lecturer("autograde", ASSIGNMENT, "--force")
    course.scores["nbgrader autograde"] = _auto_scores(course)
    # nbgrader's own Execute (a course without ketenles's config): the tests run in the kernel,
    # in autograded/<student>/<assignment>/, and the student comes from that path.
    course.lecturer("autograde", ASSIGNMENT, "--force", *(f"--Autograde.autograde_preprocessors={p}"
                                                          for p in NBGRADER_OWN))
    course.scores["nbgrader's own Execute"] = _auto_scores(course)
    return course


def test_the_students_differ_in_what_they_see():
    assert own_letters("anna") != own_letters("bram") != own_letters("carla")
    assert variant(PLAN, "anna").items != variant(PLAN, "bram").items or \
        variant(PLAN, "anna").orders != variant(PLAN, "bram").orders


@pytest.mark.parametrize("grader", ["ketenles autograde", "nbgrader autograde", "nbgrader's own Execute"])
def test_own_variant_right_gets_every_point_and_anothers_letters_do_not(course, grader):
    scores = course.scores[grader]
    assert scores["anna"] == scores["bram"] == len(PLAN.slot_ids), scores
    assert scores["carla"] < len(PLAN.slot_ids) - 3, scores


def test_the_autograded_notebook_shows_the_students_own_variant(course):
    for student in ("anna", "bram"):
        nb = nbformat.read(course.root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
        shown = json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"], ensure_ascii=False)
        assert f"Deze toets is voor: {student}" in shown
        first = variant(PLAN, student).items["vraag_01"]
        assert BY_ID[first]["vraag"].split()[0] in shown


def test_released_notebook_and_question_file_hold_no_key(course):
    released = course.root / "release" / ASSIGNMENT
    data = (released / build_exam.QUESTIONS_FILE).read_text(encoding="utf-8")
    notebook = (released / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8")
    secrets = secret_lines(SOURCE)
    assert len(secrets) >= 12
    for text in (data, notebook):
        assert [line for line in secrets if line in text] == []
        assert "variant_answer" not in text and "check_variant_choice" not in text and '"antwoord"' not in text
