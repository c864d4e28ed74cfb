"""The widget practice of lesson 00: the check and the widget a beginner relies on."""

import pytest

from ketenles import progress
from ketenles.errors import ArgumentError
from ketenles.widgets.practice import CHOICES, WidgetPractice, check_practice


def test_right_slider_and_choice_is_correct_and_says_so_in_words():
    feedback = check_practice(4, "Kadaster")
    assert feedback.correct and feedback.score == 1.0
    assert feedback.heading.startswith("✔")
    assert all(part.startswith("✔") for part in feedback.messages[:3])


@pytest.mark.parametrize("value, choice, score", [(2, "Kadaster", 0.5), (4, "UWV", 0.5), (1, None, 0.0)])
def test_each_wrong_control_is_named_with_how_to_fix_it(value, choice, score):
    feedback = check_practice(value, choice)
    assert not feedback.correct and feedback.score == score
    text = feedback.text()
    if value != 4:
        assert "✘ Schuifregelaar" in text and "pijltjestoetsen" in text
    if choice != "Kadaster":
        assert "✘ Keuzelijst" in text and "'Kadaster'" in text


def test_widget_starts_unanswered_and_a_full_success_is_saved(tmp_path):
    w = WidgetPractice()
    assert w.answer == {"slider": 1, "choice": None} and w.feedback is None
    assert check_practice(w.slider.value, None).correct is False  # the task is never done at the start
    progress.start_lesson("00-welkom", ["widget-proberen"], path=tmp_path / "p.json")
    try:
        w.submit()
        assert not progress.active_lesson()[0].is_done("00-welkom", "widget-proberen")
        w.slider.value, w.dropdown.value = 4, "Kadaster"
        w.button.click()
        assert w.feedback.correct and "Nog niet" not in w.feedback_box.value
        assert progress.active_lesson()[0].is_done("00-welkom", "widget-proberen")
        assert "1 van 1" in w.feedback_text
    finally:
        progress.stop_tracking()


def test_every_control_has_a_visible_label():
    w = WidgetPractice()
    assert w.slider.description and w.dropdown.description and w.button.description
    assert "Kadaster" in [value for _label, value in w.dropdown.options]


@pytest.mark.parametrize("kwargs", [{"target": 9}, {"target": True}, {"choice": "Gemeente"}, {"id": "met spatie"}])
def test_bad_arguments_get_a_dutch_message(kwargs):
    with pytest.raises(ArgumentError, match="niet goed"):
        WidgetPractice(**kwargs)


def test_bad_value_in_the_check_is_refused():
    with pytest.raises(ArgumentError):
        check_practice("4", "Kadaster")
    assert len(CHOICES) == len(set(CHOICES))
