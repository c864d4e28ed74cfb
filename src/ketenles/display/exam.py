"""The final test as one student reads it: markdown for the header, a question and the case.

Texts come from the exam's released question file (no answers in it) and the student's
variant (:mod:`ketenles.models.exam_variant`); the functions here only compose markdown.
:func:`show` puts it in the notebook.
"""

from __future__ import annotations

from collections.abc import Mapping

from ketenles.content import exam_cases
from ketenles.i18n import msg
from ketenles.models.exam_variant import Variant


def header(variant: Variant) -> str:
    return msg("exam.for_student", student=variant.student, sitting=variant.sitting)


def question(item: str, data: Mapping, variant: Variant) -> str:
    """A question with its options in the student's order, under the student's letters (the
    notebook's own heading above it gives the number)."""
    options = "\n".join(msg("exam.option", letter=variant.letter(item, option), text=data["opties"][option])
                        for option in variant.orders[item])
    how = msg("exam.how_multiple" if data["soort"] == "meer" else "exam.how_single")
    return f"{data['vraag'].strip()}\n\n{options}\n\n{how}"


def case(case_data: Mapping, variant: Variant) -> str:
    """The case the student got, with the alternative of every varying fact it drew."""
    facts = "\n".join(f"{number}. {' '.join(text.split())}"
                      for number, text in enumerate(exam_cases.fact_texts(case_data, variant.facts), 1))
    return (f"{msg('exam.case_heading', title=case_data['titel'])}\n\n{case_data['inleiding'].strip()}\n\n"
            f"{facts}")


def open_question(case_data: Mapping, question_id: str) -> str:
    return next(item["vraag"].strip() for item in case_data["open"] if item["id"] == question_id)


def show(markdown: str) -> None:
    from IPython.display import Markdown, display

    display(Markdown(markdown))
