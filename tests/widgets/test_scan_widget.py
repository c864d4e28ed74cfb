"""The ketenscan exercise, driven from Python as a student would drive it."""

import re

import pytest

from ketenles import load_case
from ketenles.content.seminar import factor_ids
from ketenles.errors import ArgumentError
from ketenles.widgets.scan import ScanExercise

IDS = factor_ids()


@pytest.fixture
def exercise():
    return ScanExercise(case=load_case("strafrechtketen"))


def alt_text(widget):
    return re.search(r'alt="([^"]*)"', widget.chart.value).group(1)


def test_every_slider_is_labelled_and_bounded(exercise):
    for slider in exercise.sliders.values():
        assert slider.description and slider.min == 1 and slider.max == 5
        assert slider.tooltip  # the full factor name, for a screen reader
    assert list(exercise.sliders) == list(IDS)


def test_moving_a_slider_updates_result_chart_and_advice(exercise):
    chart_before, advice_before = exercise.chart.value, exercise.advice_box.value
    exercise.sliders["draagvlak_top"].value = 1
    assert exercise.answers["draagvlak_top"] == 1
    assert exercise.result.weakest == ("draagvlak_top",)
    assert exercise.chart.value != chart_before
    assert "Draagvlak top: 1 van 5" not in alt_text(exercise)  # full names in the alt text
    assert "Draagvlak in de top van je organisatie: 1 van 5" in alt_text(exercise)
    assert exercise.advice_box.value != advice_before
    assert "Draagvlak in de top" in exercise.advice_box.value


def test_chart_is_an_image_with_a_text_alternative(exercise):
    assert exercise.chart.value.startswith("<figure")
    assert 'src="data:image/png;base64,' in exercise.chart.value
    assert "Zwakste schakel" in alt_text(exercise)
    assert "<figcaption" in exercise.chart.value


def test_the_course_makers_line_appears_only_after_the_student_scored_and_asked(exercise):
    reference = "inschatting van de cursusmakers"
    assert reference not in alt_text(exercise)  # before scoring: nothing to copy
    exercise.ask_feedback()  # untouched sliders: no comparison, still no line
    assert reference not in alt_text(exercise)
    exercise.sliders["draagvlak_top"].value = 1
    assert reference not in alt_text(exercise)
    chart_before = exercise.chart.value
    exercise.ask_feedback()
    # Drawn now, so the text alternative names it as well.
    assert "inschatting van de cursusmakers: Een helder gezamenlijk doel 3" in alt_text(exercise)
    assert exercise.chart.value != chart_before


def test_set_answers_moves_every_slider_and_refreshes_once(exercise, monkeypatch):
    calls = []
    original = exercise.refresh
    monkeypatch.setattr(exercise, "refresh", lambda: (calls.append(1), original()))
    exercise.set_answers(dict(zip(IDS, (5, 4, 3, 2, 1), strict=True)))
    assert exercise.answers == dict(zip(IDS, (5, 4, 3, 2, 1), strict=True))
    assert exercise.result.mean == 3.0
    assert len(calls) == 1


def test_without_a_case_only_the_students_series_is_drawn():
    plain = ScanExercise(start=dict.fromkeys(IDS, 4))
    assert plain.result.mean == 4.0
    assert "jouw keten" in plain.children[0].value


def test_bad_arguments_are_explained():
    with pytest.raises(ArgumentError, match="load_case"):
        ScanExercise(case="strafrechtketen")
    with pytest.raises(ArgumentError, match="start"):
        ScanExercise(start={"gezamenlijk_doel": 9})


# -- feedback and progress: only what the student did counts ----------------------

@pytest.fixture
def tracked(tmp_path):
    from ketenles.models import progress

    store = progress.start_lesson("01-wat-is-een-keten", ["ketenscan-strafrecht"], path=tmp_path / "p.json")
    yield store
    progress.stop_tracking()


def test_feedback_on_untouched_sliders_compares_nothing_and_marks_nothing(tracked):
    exercise = ScanExercise(case=load_case("strafrechtketen"), oefening="ketenscan-strafrecht")
    lines = exercise.ask_feedback()
    assert "nog niet verzet" in lines[0]
    assert not any("binnen één punt" in line for line in lines)
    assert not tracked.is_done("01-wat-is-een-keten", "ketenscan-strafrecht")


def test_feedback_follows_the_sliders_as_they_are_when_asked(tracked):
    """Two and three points off the estimate: explained per factor, never 'within one point'."""
    case = load_case("strafrechtketen")
    exercise = ScanExercise(case=case, oefening="ketenscan-strafrecht")
    estimate = case.scan_scores()
    exercise.sliders["weinig_machtsdruk"].value = estimate["weinig_machtsdruk"] + 3
    exercise.sliders["successen_gunnen"].value = estimate["successen_gunnen"] + 2
    exercise.feedback_button.click()
    text = " ".join(exercise.feedback_lines)
    assert "binnen één punt" not in text
    assert text.count("positiever") == 2
    assert exercise.feedback_button.description == "Vraag feedback"
    assert "Feedback" in exercise.feedback_box.value
    assert tracked.is_done("01-wat-is-een-keten", "ketenscan-strafrecht")
    assert "1 van 1" in exercise.feedback_box.value


def test_close_to_the_estimate_says_so_after_a_move(tracked):
    case = load_case("strafrechtketen")
    exercise = ScanExercise(case=case, oefening="ketenscan-strafrecht")
    exercise.set_answers(case.scan_scores())
    assert "binnen één punt" in exercise.ask_feedback()[0]


def test_a_scan_without_a_case_has_no_feedback_button():
    exercise = ScanExercise(name="mijn keten")
    assert exercise.feedback_button not in exercise.children
    assert exercise.ask_feedback() == ()


def test_the_feedback_view_saves_no_progress(tracked):
    from ketenles.display import views

    case = load_case("strafrechtketen")
    exercise = ScanExercise(case=case)
    views.scan_feedback(exercise.result, case)
    assert tracked.done("01-wat-is-een-keten") == ()
