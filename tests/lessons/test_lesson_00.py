"""Lesson 00 (Welkom): what the lesson tells a beginner must match the course and the tools."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
from paths import REPO

import ketenles
from ketenles import lessons, progress
from ketenles.errors import KetenlesError
from ketenles.i18n import msg
from ketenles.models.quiz import SingleChoice
from ketenles.widgets.practice import TARGET_CHOICE, TARGET_VALUE, WidgetPractice

LESSON = "00-welkom"
NB = nbformat.read(REPO / "notebooks" / f"{LESSON}.ipynb", as_version=4)
TEXT = "\n".join(c.source for c in NB.cells if c.cell_type == "markdown")
CODE = "\n".join(c.source for c in NB.cells if c.cell_type == "code")
# The optional notebook the lesson links to: what a student may read on demand.
EXTRA_PATH = REPO / "notebooks" / "extra" / "00-meer-over-notebooks.ipynb"
EXTRA = nbformat.read(EXTRA_PATH, as_version=4)
EXTRA_TEXT = "\n".join(c.source for c in EXTRA.cells if c.cell_type == "markdown")
EXTRA_CODE = "\n".join(c.source for c in EXTRA.cells if c.cell_type == "code")
EXERCISES = NB.metadata["ketenles"]["exercises"]
VENV_SHARE = Path(sys.executable).parent.parent / "share" / "jupyter"


def _quiz(quiz_id):
    return lessons.quiz_questions(LESSON, quiz_id)


def _quiz_ids_in_code() -> list[str]:
    return re.findall(r'lessons\.quiz\("00-welkom", "([^"]+)"\)', CODE)


def test_every_exercise_can_be_completed_from_the_lesson():
    done_calls = re.findall(r'lessons\.reflection\("([^"]+)"', CODE)
    question_ids = [q.id for quiz_id in _quiz_ids_in_code() for q in _quiz(quiz_id)]
    practice_ids = [WidgetPractice().exercise_id] if "WidgetPractice()" in CODE else []
    reachable = question_ids + done_calls + practice_ids
    assert sorted(reachable) == sorted(EXERCISES)


def test_quiz_answers_are_right_and_every_wrong_option_explains_why():
    expected = {"cel-uitvoeren": "Shift + Enter", "let-op": "opnieuw uit", "voortgang": "in je thuismap"}
    questions = {q.id: q for q in _quiz("oefenquiz")}
    assert set(questions) == set(expected)
    for qid, words in expected.items():
        q = questions[qid]
        assert isinstance(q, SingleChoice)
        assert words in q.options[q.correct], qid
        assert q.check(q.correct).correct
        for key in q.options:
            if key != q.correct:
                feedback = q.check(key)
                assert not feedback.correct and q.explanations[key] in feedback.text()


def test_the_lesson_links_to_the_optional_notebook_and_back():
    assert "](extra/00-meer-over-notebooks.ipynb)" in TEXT
    assert "](../00-welkom.ipynb)" in EXTRA_TEXT
    assert "ketenles" not in EXTRA.metadata  # not a lesson: no exercises, no progress, no minutes
    assert "lessons.start(" not in EXTRA_CODE


def test_the_optional_notebook_gives_the_restart_steps_in_order():
    steps = re.findall(r"^\d\. (.+)$", EXTRA_TEXT.split("## 3.")[1].split("## 4.")[0], re.M)
    assert "Kernel" in steps[0] and "Kernel herstarten" in steps[1] and "Shift + Enter" in steps[-1]


def test_the_lesson_names_menu_items_in_the_dutch_interface():
    # Whether each named item really exists as written is checked in a real
    # browser (tests/browser/test_browser_dutch_ui.py); here: the names the
    # lesson uses are the course's Dutch translations of JupyterLab's items.
    from ketenles.labsetup.ui_language import course_translations

    dutch = {strings[0] for strings in course_translations().values()}
    for label in ("Kernel herstarten…", "Downloaden"):
        assert label in dutch and label in TEXT
    assert "Kernel › Kernel herstarten + Alle cellen uitvoeren…" in TEXT
    assert "Restart Kernel" not in TEXT and "File →" not in TEXT


def test_nbgrader_has_the_buttons_the_lesson_names():
    static = VENV_SHARE / "labextensions" / "@jupyter" / "nbgrader" / "static"
    code = "".join(p.read_text(errors="ignore") for p in static.glob("*.js"))
    for label in ("Nbgrader", "Assignment List", "Released assignments", "Downloaded assignments",
                  "Fetch Feedback", "Submit", "Fetch"):
        assert label in code, label
        assert label in EXTRA_TEXT, label


def test_the_let_op_example_is_the_message_a_student_really_gets():
    quoted = re.search(r"> (Let op: .*?)\.\.\.", TEXT, re.S).group(1)
    quoted = " ".join(line.lstrip("> ").strip() for line in quoted.splitlines())
    with pytest.raises(KetenlesError) as info:
        ketenles.load_case("suwi-ketten")
    shown = f"{msg('errors.heading')}: {info.value}"
    assert shown.startswith(quoted.strip()), (shown, quoted)


def test_the_demo_cells_name_cases_that_exist():
    for case_id in re.findall(r'casus = "([^"]+)"', EXTRA_CODE) + ["strafrechtketen"]:
        assert case_id in ketenles.list_cases()
    assert "strafrechtketen" in EXTRA_TEXT
    assert "'suwi-ketten'" in TEXT and "suwi-ketten" not in ketenles.list_cases()


def test_the_progress_file_is_where_the_lesson_says(monkeypatch, tmp_path):
    monkeypatch.delenv(progress.ENV_VAR, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    path = progress.default_path()
    assert path == tmp_path / ".ketenles" / "progress.json"
    assert "`.ketenles/progress.json`" in TEXT


def test_progress_survives_a_new_session(tmp_path):
    # "Herstarten van de kernel kost je niets": a fresh store reads what an old one saved.
    path = tmp_path / "p.json"
    lessons.start(LESSON, progress_path=path)
    try:
        assert progress.record_success("let-op")
    finally:
        progress.stop_tracking()
    assert progress.ProgressStore(path).is_done(LESSON, "let-op")
    assert progress.ProgressStore(path).overview()[LESSON] == (1, len(EXERCISES))


def test_the_widget_task_in_the_lesson_is_the_one_the_widget_checks():
    w = WidgetPractice()
    assert f"op {TARGET_VALUE}" in w.children[0].value and TARGET_CHOICE in w.children[0].value
    w.slider.value, w.dropdown.value = TARGET_VALUE, TARGET_CHOICE
    assert w.submit().correct


def test_lessons_and_objectives_match_the_syllabus():
    syllabus = (REPO / "course" / "syllabus.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| 0(\d) ([^|]+?) \| [^|]+ \| [^|]+ \| (\d+) min \|$", syllabus, re.M)
    assert len(rows) == len(list((REPO / "notebooks").glob("*.ipynb")))  # every lesson, none missing
    for number, title, minutes in rows:
        assert re.search(rf"^\| {number} {re.escape(title)} \|.*\| {minutes} min \|$", EXTRA_TEXT, re.M), title
    for ld in re.findall(r"^\| (LD\d) \|", syllabus, re.M):
        assert f"| {ld} |" in EXTRA_TEXT, ld
