"""A practice widget for lesson 00: one slider, one dropdown and one button.

Students who have never used a notebook try the three controls the course uses
everywhere, with feedback in words and symbols. The check itself is a plain
function (:func:`check_practice`), so it is tested without a browser.

>>> check_practice(4, "Kadaster").correct
True
>>> check_practice(2, None).status
'wrong'
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models import progress
from ketenles.models.quiz import Feedback
from ketenles.widgets.quiz import FeedbackDisplay

CHOICES = ("UWV", "Kadaster", "Politie", "Belastingdienst")
TARGET_VALUE, TARGET_CHOICE = 4, "Kadaster"
MIN_VALUE, MAX_VALUE = 1, 5


def check_practice(value: int, choice: str | None, target_value: int = TARGET_VALUE,
                   target_choice: str = TARGET_CHOICE) -> Feedback:
    """Feedback on the practice task: was the slider on ``target_value`` and the choice right?

    The button counts as done by definition: this check only runs when it is clicked.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentError("value", value, msg("practice.expect.target"))
    slider_ok = value == target_value
    choice_ok = choice == target_choice
    parts = [msg("practice.slider.right" if slider_ok else "practice.slider.wrong",
                 value=value, target=target_value)]
    if choice_ok:
        parts.append(msg("practice.dropdown.right", choice=choice))
    elif not choice:
        parts.append(msg("practice.dropdown.empty", target=target_choice))
    else:
        parts.append(msg("practice.dropdown.wrong", choice=choice, target=target_choice))
    parts.append(msg("practice.button"))
    if slider_ok and choice_ok:
        parts.append(msg("practice.done"))
    # Two tasks can go wrong (the button cannot): half a point each.
    return Feedback.graded((slider_ok + choice_ok) / 2, parts)


class WidgetPractice(FeedbackDisplay, widgets.VBox):
    """Try a slider, a dropdown and a button; a full success counts as exercise ``id``.

    >>> w = WidgetPractice()
    >>> w.slider.value, w.dropdown.value = 4, "Kadaster"
    >>> w.submit().correct
    True
    """

    def __init__(self, id: str = "widget-proberen", target: int = TARGET_VALUE,
                 choice: str = TARGET_CHOICE):
        progress.check_exercise_id(id, "id")
        if isinstance(target, bool) or not isinstance(target, int) or not MIN_VALUE <= target <= MAX_VALUE:
            raise ArgumentError("target", target, msg("practice.expect.target"))
        if choice not in CHOICES:
            raise ArgumentError("choice", choice, msg("practice.expect.choice", choices=", ".join(CHOICES)))
        self.exercise_id, self.target, self.target_choice = id, target, choice
        self._feedback: Feedback | None = None
        self.progress_note: str | None = None
        style = {"description_width": "initial"}
        self.slider = widgets.IntSlider(value=MIN_VALUE, min=MIN_VALUE, max=MAX_VALUE, step=1,
                                        description=msg("practice.widget.slider"),
                                        tooltip=msg("practice.widget.slider_tooltip"), style=style)
        self.dropdown = widgets.Dropdown(
            options=[(msg("practice.widget.placeholder"), ""), *((c, c) for c in CHOICES)], value="",
            description=msg("practice.widget.dropdown"),
            tooltip=msg("practice.widget.dropdown_tooltip"), style=style)
        self.button = widgets.Button(description=msg("practice.widget.check"),
                                     tooltip=msg("practice.widget.check_tooltip"), icon="check")
        self.button.on_click(lambda _button: self.submit())
        self.feedback_box = widgets.HTML()
        heading = widgets.HTML(
            f"<h4>{html.escape(msg('practice.widget.heading'))}</h4>"
            f"<p>{html.escape(msg('practice.widget.task', target=target, choice=choice))}</p>")
        super().__init__([heading, self.slider, self.dropdown, self.button, self.feedback_box])

    @property
    def answer(self) -> dict[str, object]:
        """The current control values: ``{'slider': 1..5, 'choice': text or None}``."""
        return {"slider": self.slider.value, "choice": self.dropdown.value or None}

    def submit(self) -> Feedback:
        """What the button does: check, show the feedback, save a full success."""
        feedback = check_practice(self.slider.value, self.dropdown.value or None,
                                  self.target, self.target_choice)
        self._show_feedback(feedback, self.exercise_id)
        return feedback
