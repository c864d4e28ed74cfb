"""Quiz widgets: one per question type, each with a 'Controleer' button.

The feedback always shows words and a symbol ('✔ Goed', '✘ Nog niet') and the
explanation per part, never a colour alone. Every widget exposes ``.answer`` and
``.feedback`` as plain values and has ``.submit()`` for tests and scripts.

>>> from ketenles.models.quiz import claims_matching
>>> w = question_widget(claims_matching(["geen_recept", "balans_belangen"]))
>>> w.set_answer({"geen_recept": "aanwezigen", "balans_belangen": "froger"}); w.submit().correct
True

When a lesson called ``progress.start_lesson(...)`` (or ``lesson=`` is given), a
correct answer marks the exercise ``question.id`` as done.
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number
from ketenles.models import progress
from ketenles.models.quiz import (
    Feedback,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    SingleChoice,
    read_answer,
)

_WIDE = widgets.Layout(width="95%")
_LABEL_STYLE = {"description_width": "initial"}


def feedback_html(feedback: Feedback | None, note: str | None = None) -> str:
    """The feedback as HTML: heading with symbol, score, one list item per part."""
    if feedback is None:
        return ""
    head = f"<strong>{html.escape(feedback.heading)}</strong>"
    if feedback.status in ("correct", "partial", "wrong"):
        head += " · " + html.escape(msg("quiz.score", percent=round(feedback.score * 100)))
    if feedback.basis:
        head += f"<br>{html.escape(feedback.basis)}"
    items = "".join(f"<li>{html.escape(m)}</li>" for m in feedback.messages)
    extra = f"<p><em>{html.escape(note)}</em></p>" if note else ""
    # role=status: a screen reader reads the new feedback without moving focus.
    return (f'<div role="status" aria-live="polite" aria-label="{html.escape(msg("quiz.widget.feedback_label"))}">'
            f"<p>{head}</p><ul>{items}</ul>{extra}</div>")


class FeedbackDisplay:
    """Shows a :class:`Feedback` in ``self.feedback_box`` and saves a correct answer.

    Shared by every exercise widget that checks an answer with a button.
    """

    _feedback: Feedback | None = None
    progress_note: str | None = None

    @property
    def feedback(self) -> Feedback | None:
        """The feedback of the last check, or None before the first."""
        return self._feedback

    @property
    def feedback_text(self) -> str:
        """The shown feedback as plain text (what a screen reader reads)."""
        if self._feedback is None:
            return ""
        return "\n".join(filter(None, [self._feedback.text(), self.progress_note]))

    def _show_feedback(self, feedback: Feedback, exercise_id: str, lesson: str | None = None,
                       store: progress.ProgressStore | None = None) -> None:
        self.progress_note = (progress.record_success(exercise_id, lesson_id=lesson, store=store)
                              if feedback.correct else None)
        self._feedback = feedback
        self.feedback_box.value = feedback_html(feedback, self.progress_note)


class QuestionWidget(FeedbackDisplay, widgets.VBox):
    """Common part of every quiz widget: prompt, controls, button, feedback.

    ``lesson``/``store``: save a correct answer for this lesson (default: the
    lesson started with ``progress.start_lesson``, if any).
    """

    question_type: type[Question] = Question

    def __init__(self, question: Question, *, lesson: str | None = None,
                 store: progress.ProgressStore | None = None):
        if not isinstance(question, self.question_type):
            raise ArgumentError("question", question, msg("quiz.expect.question"))
        if lesson is not None:
            progress.check_lesson_id(lesson, "lesson")
        if store is not None and not isinstance(store, progress.ProgressStore):
            raise ArgumentError("store", store, msg("progress.expect.store"))
        self.question, self.lesson, self.store = question, lesson, store
        self._feedback: Feedback | None = None
        self.progress_note: str | None = None
        self.on_submit: list[Callable[[QuestionWidget], None]] = []
        self.tries = 0  # wrong or partly wrong checks so far
        self.prompt_box = widgets.HTML(f"<p><strong>{html.escape(question.prompt)}</strong></p>")
        self.button = widgets.Button(description=msg("quiz.widget.check"),
                                     tooltip=msg("quiz.widget.check_tooltip"), icon="check")
        self.button.on_click(lambda _button: self.submit())
        self.feedback_box = widgets.HTML()
        super().__init__([self.prompt_box, *self._controls(), self.button, self.feedback_box])

    def _controls(self) -> list[widgets.Widget]:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def answer(self) -> object:  # pragma: no cover - abstract
        raise NotImplementedError

    def set_answer(self, answer: object) -> None:  # pragma: no cover - abstract
        """Set the controls as a student would (the answer is not checked yet)."""
        raise NotImplementedError

    def submit(self) -> Feedback:
        """Check the current answer, show the feedback and return it."""
        # Matching and ordering show hints on a first wrong try and the explanations from the second.
        reveal = {"reveal": self.tries > 0} if getattr(self.question, "hints_first", False) else {}
        feedback = self.question.check(self.answer, **reveal)
        if feedback.status in ("partial", "wrong"):
            self.tries += 1
        self._show_feedback(feedback, self.question.id, self.lesson, self.store)
        for callback in self.on_submit:
            callback(self)
        return feedback


def _placeholder_options(labelled: Mapping[str, str], keys: Sequence[str] | None = None):
    keys = list(labelled) if keys is None else keys
    return [(msg("quiz.widget.choose_placeholder"), ""), *((labelled[k], k) for k in keys)]


class SingleChoiceWidget(QuestionWidget):
    question_type = SingleChoice

    def _controls(self):
        q = self.question
        self.choice = widgets.RadioButtons(
            options=[(text, key) for key, text in q.options.items()], value=None,
            description=msg("quiz.widget.choose"), style=_LABEL_STYLE, layout=_WIDE)
        return [self.choice]

    @property
    def answer(self) -> str | None:
        return self.choice.value

    def set_answer(self, answer: str | None) -> None:
        self.choice.value = answer


class MultipleChoiceWidget(QuestionWidget):
    question_type = MultipleChoice

    def _controls(self):
        self.checkboxes = {
            key: widgets.Checkbox(value=False, description=text, indent=False, layout=_WIDE)
            for key, text in self.question.options.items()
        }
        return list(self.checkboxes.values())

    @property
    def answer(self) -> list[str]:
        return [key for key, box in self.checkboxes.items() if box.value]

    def set_answer(self, answer: Sequence[str]) -> None:
        chosen = set(answer)
        for key, box in self.checkboxes.items():
            box.value = key in chosen


class MatchingWidget(QuestionWidget):
    """Per item a numbered text and a Dropdown labelled with the same number."""

    question_type = Matching

    def _controls(self):
        q = self.question
        rows, self.dropdowns = [], {}
        for number, (key, text) in enumerate(q.items.items(), start=1):
            rows.append(widgets.HTML(f"<p>{number}. {html.escape(text)}</p>"))
            self.dropdowns[key] = widgets.Dropdown(
                options=_placeholder_options(q.choices), value="",
                description=msg("quiz.widget.match_label", number=number), style=_LABEL_STYLE, layout=_WIDE)
            rows.append(self.dropdowns[key])
        return rows

    @property
    def answer(self) -> dict[str, str | None]:
        return {key: (d.value or None) for key, d in self.dropdowns.items()}

    def set_answer(self, answer: Mapping[str, str | None]) -> None:
        for key, value in answer.items():
            self.dropdowns[key].value = value or ""


class OrderingWidget(QuestionWidget):
    """A Dropdown per position ('Plek 1', 'Plek 2', ...): usable with the keyboard alone."""

    question_type = Ordering

    def _controls(self):
        q = self.question
        keys = list(q.items)
        # A fixed shuffle per question: the list must not give the answer away,
        # and must look the same every time the lesson is opened.
        shuffled = keys[:]
        random.Random(q.id).shuffle(shuffled)
        if shuffled == keys:
            shuffled = shuffled[1:] + shuffled[:1]
        self.display_order = shuffled
        self.positions = [
            widgets.Dropdown(options=_placeholder_options(q.items, shuffled), value="",
                             description=msg("quiz.widget.position", number=n),
                             style=_LABEL_STYLE, layout=_WIDE)
            for n in range(1, len(keys) + 1)
        ]
        return self.positions

    @property
    def answer(self) -> list[str | None]:
        return [d.value or None for d in self.positions]

    def set_answer(self, answer: Sequence[str | None]) -> None:
        for dropdown, value in zip(self.positions, answer, strict=False):
            dropdown.value = value or ""


class NumericWidget(QuestionWidget):
    """A text field rather than FloatText: it can be empty, and '3,5' is read as 3.5."""

    question_type = Numeric

    def _controls(self):
        q = self.question
        self.field = widgets.Text(value="", description=msg("quiz.widget.numeric_label"),
                                  placeholder=msg("quiz.widget.numeric_placeholder"),
                                  style=_LABEL_STYLE)
        controls: list[widgets.Widget] = [self.field]
        if q.unit:
            controls = [widgets.HBox([self.field, widgets.Label(msg("quiz.widget.unit", unit=q.unit))])]
        return controls

    @property
    def answer(self) -> float | str | None:
        """None when blank, a float when readable, else the typed text."""
        text = self.field.value.strip()
        if not text:
            return None
        number = read_answer(text)
        return text if number is None else number

    def set_answer(self, answer: float | str | None) -> None:
        if answer is None:
            self.field.value = ""
        elif isinstance(answer, (int, float)) and not isinstance(answer, bool):
            self.field.value = format_number(float(answer))
        else:
            self.field.value = str(answer)


WIDGETS: dict[type[Question], type[QuestionWidget]] = {
    SingleChoice: SingleChoiceWidget,
    MultipleChoice: MultipleChoiceWidget,
    Matching: MatchingWidget,
    Ordering: OrderingWidget,
    Numeric: NumericWidget,
}


def question_widget(question: Question, **options) -> QuestionWidget:
    """The widget that fits ``question``'s type."""
    for cls, widget_cls in WIDGETS.items():
        if isinstance(question, cls):
            return widget_cls(question, **options)
    raise ArgumentError("question", question, msg("quiz.expect.question"))


class QuizBox(widgets.VBox):
    """Several questions below each other, with a running total.

    >>> from ketenles.models.quiz import claims_matching
    >>> box = QuizBox([claims_matching(["geen_recept", "balans_belangen"]),
    ...                claims_matching(["schakel", "informele_contacten"])])
    >>> box.questions[0].set_answer({"geen_recept": "aanwezigen", "balans_belangen": "froger"})
    >>> box.questions[0].submit().correct, box.right
    (True, 1)
    >>> box.total.value
    '<p>Totaal: 1 van 2 vragen goed.</p>'

    A lesson builds one from its quiz file: ``lessons.quiz("03-mensenwerk", "...")``.
    """

    def __init__(self, questions: Sequence[Question], **options):
        if isinstance(questions, (str, Question)) or not isinstance(questions, Sequence) \
                or not questions:
            raise ArgumentError("questions", questions, msg("quiz.expect.questions"))
        self.questions = [question_widget(q, **options) for q in questions]
        self.total = widgets.HTML()
        for w in self.questions:
            w.on_submit.append(lambda _w: self._update_total())
        self._update_total()
        super().__init__([*self.questions, self.total])

    @property
    def right(self) -> int:
        return sum(1 for w in self.questions if w.feedback is not None and w.feedback.correct)

    def _update_total(self) -> None:
        self.total.value = "<p>" + html.escape(
            msg("quiz.widget.quiz_score", right=self.right, total=len(self.questions))) + "</p>"
