"""The final test in the notebook: the plan of the drawn exam, this student's variant, the texts.

The exam's first code cell makes one :class:`ExamSheet` from the plan the build wrote there
(ids and option counts, no answers) and the name of the released question file next to the
notebook (texts and options, no answers). Each question cell calls :meth:`ExamSheet.vraag`,
which shows that question as this student's variant has it. The checks of
:mod:`ketenles.grading.checks` take the sheet to map a student's letters back to the bank's
option ids; they need only the plan, so they also run where the question file is not (the
grader's clean checker).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from ketenles.errors import KetenlesError
from ketenles.grading.student_id import current_student
from ketenles.i18n import msg
from ketenles.models.exam_variant import ExamPlan, Variant, variant


class ExamUnavailable(KetenlesError):
    """The exam cannot be shown or checked here; the message says why and what to do."""


class ExamSheet:
    """One drawn exam as a notebook uses it; ``vragen`` is the released question file."""

    def __init__(self, plan: Mapping, vragen: str = "eindtoets-vragen.json"):
        self.plan = ExamPlan.from_dict(plan)
        self.questions_file = vragen
        self._data: dict | None = None

    # --- who and which variant -----------------------------------------------------

    def variant(self, student: str | None = None) -> Variant | None:
        """This student's variant (None while grading when the student cannot be told)."""
        student = current_student() if student is None else student
        return variant(self.plan, student) if student else None

    def slot(self, number: int) -> str:
        slots = self.plan.slot_ids
        if not 1 <= number <= len(slots):
            raise ExamUnavailable(msg("exam.unknown_question", number=number, last=len(slots)))
        return slots[number - 1]

    # --- texts (in the student's kernel) --------------------------------------------

    def data(self) -> dict:
        if self._data is None:
            path = Path(self.questions_file)
            if not path.is_file():
                raise ExamUnavailable(msg("exam.no_questions", file=self.questions_file))
            self._data = json.loads(path.read_text(encoding="utf-8"))
        return self._data

    def _current(self) -> Variant:
        found = self.variant()
        if found is None:
            raise ExamUnavailable(msg("exam.no_student", name=self.plan.exam))
        return found

    def _show(self, compose) -> None:
        """Show what ``compose(variant, data)`` gives, or the Dutch reason why it cannot be shown."""
        from ketenles.display import exam as view

        try:
            found = self._current()
            text = compose(view, found)
        except ExamUnavailable as exc:
            text = f"**{exc}**"
        view.show(text)

    def kop(self) -> None:
        """Show whose exam this is."""
        self._show(lambda view, found: view.header(found))

    def vraag(self, number: int) -> None:
        """Show question ``number`` as this student's variant has it."""
        def compose(view, found):
            item = found.items[self.slot(number)]
            return view.question(item, self.data()["vragen"][item], found)
        self._show(compose)

    def casus(self) -> None:
        """Show this student's case, with the alternatives of its varying facts."""
        self._show(lambda view, found: view.case(self.data()["casussen"][found.case], found))

    def open_vraag(self, question_id: str) -> None:
        """Show an open question of this student's case."""
        self._show(lambda view, found: view.open_question(self.data()["casussen"][found.case], question_id))
