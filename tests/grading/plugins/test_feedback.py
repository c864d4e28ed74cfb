"""Feedback without leaks: a plain hidden ``assert`` never shows its line to the student."""

from __future__ import annotations

import nbformat
import pytest
from grading_class import submit, text_of
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from nbgrader_sim import Course
from paths import REPO

from ketenles.grading.plugins.feedback import StripHiddenTracebacks, safe_traceback, strip_cell

ASSIGNMENT = "geheim"
HIDDEN_ASSERT = "assert antwoord * 3 == 126"
HIDDEN_LOOKUP = "sleutels_van_docent[antwoord]"


def _grading(grade_id, source, points=None, solution=False):
    meta = {"grade": points is not None, "grade_id": grade_id, "locked": points is not None,
            "schema_version": 3, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return new_code_cell(source, metadata={"nbgrader": meta})


def _assignment(folder):
    nb = new_notebook(cells=[
        new_markdown_cell("## Vraag 1 — Het antwoord"),
        _grading("antwoord", "antwoord = None\n### BEGIN SOLUTION\nantwoord = 42\n### END SOLUTION", solution=True),
        _grading("antwoord_test", "assert antwoord is not None, \"Vul eerst 'antwoord' in.\"\n"
                 f"### BEGIN HIDDEN TESTS\n{HIDDEN_ASSERT}\n### END HIDDEN TESTS", points=2),
        _grading("opzoeken_test", "### BEGIN HIDDEN TESTS\nsleutels_van_docent = {42: 'ja'}\n"
                 f"{HIDDEN_LOOKUP}\n### END HIDDEN TESTS", points=1),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    (folder / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(nb, folder / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feedback")
    _assignment(tmp / "assignments")
    course = Course.create(tmp, tmp / "assignments")
    course.lecturer("generate_assignment", ASSIGNMENT, "--force")
    released = nbformat.read(course.root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    for student, value in (("goed", "42"), ("fout", "41")):
        for cell in released.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "antwoord":
                cell.source = f"antwoord = {value}"
        submit(course, student, released, assignment=ASSIGNMENT)
    course.lecturer("autograde", ASSIGNMENT)
    course.lecturer("generate_feedback", ASSIGNMENT)
    return course


def _feedback(course, student):
    return text_of((course.root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8"))




@pytest.mark.slow
def test_failed_plain_hidden_assert_does_not_leak_into_feedback(course):
    text = _feedback(course, "fout")
    for secret in (HIDDEN_ASSERT, "antwoord * 3", HIDDEN_LOOKUP, "sleutels_van_docent", "BEGIN HIDDEN"):
        assert secret not in text, secret
    # The student still sees that this question failed, in Dutch, and the visible test.
    assert "AssertionError: een van de extra tests van je docent is niet gehaald" in text
    assert "KeyError: 41" in text
    assert "Vul eerst" in text


@pytest.mark.slow
def test_without_the_step_nbgrader_would_leak_the_line(course):
    """The control: nbgrader's own ClearHiddenTests leaves the assert line in the traceback.

    ketenles' autograde runs the tests outside the student's kernel and writes one
    line per failed test, so its autograded notebook has no traceback at all; the
    control runs nbgrader's own Execute step (tests in the kernel) on it again.
    """
    from nbconvert import HTMLExporter
    from nbgrader.preprocessors import ClearHiddenTests, Execute

    autograded = course.root / "autograded" / "fout" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(autograded, as_version=4)
    exporter = HTMLExporter()
    exporter.register_preprocessor(ClearHiddenTests(), enabled=True)
    assert HIDDEN_ASSERT not in text_of(exporter.from_notebook_node(nb)[0])
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    nb, _ = Execute().preprocess(nb, {"metadata": {"path": str(autograded.parent)}})
    nb = nbformat.from_dict(nb)
    assert HIDDEN_ASSERT in text_of(exporter.from_notebook_node(nb)[0])
    StripHiddenTracebacks().preprocess(nb, {})
    assert HIDDEN_ASSERT not in text_of(exporter.from_notebook_node(nb)[0])


@pytest.mark.slow
def test_passing_student_scores_and_sees_no_error(course):
    text = _feedback(course, "goed")
    assert "AssertionError" not in text and HIDDEN_ASSERT not in text


def test_strip_keeps_message_of_ketenles_checks_and_visible_tests():
    cell = new_code_cell("check()\n### BEGIN HIDDEN TESTS\nx\n### END HIDDEN TESTS")
    cell.outputs = [new_output("error", ename="AnswerIncorrect", evalue="'x' klopt nog niet.",
                               traceback=["\x1b[31mline 3: geheime_regel()", "AnswerIncorrect"])]
    assert strip_cell(cell).outputs[0].traceback == ["AnswerIncorrect: 'x' klopt nog niet."]
    visible = new_code_cell("assert x == 1")
    visible.outputs = [new_output("error", ename="AssertionError", evalue="", traceback=["assert x == 1"])]
    assert strip_cell(visible).outputs[0].traceback == ["assert x == 1"]
    assert safe_traceback("KeyError", "\x1b[0m41") == ["KeyError: 41"]


@pytest.mark.slow
def test_feedback_page_speaks_the_course_language(course):
    from ketenles.grading.plugins.feedback import feedback_labels

    page = (course.root / "feedback" / "fout" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")
    labels = feedback_labels()
    for english in ("Student's answer", "Test cell", "(Top)", "Score:", "Comments:"):
        assert english not in page, english
    assert f">{labels['test_cell']}<" in page and f"({labels['top']})" in page
    assert '<html lang="nl">' in page
    # A failed check's hint wraps inside the page instead of running off its right edge.
    assert "white-space: pre-wrap" in page


def test_only_feedback_uses_the_dutch_page(tmp_path):
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO / "course")).load_config()
    assert config.GenerateFeedback.exporter_class.endswith("feedback.DutchFeedbackExporter")
    # The Formgrader's grading view renders with HTMLExporter and its own 'formgrade' template.
    assert "template_name" not in config.HTMLExporter and "extra_template_basedirs" not in config.HTMLExporter
