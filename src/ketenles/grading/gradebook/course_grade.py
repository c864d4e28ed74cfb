"""The course grade: part grades with the written minimum and the late rule, weighted (issue 22).

The rules live in ``course/beoordeling.yaml`` (copied into the course folder by
``ketenles init-course``), the same rules course/syllabus.md states for students:

* a part's grade comes from its points on the 1-10 scale (:func:`to_grade`);
* **written minimum**: a part whose open answers (markdown grade cells, graded by
  hand) score below ``schriftelijk_minimum`` percent of their points is capped at
  ``plafond`` (5,0), and the student and part are named;
* **late rule**: ``geen`` (flagged only), ``aftrek_per_dag`` (``aftrek`` per
  started day after the student's own deadline, at most ``max_dagen`` days; later
  counts as ``niet_nakijken``) or ``niet_nakijken`` (grade 1,0, named);
* the course grade is the weighted mean of the part grades, rounded like a part
  grade (never up to a pass); **passed** needs it at least ``geslaagd_vanaf``,
  every part's ``minimumcijfer`` (the exam's 5,0) and no written minimum missed;
* a student with a part not (completely) graded gets no course grade and is
  named, never silently left blank.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

from ketenles.errors import KetenlesError
from ketenles.grading.gradebook.export import (
    GradeScale,
    StudentGrade,
    check_format,
    class_grades,
    lms_id,
    round_grade,
)
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number

RULES_FILE = "beoordeling.yaml"
LATE_RULES = ("geen", "aftrek_per_dag", "niet_nakijken")
DAY = 24 * 3600


@dataclass(frozen=True)
class Rules:
    weights: dict[str, float]
    minimum_grades: dict[str, float]
    pass_percentage: float = 55.0
    written_minimum: float = 40.0
    cap: float = 5.0
    pass_grade: float = 5.5
    late_rule: str = "aftrek_per_dag"
    late_deduction: float = 0.5
    late_max_days: int = 3

    @property
    def scale(self) -> GradeScale:
        return GradeScale(pass_percentage=self.pass_percentage)

    def apply(self, grades: list[StudentGrade], part: str) -> list[StudentGrade]:
        """One assignment's export under these rules (export.py calls this; it cannot import this module)."""
        return with_rules(grades, part, self)


def _number(data: dict, key: str, default: float, source: Path) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise KetenlesError(msg("grading_workflow.rules.number", key=key, value=value, path=source))
    return float(value)


def load_rules(path: str | Path) -> Rules:
    """The rules of ``beoordeling.yaml``, with a Dutch message naming what is wrong in it."""
    import yaml

    source = Path(path)
    if not source.is_file():
        raise KetenlesError(msg("grading_workflow.rules.missing", path=source))
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise KetenlesError(msg("grading_workflow.rules.yaml", path=source, error=error)) from None
    parts = data.get("onderdelen")
    if not isinstance(parts, dict) or not parts or not all(isinstance(v, dict) for v in parts.values()):
        raise KetenlesError(msg("grading_workflow.rules.parts", path=source))
    weights = {name: _number(part, "gewicht", -1, source) for name, part in parts.items()}
    if any(w <= 0 for w in weights.values()) or abs(sum(weights.values()) - 100) > 1e-9:
        raise KetenlesError(msg("grading_workflow.rules.weights", path=source,
                                total=format_number(sum(weights.values()))))
    late = data.get("te_laat") or {}
    rule = late.get("regel", "aftrek_per_dag")
    if rule not in LATE_RULES:
        raise KetenlesError(msg("grading_workflow.rules.late_rule", path=source, value=rule,
                                rules=", ".join(LATE_RULES)))
    return Rules(
        weights=weights,
        minimum_grades={n: _number(p, "minimumcijfer", 0, source) for n, p in parts.items() if "minimumcijfer" in p},
        pass_percentage=_number(data, "cesuur", 55, source),
        written_minimum=_number(data, "schriftelijk_minimum", 40, source),
        cap=_number(data, "plafond", 5.0, source),
        pass_grade=_number(data, "geslaagd_vanaf", 5.5, source),
        late_rule=rule,
        late_deduction=_number(late, "aftrek", 0.5, source),
        late_max_days=int(_number(late, "max_dagen", 3, source)),
    )


def rules_of(course: str | Path) -> Rules | None:
    """The course folder's rules, or None when it has no beoordeling.yaml (an older course)."""
    path = Path(course) / RULES_FILE
    return load_rules(path) if Path(course).is_dir() and path.is_file() else None


@dataclass(frozen=True)
class PartGrade:
    """One student's grade for one part after the written minimum and the late rule."""

    part: str
    grade: float
    graded: bool  # completely graded (a missing submission counts: 1,0)
    submitted: bool
    days_late: int
    written_missed: bool
    not_graded_late: bool  # niet_nakijken: 1,0 because of lateness
    notes: tuple[str, ...] = ()


def days_late(seconds: float) -> int:
    """Started days after the deadline (1 second late is 1 day)."""
    return math.ceil(seconds / DAY) if seconds > 0 else 0


def apply_part_rules(grade: StudentGrade, part: str, rules: Rules) -> PartGrade:
    value = grade.grade
    notes = []
    # An open answer not graded yet is no missed minimum: the part has no grade yet.
    written_missed = (grade.submitted and grade.complete and grade.written_max > 0
                      and grade.written_points < rules.written_minimum / 100 * grade.written_max)
    if written_missed and value > rules.cap:
        value = rules.cap
    if written_missed:
        notes.append(msg("grading_workflow.rules.written_missed", student=grade.student, part=part,
                         points=format_number(grade.written_points), max_points=format_number(grade.written_max),
                         cap=format_number(rules.cap)))
    late = days_late(grade.seconds_late)
    not_graded = late > 0 and (rules.late_rule == "niet_nakijken"
                               or (rules.late_rule == "aftrek_per_dag" and late > rules.late_max_days))
    if not_graded:
        value = 1.0
        notes.append(msg("grading_workflow.rules.late_not_graded", student=grade.student, part=part, days=late))
    elif late and rules.late_rule == "aftrek_per_dag":
        value = max(1.0, float(round_grade(Fraction(str(value)) - Fraction(str(rules.late_deduction)) * late,
                                           rules.scale)))
        notes.append(msg("grading_workflow.rules.late_deducted", student=grade.student, part=part, days=late,
                         deduction=format_number(rules.late_deduction * late)))
    elif late:
        notes.append(msg("grading_workflow.rules.late_flagged", student=grade.student, part=part, days=late))
    return PartGrade(part, value, grade.complete or not_graded, grade.submitted, late, written_missed, not_graded,
                     tuple(notes))


def with_rules(grades: list[StudentGrade], part: str, rules: Rules) -> list[StudentGrade]:
    """An assignment's export with the course's rules applied: the grade column and the notes change."""
    result = []
    for grade in grades:
        applied = apply_part_rules(grade, part, rules)
        result.append(replace(grade, grade=applied.grade, complete=applied.graded,
                              notes=grade.notes + applied.notes))
    return result


@dataclass
class CourseGrade:
    student: str
    first_name: str
    last_name: str
    lms_user_id: str
    parts: dict[str, PartGrade]
    grade: float | None  # None: a part is not (completely) graded yet
    passed: bool
    reasons: list[str] = field(default_factory=list)  # why not passed / why no grade


def course_grades(database: str | Path, rules: Rules) -> list[CourseGrade]:
    """Every student's course grade from the gradebook under ``rules``."""
    per_part = {part: {g.student: g for g in class_grades(database, part, rules.scale)} for part in rules.weights}
    students = next(iter(per_part.values()))
    results = []
    for student_id, student in students.items():
        parts = {part: apply_part_rules(per_part[part][student_id], part, rules) for part in rules.weights}
        results.append(_combine(student, parts, rules))
    return results


def _combine(student: StudentGrade, parts: dict[str, PartGrade], rules: Rules) -> CourseGrade:
    reasons = [note for part in parts.values() for note in part.notes]
    ungraded = [name for name, part in parts.items() if not part.graded]
    if ungraded:
        reasons.insert(0, msg("grading_workflow.rules.not_graded", student=student.student, parts=", ".join(ungraded)))
        return CourseGrade(student.student, student.first_name, student.last_name, student.lms_user_id, parts,
                           None, False, reasons)
    total = sum(Fraction(str(rules.weights[n])) * Fraction(str(p.grade)) for n, p in parts.items()) / sum(
        Fraction(str(w)) for w in rules.weights.values())
    grade = float(round_grade(total, rules.scale))
    below = [n for n, minimum in rules.minimum_grades.items() if parts[n].grade < minimum]
    for name in below:
        reasons.append(msg("grading_workflow.rules.below_minimum", student=student.student, part=name,
                           grade=format_number(parts[name].grade),
                           minimum=format_number(rules.minimum_grades[name])))
    passed = grade >= rules.pass_grade and not below and not any(p.written_missed for p in parts.values())
    return CourseGrade(student.student, student.first_name, student.last_name, student.lms_user_id, parts, grade,
                       passed, reasons)


def load_student_numbers(path: str | Path) -> dict[str, str]:
    """Hub account -> student number, from a CSV with the columns ``account`` and ``studentnummer``."""
    source = Path(path)
    if not source.is_file():
        raise KetenlesError(msg("grading_workflow.rules.numbers_missing", path=source))
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"account", "studentnummer"} <= set(reader.fieldnames):
            raise KetenlesError(msg("grading_workflow.rules.numbers_columns", path=source))
        numbers = {}
        for row in reader:
            account, number = (row["account"] or "").strip(), (row["studentnummer"] or "").strip()
            if account and number:
                numbers[account] = number
    return numbers


def course_csv(grades: list[CourseGrade], rules: Rules, fmt: str = "tabel",
               numbers: dict[str, str] | None = None, column: str = "Eindcijfer") -> str:
    """The course grades as CSV: a full table, or a Canvas / Brightspace import with one column."""
    check_format(fmt)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    shown = {g.student: "" if g.grade is None else f"{g.grade:.1f}" for g in grades}
    if fmt == "canvas":
        writer.writerow(["Student", "ID", "SIS User ID", "Section", column])
        for g in grades:
            name = ", ".join(p for p in (g.last_name, g.first_name) if p) or g.student
            writer.writerow([name, g.lms_user_id, lms_id(g.student, numbers), "", shown[g.student]])
    elif fmt == "brightspace":
        writer.writerow(["OrgDefinedId", f"{column} Points Grade", "End-of-Line Indicator"])
        for g in grades:
            writer.writerow([lms_id(g.student, numbers), shown[g.student], "#"])
    else:
        parts = list(rules.weights)
        writer.writerow(["student_id", "studentnummer", *parts, "eindcijfer", "geslaagd", "toelichting"])
        for g in grades:
            writer.writerow([g.student, (numbers or {}).get(g.student, ""),
                             *(f"{g.parts[p].grade:.1f}" if g.parts[p].graded else "" for p in parts),
                             shown[g.student], msg(f"grading_workflow.export.passed_{'yes' if g.passed else 'no'}"),
                             " | ".join(g.reasons)])
    return out.getvalue()

