"""No quiz answer is on screen before the student answers; the case list reads as a table."""

from __future__ import annotations

import re

from lesson_source import LessonSource, calls_in

import ketenles
from ketenles.models.governance import advise
from ketenles.widgets.governance import GovernanceAdvisor

L04, L05 = LessonSource("04-netwerkbestuurder"), LessonSource("05-geen-recept")


def _visible_markdown(source: LessonSource) -> str:
    """The lesson's markdown without what sits folded in a <details> block."""
    return re.sub(r"<details>.*?</details>", "", source.markdown, flags=re.S)


def _cell_after_code(source: LessonSource, needle: str) -> str:
    cells = source.nb.cells
    index = next(i for i, c in enumerate(cells) if c.cell_type == "code" and needle in c.source)
    return cells[index + 1].source


def test_lesson_04_folds_the_digid_reading_under_the_quiz():
    after = _cell_after_code(L04, 'lessons.quiz("04-netwerkbestuurder", "dilemma-digid")')
    assert after.startswith("<details>\n<summary>") and after.rstrip().endswith("</details>")
    assert "pas nadat je op Controleer" in after
    assert "Zo leest de cursus DigiD" not in _visible_markdown(L04)
    assert "Regie in dienst van een gedeeld doel" not in _visible_markdown(L04)


def test_lesson_05_folds_the_outcome_under_the_quiz():
    after = _cell_after_code(L05, 'lessons.quiz("05-geen-recept", "bestuursvorm-loonaangifte")')
    assert after.startswith("<details>\n<summary>") and after.rstrip().endswith("</details>")
    assert "past een leidende organisatie het best" not in _visible_markdown(L05)


def test_lesson_05_advisor_starts_blank_so_its_chart_gives_no_answer():
    advisors = calls_in(L05.nb, "GovernanceAdvisor")
    assert advisors and all(any(k.arg == "blank" and getattr(k.value, "value", None) is True for k in a.keywords)
                            for a in advisors)
    advisor = GovernanceAdvisor(case=ketenles.load_case("loonaangifteketen"), blank=True)
    assert advisor.advice is None and advisor.chart.value == ""
    # What the quiz expects is what the advisor says once the table's choices are made.
    (question,) = [q for q in ketenles.lessons.quiz_questions("05-geen-recept", "bestuursvorm-loonaangifte")]
    advisor.controls["trust"].value = "laag"
    advisor.controls["participants"].value = 2
    advisor.controls["goal_consensus"].value = "matig_laag"
    advisor.controls["competencies"].value = "gemiddeld"
    best = advise(trust="laag", participants=2, goal_consensus="matig_laag", competencies="gemiddeld").best
    assert advisor.advice.best == best
    assert question.check(question.answer_key).correct


def test_list_cases_shows_a_table_not_a_python_list():
    cases = ketenles.list_cases()
    assert cases == sorted(cases) and "suwi-keten" in cases  # still a plain list of ids
    table = cases._repr_html_()
    assert table.startswith("<table><caption>De casusbibliotheek")
    assert "<code>suwi-keten</code>" in table and "Suwi-keten" in table
    text = str(cases)
    assert not text.startswith("[") and "- suwi-keten: " in text
