"""A pass requires written work, and every open question has a rubric with worked exemplars.

For every assignment (the final test included) a student with every automatic point
and no written word must fail it under the course's own grade function, and so must
the course's weighted grade; the weights are the syllabus's. Every open (manual)
grade cell has a section in its rubric with three exemplars, weak < adequate < strong,
each with the points it earns.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from paths import REPO

from ketenles.grading.gradebook.export import to_grade

PASS = 5.5
ASSIGNMENTS = sorted(p.parent.name for p in (REPO / "assignments").glob("*/*.ipynb"))


def grade_cells(assignment: str) -> tuple[float, float, dict[str, float]]:
    """(automatic points, manual points, {manual grade id: points}) of an assignment."""
    nb = nbformat.read(REPO / "assignments" / assignment / f"{assignment}.ipynb", as_version=4)
    auto, manual = 0.0, {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade"):
            continue
        if cell.cell_type == "code" and not meta.get("solution"):
            auto += meta["points"]
        else:
            manual[meta["grade_id"]] = meta["points"]
    return auto, sum(manual.values()), manual


def syllabus_weights() -> dict[str, float]:
    """assignment id -> weight (fraction), from the syllabus's table under "Toetsing"."""
    text = (REPO / "course" / "syllabus.md").read_text(encoding="utf-8")
    section = text.split("## Toetsing", 1)[1].split("\n## ", 1)[0]
    return {m[0]: int(m[1]) / 100 for m in re.findall(r"^\|[^|]*\(`([a-z-]+)`\) \| (\d+)% \|", section, re.M)}


def all_automatic_no_writing(assignment: str) -> float:
    auto, manual, _ = grade_cells(assignment)
    return to_grade(auto, auto + manual)


def test_the_syllabus_weighs_every_assignment_and_the_weights_add_up():
    weights = syllabus_weights()
    assert set(weights) == set(ASSIGNMENTS) and "eindtoets" in weights
    assert sum(weights.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_automatic_points_are_less_than_half(assignment):
    auto, manual, _ = grade_cells(assignment)
    assert 0 < auto < manual
    assert all_automatic_no_writing(assignment) < PASS


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_complete_answer_still_passes(assignment):
    auto, manual, _ = grade_cells(assignment)
    assert to_grade(auto + manual, auto + manual) == 10.0
    # Half of the written points on top of the automatic ones is a pass: the bar is reachable.
    assert to_grade(auto + manual / 2, auto + manual) >= PASS


def test_the_course_grade_without_writing_is_a_fail():
    weights = syllabus_weights()
    course = sum(weights[a] * all_automatic_no_writing(a) for a in ASSIGNMENTS)
    assert course < PASS


def test_the_lecturer_guide_states_the_weights_and_the_grades_without_writing():
    guide = (REPO / "course" / "lecturer-guide.md").read_text(encoding="utf-8")
    for assignment, weight in syllabus_weights().items():
        assert f"{assignment} {round(weight * 100)}%" in guide, assignment
    grades = {all_automatic_no_writing(a) for a in ASSIGNMENTS}
    for grade in grades:
        assert f"{grade:.1f}".replace(".", ",") in guide
    weights = syllabus_weights()
    course = sum(weights[a] * all_automatic_no_writing(a) for a in ASSIGNMENTS)
    assert f"({course:.1f})".replace(".", ",") in guide


EXEMPLAR = re.compile(r"^### Voorbeeld: (zwak|voldoende|sterk) \((\d+(?:,\d+)?) punt(?:en)?\)$", re.M)
TOTAL = re.compile(r"\*\*Totaal (\d+(?:,\d+)?) van (\d+)\.\*\*")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def rubric_section(assignment: str, grade_id: str) -> str:
    text = (REPO / "course" / "rubrics" / f"{assignment}.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)
    found = [s for s in sections if f"(`{grade_id}`," in s.splitlines()[0]]
    assert len(found) == 1, f"{assignment}: no rubric section for `{grade_id}`"
    return found[0]


MANUAL = [(a, g, p) for a in ASSIGNMENTS for g, p in grade_cells(a)[2].items()]


@pytest.mark.parametrize(("assignment", "grade_id", "points"), MANUAL)
def test_every_open_question_has_a_rubric_with_three_scored_exemplars(assignment, grade_id, points):
    section = rubric_section(assignment, grade_id)
    heading = section.splitlines()[0]
    assert f"{points:g} punten)" in heading.replace(".", ","), heading
    assert "| criterium |" in section
    exemplars = EXEMPLAR.findall(section)
    assert [kind for kind, _ in exemplars] == ["zwak", "voldoende", "sterk"], exemplars
    earned = [_number(score) for _, score in exemplars]
    assert earned[0] < earned[1] < earned[2] <= points
    assert earned[1] >= 0.5 * points > earned[0]  # adequate is a pass, weak is not
    # Each exemplar is scored per criterion and its total matches its heading.
    blocks = EXEMPLAR.split(section)[1:]
    for kind, score, body in zip(blocks[0::3], blocks[1::3], blocks[2::3], strict=True):
        assert "Beoordeling:" in body, kind
        total = TOTAL.search(body)
        assert total, f"{grade_id} {kind}: no **Totaal X van N.**"
        assert _number(total.group(1)) == _number(score) and _number(total.group(2)) == points, kind


def test_the_regie_advies_model_answer_respects_the_legal_roles():
    nb = nbformat.read(REPO / "assignments" / "regie-advies" / "regie-advies.ipynb", as_version=4)
    model = next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q4_advies")
    assert "Jeugdwet" in model and "kinderrechter" in model and "onafhankelijk" in model
    assert "Raad voor de Kinderbescherming houdt zijn" in model
    # The Raad is not made the lead organisation of a chain that includes the court.
    assert "de Raad voor de Kinderbescherming, tijdelijk de rol van leidende" not in model
    assert "aanwezigen" in model and "Helder zei" not in model
