"""Check an nbgrader gradebook after grading: no lost, impossible or stray grades.

Read straight from SQLite (not through nbgrader's ORM, which hides rows whose
parent is missing). Two kinds of finding:

* **problems** — the gradebook is damaged: a submission without a grade row for
  one of its grade cells, a score below 0 or above the cell's maximum, a grade,
  notebook or submission whose parent row does not exist;
* **attention** — the gradebook is sound but a person must act: an autograded
  cell without a score, i.e. a submission whose autograde failed (nbgrader
  then marks it "needs manual grade", so it shows up in the formgrader).

>>> check_gradebook("/nonexistent/gradebook.db").ok
False
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ketenles.i18n import msg

_SUBMISSION_CELLS = """
SELECT sa.student_id, n.name, bc.name, gc.max_score, sn.id, bc.id, gc.cell_type
FROM submitted_notebook sn
JOIN submitted_assignment sa ON sn.assignment_id = sa.id
JOIN assignment a ON sa.assignment_id = a.id
JOIN notebook n ON sn.notebook_id = n.id
JOIN base_cell bc ON bc.notebook_id = n.id
JOIN grade_cells gc ON gc.id = bc.id
WHERE (:assignment IS NULL OR a.name = :assignment)
"""


@dataclass
class IntegrityReport:
    submissions: int = 0
    grades: int = 0
    problems: list[str] = field(default_factory=list)
    attention: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        if self.ok:
            lines = [msg("grading_workflow.integrity.ok", submissions=self.submissions, grades=self.grades)]
        else:
            lines = [msg("grading_workflow.integrity.problems", count=len(self.problems)), *self.problems]
        return "\n".join([*lines, *self.attention])


def check_gradebook(database: str | Path, assignment: str | None = None) -> IntegrityReport:
    """Check ``gradebook.db`` (or a course folder holding it), optionally for one assignment."""
    path = Path(database)
    if path.is_dir():
        path = path / "gradebook.db"
    report = IntegrityReport()
    if not path.is_file():
        report.problems.append(msg("grading_workflow.integrity.no_gradebook", path=path))
        return report
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        _check_grades(db, assignment, report)
        _check_orphans(db, report)
    return report


def _check_grades(db: sqlite3.Connection, assignment: str | None, report: IntegrityReport) -> None:
    grades = {(nb, cell): (auto, manual) for nb, cell, auto, manual in
              db.execute("SELECT notebook_id, cell_id, auto_score, manual_score FROM grade")}
    report.submissions = db.execute(
        "SELECT COUNT(*) FROM submitted_assignment sa JOIN assignment a ON sa.assignment_id = a.id "
        "WHERE (:assignment IS NULL OR a.name = :assignment)", {"assignment": assignment}).fetchone()[0]
    for student, notebook, cell, max_score, nb_id, cell_id, cell_type in db.execute(
            _SUBMISSION_CELLS, {"assignment": assignment}):
        where = {"student": student, "notebook": notebook, "cell": cell}
        if (nb_id, cell_id) not in grades:
            report.problems.append(msg("grading_workflow.integrity.missing_grade", **where))
            continue
        report.grades += 1
        auto, manual = grades[(nb_id, cell_id)]
        for score in (auto, manual):
            if score is not None and not 0 <= score <= max_score:
                report.problems.append(msg("grading_workflow.integrity.out_of_range", score=score,
                                           max_score=max_score, **where))
        if cell_type == "code" and auto is None and manual is None:
            report.attention.append(msg("grading_workflow.integrity.not_autograded", **where))


def _check_orphans(db: sqlite3.Connection, report: IntegrityReport) -> None:
    for (grade,) in db.execute(
            "SELECT g.id FROM grade g LEFT JOIN submitted_notebook sn ON g.notebook_id = sn.id "
            "LEFT JOIN base_cell bc ON g.cell_id = bc.id "
            "LEFT JOIN grade_cells gc ON g.cell_id = gc.id "
            "WHERE sn.id IS NULL OR bc.id IS NULL OR gc.id IS NULL "
            "OR bc.notebook_id != sn.notebook_id"):
        report.problems.append(msg("grading_workflow.integrity.orphan_grade", grade=grade))
    for (notebook,) in db.execute(
            "SELECT sn.id FROM submitted_notebook sn "
            "LEFT JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
            "LEFT JOIN notebook n ON sn.notebook_id = n.id "
            "WHERE sa.id IS NULL OR n.id IS NULL OR n.assignment_id != sa.assignment_id"):
        report.problems.append(msg("grading_workflow.integrity.orphan_notebook", notebook=notebook))
    for (submission,) in db.execute(
            "SELECT sa.id FROM submitted_assignment sa LEFT JOIN student s ON sa.student_id = s.id "
            "LEFT JOIN assignment a ON sa.assignment_id = a.id WHERE s.id IS NULL OR a.id IS NULL"):
        report.problems.append(msg("grading_workflow.integrity.orphan_submission", submission=submission))
