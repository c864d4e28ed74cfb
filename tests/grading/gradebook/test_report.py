"""Class report: per-question bands, per-objective means, accessible figures and a table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from grading_class import REPO, tiny_gradebook
from hypothesis import given
from hypothesis import strategies as st

from ketenles.errors import ArgumentError
from ketenles.grading.gradebook.report import load_objectives, load_scores, objective_scores, write_report


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    # Building a gradebook through nbgrader's API takes seconds; each test gets a copy.
    tmp_path = tmp_path_factory.mktemp("gradebook")
    return tiny_gradebook(tmp_path / "gradebook.db",
                          {"s1": {"q1": 1, "q2": 2, "open": 4}, "s2": {"q1": 1, "q2": 1, "open": None},
                           "s3": {"q1": 0, "q2": 0, "open": 2}, "s4": {"q1": 1, "q2": 0, "open": 0}},
                          {"q1": 1, "q2": 2, "open": 4})


@pytest.fixture
def gradebook(template, tmp_path):
    return Path(shutil.copy(template, tmp_path / "gradebook.db"))


@pytest.fixture
def objectives(tmp_path):
    path = tmp_path / "objectives.yaml"
    path.write_text("objectives:\n  tellen: Partners tellen\n  schrijven: Diagnose schrijven\n"
                    "questions:\n  q1: [tellen]\n  q2: [tellen]\n  open: [schrijven]\n", encoding="utf-8")
    return path


def test_scores_per_question_in_student_order(gradebook):
    scores = load_scores(gradebook, "opdracht")
    assert scores.scores == {"q1": [1, 1, 0, 1], "q2": [2, 1, 0, 0], "open": [4, None, 2, 0]}
    assert scores.fractions("q2") == [1.0, 0.5, 0.0, 0.0]


def test_objective_means_pool_all_their_questions(gradebook, objectives):
    labels, questions = load_objectives(objectives)
    scores = load_scores(gradebook, "opdracht")
    means = objective_scores({q: scores.fractions(q) for q in scores.max_scores}, questions)
    assert means == {"tellen": pytest.approx(4.5 / 8), "schrijven": pytest.approx(0.5)}


@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), st.lists(st.floats(0, 1), max_size=5)))
def test_objective_means_stay_shares(fractions):
    means = objective_scores(fractions, {"a": ["x"], "b": ["x", "y"], "c": ["y"]})
    assert all(0 <= m <= 1 for m in means.values())


def test_report_files_with_alt_texts_and_table(gradebook, objectives, tmp_path):
    page = write_report(gradebook, "opdracht", objectives, tmp_path / "rapport")
    folder = page.parent
    assert (folder / "vragen.png").read_bytes()[:4] == b"\x89PNG"
    assert (folder / "leerdoelen.png").read_bytes()[:4] == b"\x89PNG"
    md = (folder / "report.md").read_text(encoding="utf-8")
    # The text alternative carries every number the figure shows.
    assert "q2: 1 alle punten, 1 een deel, 2 geen, 0 nog niet beoordeeld" in md
    assert "Partners tellen: 56%" in md and "Diagnose schrijven: 50%" in md
    assert "Het minst beheerste leerdoel: Diagnose schrijven (50% van de punten)" in md
    assert "| q2 | Partners tellen | 2 | 0,75 | 38% | 2 |" in md
    text = page.read_text(encoding="utf-8")
    assert 'alt="Gestapelde staafgrafiek' in text and "<th scope='col'>vraag</th>" in text


def test_report_without_objectives_and_bad_objectives(gradebook, tmp_path):
    page = write_report(gradebook, "opdracht", None, tmp_path / "r")
    assert not (page.parent / "leerdoelen.png").exists() and (page.parent / "vragen.png").exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text("questions:\n  q1: [onbekend]\n", encoding="utf-8")
    with pytest.raises(ArgumentError):
        load_objectives(bad)


def test_course_objectives_cover_every_graded_cell():
    import nbformat

    labels, questions = load_objectives(REPO / "assignments" / "ketenanalyse" / "objectives.yaml")
    nb = nbformat.read(REPO / "assignments" / "ketenanalyse" / "ketenanalyse.ipynb", as_version=4)
    graded = {c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}
    assert set(questions) == graded and labels


def test_figures_label_questions_by_grade_id_and_objectives_in_order():
    import matplotlib

    matplotlib.use("Agg")
    from ketenles.grading.gradebook.report import ClassScores, objective_figure, question_figure

    scores = ClassScores("a", {"q1_probleem": 1.0, "q2_factoren": 2.0, "q4_diagnose": 6.0},
                         {"q1_probleem": [1, 0], "q2_factoren": [2, None], "q4_diagnose": [3, 6]})
    fig, _ = question_figure(scores)
    fig.canvas.draw()
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["q1_probleem", "q2_factoren", "q4_diagnose"]
    fig, _ = objective_figure("a", {"LD10": 0.5, "LD2": 0.7, "LD1": 0.2}, {})
    fig.canvas.draw()
    # Top to bottom in the syllabus's order (LD10 after LD2, not between LD1 and LD2).
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    positions = [t.get_position()[1] for t in fig.axes[0].get_yticklabels()]
    top_to_bottom = [label for _, label in sorted(zip(positions, labels, strict=True))]
    assert top_to_bottom == ["LD1", "LD2", "LD10"]
