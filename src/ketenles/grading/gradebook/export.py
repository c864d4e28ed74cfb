"""Export an assignment's grades from the gradebook as Dutch 1-10 grades in CSV.

**Scale.** Points become a percentage of the maximum, and the percentage a
grade: 1.0 at 0 %, the pass mark 5.5 at the *cesuur* (default 55 %), 10.0 at
100 %, linear in between on both sides (with ``pass_percentage=50`` this is
the plain linear scale 1 + 9 x fraction).

**Rounding.** Dutch exam rules (OER) usually round a final grade to one
decimal, halves up (6.45 -> 6.5). The one exception is the pass mark: most
rules say a grade *below* 5.5 is a fail, so a raw 5.47 must not become a
pass by rounding. Here a raw grade in [5.45, 5.5) is therefore given as 5.4,
unless ``round_up_to_pass=True`` (for an OER that does allow it).

**Formats** (``fmt``):

* ``tabel`` — every column: student, name, points, max, percentage, grade,
  passed, late (with nbgrader's late penalty already subtracted);
* ``canvas`` — a Canvas gradebook import: ``Student`` ("Last, First"), ``ID``
  (Canvas user id, from nbgrader's ``lms_user_id``), ``SIS User ID`` (the
  nbgrader student id), ``Section`` and one column named after the assignment
  (set the Canvas assignment to 10 points);
* ``brightspace`` — a Brightspace (D2L) grades import: ``OrgDefinedId`` (the
  nbgrader student id), ``<Item> Points Grade`` (grade item with maximum 10)
  and ``End-of-Line Indicator`` = ``#``.

>>> to_grade(11, 20)          # 55 % is exactly the pass mark
5.5
>>> to_grade(10.9, 20)        # raw 5.459...: never rounded up to a pass
5.4
>>> to_grade(10.9, 20, GradeScale(round_up_to_pass=True))
5.5
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from ketenles.errors import ArgumentError
from ketenles.grading.gradebook.reader import CellGrade, GradebookReader, Submission
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number

FORMATS = ("tabel", "canvas", "brightspace")


@dataclass(frozen=True)
class GradeScale:
    """Piecewise-linear mapping from percentage to a Dutch grade, and its rounding."""

    pass_percentage: float = 55.0
    minimum: float = 1.0
    pass_grade: float = 5.5
    maximum: float = 10.0
    decimals: int = 1
    round_up_to_pass: bool = False

    def __post_init__(self):
        if not 0 < self.pass_percentage < 100:
            raise ArgumentError("pass_percentage", self.pass_percentage, msg("grading_workflow.expect.percentage"))


def _exact(value: float) -> Fraction:
    # Through the decimal text, so 0.1 is one tenth and not its binary neighbour.
    return Fraction(Decimal(repr(float(value))))


def raw_grade(score: float, max_score: float, scale: GradeScale = GradeScale()) -> Fraction:
    """The unrounded grade, as an exact fraction."""
    if max_score <= 0 or not 0 <= score <= max_score:
        raise ArgumentError("score", score, msg("grading_workflow.expect.fraction"))
    percent = _exact(score) / _exact(max_score) * 100
    cut, low, mid, high = (_exact(v) for v in (scale.pass_percentage, scale.minimum, scale.pass_grade,
                                                scale.maximum))
    if percent <= cut:
        return low + (mid - low) * percent / cut
    return mid + (high - mid) * (percent - cut) / (100 - cut)


def to_grade(score: float, max_score: float, scale: GradeScale = GradeScale()) -> float:
    """The grade on the 1-10 scale, rounded as described in the module docstring."""
    return round_grade(raw_grade(score, max_score, scale), scale)


def round_grade(raw: Fraction, scale: GradeScale = GradeScale()) -> float:
    """A raw grade rounded as described in the module docstring (never up to a pass).

    >>> round_grade(Fraction(547, 100))
    5.4
    """
    step = Decimal(1).scaleb(-scale.decimals)
    rounded = (Decimal(raw.numerator) / Decimal(raw.denominator)).quantize(step, rounding=ROUND_HALF_UP)
    pass_grade = Decimal(repr(scale.pass_grade))
    if raw < _exact(scale.pass_grade) and rounded >= pass_grade and not scale.round_up_to_pass:
        rounded = pass_grade - step
    return float(rounded)


@dataclass
class StudentGrade:
    student: str
    first_name: str
    last_name: str
    lms_user_id: str
    submitted: bool
    points: float  # after the late penalty
    max_points: float
    late: bool
    seconds_late: float
    grade: float
    complete: bool  # every grade cell has a score (autograded or graded by hand)
    # Points outside 0..max (extra credit above the maximum, a negative manual score):
    # the grade is capped to the scale, the points are shown as they are, and this
    # Dutch line names the student for the lecturer.
    warning: str = ""
    # Points of the open answers (markdown grade cells, graded by hand with the rubric):
    # the course's written minimum is checked on them (course_grade.py).
    written_points: float = 0.0
    written_max: float = 0.0
    # Dutch lines from the course's rules (written minimum, late rule), see course_grade.py.
    notes: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return self.grade >= 5.5


def class_grades(database: str | Path, assignment: str, scale: GradeScale = GradeScale(),
                 extensions: dict[str, timedelta] | None = None) -> list[StudentGrade]:
    """Every student in the gradebook with their grade for ``assignment`` (1.0 without a submission).

    ``extensions`` (student -> extension, from deadlines.py) replace nbgrader's own;
    by default they are read from the course folder's log when ``database`` is one.
    """
    if extensions is None:
        from ketenles.grading.gradebook.deadlines import extensions as logged

        extensions = {student: extra for (_, student), extra in logged(database, assignment).items()}
    with GradebookReader(database) as gradebook:
        found = gradebook.assignment(assignment)
        if found is None:
            raise ArgumentError("assignment", assignment, msg("grading_workflow.expect.assignment"))
        max_points = float(sum(top for _, top in gradebook.grade_cells(assignment)))
        submissions = {s.student: s for s in gradebook.submissions(assignment)}
        for student, extra in extensions.items():
            if student in submissions:
                submissions[student] = replace(submissions[student], extension=extra)
        cells_of: dict[str, list[CellGrade]] = {}
        for cell in gradebook.cell_grades(assignment):
            cells_of.setdefault(cell.student, []).append(cell)
        students = gradebook.students()
    return [_student_grade(student, submissions.get(student[0]), cells_of.get(student[0], []), found[1],
                           max_points, scale) for student in students]


def _seconds_late(submission: Submission | None, duedate: datetime | None) -> float:
    if submission is None or submission.timestamp is None:
        return 0.0
    if duedate is None:
        return 0.0
    # An extension moves this student's deadline (nbgrader keeps it as an interval).
    due = duedate + (submission.extension or timedelta(0))
    return max(0.0, (submission.timestamp - due).total_seconds())


def _student_grade(student: tuple[str, str, str, str], submission: Submission | None, cells: list[CellGrade],
                   duedate: datetime | None, max_points: float, scale: GradeScale) -> StudentGrade:
    student_id, first, last, lms = student
    raw = float(sum((c.score or 0) + (c.extra_credit or 0) for c in cells))
    open_cells = sum(1 for c in cells if c.has_grade and c.score is None)
    odd_cells = sum(1 for c in cells if c.score is not None and not 0 <= c.score <= c.max_score)
    points = max(0.0, raw - (submission.late_penalty if submission else 0.0))
    counted, warning = _counted_points(student_id, raw, points, max_points)
    if odd_cells and not warning:
        warning = msg("lecturer.export.cell_out_of_range", student=student_id, count=odd_cells)
    seconds_late = _seconds_late(submission, duedate)
    written = [c for c in cells if c.cell_type == "markdown"]
    return StudentGrade(student_id, first, last, lms, submission is not None, points, max_points,
                        seconds_late > 0, seconds_late, to_grade(counted, max_points, scale), open_cells == 0,
                        warning, float(sum(c.score or 0 for c in written)), float(sum(c.max_score for c in written)))


def _counted_points(student: str, raw: float, points: float, max_points: float) -> tuple[float, str]:
    """The points the grade is computed from, and a warning when they had to be capped.

    One student's extra credit must never stop the export of the whole class
    (issue 10): above the maximum counts as the maximum (a 10.0), below 0 as 0.
    """
    if max_points > 0 and points > max_points:
        return max_points, msg("lecturer.export.above_max", student=student, points=format_number(points),
                               max_points=format_number(max_points))
    if raw < 0:  # a negative manual score (a late penalty alone stops at 0 silently, as in nbgrader)
        return 0.0, msg("lecturer.export.below_zero", student=student, points=format_number(raw))
    return points, ""


def grade_warnings(grades: list[StudentGrade]) -> list[str]:
    """The Dutch warnings of an export: capped points, and what the course's rules did."""
    return [g.warning for g in grades if g.warning] + [note for g in grades for note in g.notes]


def blank_students(grades: list[StudentGrade], include_incomplete: bool = False) -> list[str]:
    """Students whose row an LMS file leaves without a grade (not completely graded yet)."""
    return [] if include_incomplete else [g.student for g in grades if not g.complete]


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ArgumentError("fmt", fmt, msg("grading_workflow.expect.format", formats=", ".join(FORMATS)))


def lms_id(student: str, numbers: dict[str, str] | None) -> str:
    """The id an LMS knows a student by: the student number when a mapping is given, else the hub name."""
    return (numbers or {}).get(student, student)


def unmapped(students: list[str], numbers: dict[str, str] | None) -> list[str]:
    """Hub accounts missing from a student-number mapping (their rows would not match in the LMS)."""
    return [] if numbers is None else [s for s in students if s not in numbers]


def _number(value: float) -> str:
    # Machine-readable on purpose, not ketenles.i18n.numbers: the CSV is read by Canvas,
    # Brightspace and lecturers' scripts, which all want a plain decimal point ("7.5", not "7,5").
    value = round(float(value), 6)
    return f"{value:g}" if value != int(value) else f"{int(value)}"


def _yes(flag: bool, kind: str) -> str:
    return msg(f"grading_workflow.export.{kind}_{'yes' if flag else 'no'}")


def to_csv(grades: list[StudentGrade], assignment: str, fmt: str = "tabel", column: str | None = None,
           include_incomplete: bool = False, numbers: dict[str, str] | None = None) -> str:
    """The CSV text of ``grades`` in format ``fmt`` (see module docstring).

    For an LMS a submission that is not completely graded (an open question not
    yet graded, or a failed autograde) gets an empty grade, so a provisional 1.0
    never reaches a student (:func:`blank_students` names them); ``include_incomplete=True``
    exports it anyway. ``numbers`` maps hub accounts to student numbers for the LMS id.
    """
    check_format(fmt)
    column = column or assignment

    # Every number in the CSV keeps a plain decimal point whatever the course language
    # (see _number): an LMS import or a spreadsheet script parses it.
    def shown(g: StudentGrade) -> str:
        return f"{g.grade:.1f}" if g.complete or include_incomplete else ""

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if fmt == "canvas":
        writer.writerow(["Student", "ID", "SIS User ID", "Section", column])
        for g in grades:
            name = ", ".join(p for p in (g.last_name, g.first_name) if p) or g.student
            writer.writerow([name, g.lms_user_id, lms_id(g.student, numbers), "", shown(g)])
    elif fmt == "brightspace":
        writer.writerow(["OrgDefinedId", f"{column} Points Grade", "End-of-Line Indicator"])
        for g in grades:
            writer.writerow([lms_id(g.student, numbers), shown(g), "#"])
    else:
        writer.writerow(["student_id", "voornaam", "achternaam", "ingeleverd", "punten", "max_punten",
                         "percentage", "cijfer", "voldoende", "volledig_beoordeeld", "te_laat",
                         "seconden_te_laat"])
        for g in grades:
            percent = 100 * g.points / g.max_points if g.max_points else 0.0
            writer.writerow([g.student, g.first_name, g.last_name, _yes(g.submitted, "passed"),
                             _number(g.points), _number(g.max_points), f"{percent:.1f}", f"{g.grade:.1f}",
                             _yes(g.passed, "passed"), _yes(g.complete, "passed"), _yes(g.late, "late"),
                             f"{g.seconds_late:.0f}"])
    return out.getvalue()


def export_grades(database: str | Path, assignment: str, target: str | Path, fmt: str = "tabel",
                  scale: GradeScale = GradeScale(), column: str | None = None,
                  include_incomplete: bool = False, warnings: list[str] | None = None,
                  rules=None, numbers: dict[str, str] | None = None, blank: list[str] | None = None) -> int:
    """Write the CSV file; return the number of students written.

    ``rules`` (course_grade.Rules, from the course's beoordeling.yaml) applies the
    written minimum and the late rule to the grade. Warnings (capped scores, the
    rules' notes, students left without a grade, accounts without a student
    number) are appended to ``warnings`` when a list is given; the students whose
    row has no grade to ``blank``.
    """
    grades = class_grades(database, assignment, scale)
    if rules is not None:
        grades = rules.apply(grades, assignment)
    text = to_csv(grades, assignment, fmt, column, include_incomplete, numbers)
    Path(target).write_text(text, encoding="utf-8")
    without = blank_students(grades, include_incomplete or fmt == "tabel")
    if blank is not None:
        blank.extend(without)
    if warnings is not None:
        warnings.extend(grade_warnings(grades))
        if without:
            warnings.append(msg("grading_workflow.export.blank", count=len(without), students=", ".join(without)))
        missing = unmapped([g.student for g in grades], numbers)
        if missing:
            warnings.append(msg("grading_workflow.export.unmapped", students=", ".join(missing)))
    return len(grades)
