"""Check an nbgrader gradebook after grading: no lost, impossible or stray grades.

Read through :class:`~ketenles.grading.gradebook.reader.GradebookReader` (plain
SQL, not nbgrader's ORM, which hides rows whose parent is missing), from SQLite
or PostgreSQL. Two kinds of finding:

* **problems** — the gradebook is damaged: a submission without a grade row for
  one of its grade cells, a score below 0 or above the cell's maximum, a grade,
  notebook or submission whose parent row does not exist;
* **attention** — the gradebook is sound but a person must act: an autograded
  cell without a score, i.e. a submission whose autograde failed (nbgrader
  then marks it "needs manual grade", so it shows up in the formgrader), and
  extra credit, which can take a total above the maximum (the export caps the
  grade and names the student);
* **ungraded** — open answers (graded by hand) without a score yet: no damage,
  but the gradebook is not "in orde" to export while they are open; they are
  counted in the first line and named per student.

>>> check_gradebook("/nonexistent/gradebook.db").ok
False
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ketenles.grading.gradebook import reader as gradebook_db
from ketenles.i18n import msg

# Rows whose parent row is missing: damage that nbgrader's own API cannot even show.
_ORPHAN_GRADES = (
    "SELECT g.id FROM grade g LEFT JOIN submitted_notebook sn ON g.notebook_id = sn.id "
    "LEFT JOIN base_cell bc ON g.cell_id = bc.id LEFT JOIN grade_cells gc ON g.cell_id = gc.id "
    "WHERE sn.id IS NULL OR bc.id IS NULL OR gc.id IS NULL OR bc.notebook_id != sn.notebook_id")
_ORPHAN_NOTEBOOKS = (
    "SELECT sn.id FROM submitted_notebook sn LEFT JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
    "LEFT JOIN notebook n ON sn.notebook_id = n.id "
    "WHERE sa.id IS NULL OR n.id IS NULL OR n.assignment_id != sa.assignment_id")
_ORPHAN_SUBMISSIONS = (
    "SELECT sa.id FROM submitted_assignment sa LEFT JOIN student s ON sa.student_id = s.id "
    "LEFT JOIN assignment a ON sa.assignment_id = a.id WHERE s.id IS NULL OR a.id IS NULL")
_SUBMISSION_COUNT = (
    "SELECT COUNT(*) FROM submitted_assignment sa JOIN assignment a ON sa.assignment_id = a.id "
    "WHERE (:assignment IS NULL OR a.name = :assignment)")


@dataclass
class IntegrityReport:
    submissions: int = 0
    grades: int = 0
    problems: list[str] = field(default_factory=list)
    attention: list[str] = field(default_factory=list)
    ungraded: dict[str, list[str]] = field(default_factory=dict)  # student -> open answers not graded

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        open_answers = sum(len(cells) for cells in self.ungraded.values())
        if self.ok and open_answers:
            lines = [msg("grading_workflow.integrity.ungraded", submissions=self.submissions, count=open_answers,
                         students=len(self.ungraded))]
            lines += [msg("grading_workflow.integrity.ungraded_student", student=student, cells=", ".join(cells))
                      for student, cells in sorted(self.ungraded.items())]
        elif self.ok:
            lines = [msg("grading_workflow.integrity.ok", submissions=self.submissions, grades=self.grades)]
        else:
            lines = [msg("grading_workflow.integrity.problems", count=len(self.problems)), *self.problems]
        return "\n".join([*lines, *self.attention])


def check_gradebook(database: str | Path, assignment: str | None = None) -> IntegrityReport:
    """Check a gradebook (a course folder, ``gradebook.db`` or a database URL), optionally for one assignment."""
    url = gradebook_db.gradebook_url(database)
    report = IntegrityReport()
    if not gradebook_db.exists(url):
        report.problems.append(msg("grading_workflow.integrity.no_gradebook", path=gradebook_db.sqlite_path(url)))
        return report
    with gradebook_db.GradebookReader(url) as gradebook:
        _check_grades(gradebook, assignment, report)
        _check_orphans(gradebook, report)
    return report


def _check_grades(gradebook: gradebook_db.GradebookReader, assignment: str | None, report: IntegrityReport) -> None:
    report.submissions = gradebook.count(_SUBMISSION_COUNT, assignment=assignment)
    for cell in gradebook.cell_grades(assignment):
        where = {"student": cell.student, "notebook": cell.notebook, "cell": cell.cell}
        if not cell.has_grade:
            report.problems.append(msg("grading_workflow.integrity.missing_grade", **where))
            continue
        report.grades += 1
        for score in (cell.auto_score, cell.manual_score):
            if score is not None and not 0 <= score <= cell.max_score:
                report.problems.append(msg("grading_workflow.integrity.out_of_range", score=score,
                                           max_score=cell.max_score, **where))
        if cell.extra_credit:
            report.attention.append(msg("lecturer.integrity.extra_credit", extra=cell.extra_credit, **where))
        if cell.cell_type == "markdown" and cell.manual_score is None:
            report.ungraded.setdefault(cell.student, []).append(f"{cell.notebook}/{cell.cell}")
        if cell.cell_type == "code" and cell.auto_score is None and cell.manual_score is None:
            report.attention.append(msg("grading_workflow.integrity.not_autograded", **where))


def _check_orphans(gradebook: gradebook_db.GradebookReader, report: IntegrityReport) -> None:
    for grade in gradebook.ids(_ORPHAN_GRADES):
        report.problems.append(msg("grading_workflow.integrity.orphan_grade", grade=grade))
    for notebook in gradebook.ids(_ORPHAN_NOTEBOOKS):
        report.problems.append(msg("grading_workflow.integrity.orphan_notebook", notebook=notebook))
    for submission in gradebook.ids(_ORPHAN_SUBMISSIONS):
        report.problems.append(msg("grading_workflow.integrity.orphan_submission", submission=submission))
