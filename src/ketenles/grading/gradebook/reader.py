"""Which gradebook database a course uses, and one way to read it.

nbgrader keeps its gradebook wherever ``CourseDirectory.db_url`` points: by
default ``sqlite:///<course>/gradebook.db`` (right for one lecturer), or a
PostgreSQL server for a large class with several graders (nbgrader's FAQ
advises against SQLite when several people grade at once). The export, the
report and the gradebook check read it through one reader,
:class:`GradebookReader`: plain SQL through SQLAlchemy (nbgrader's own
dependency), so they work on both, and the joins over nbgrader's tables are
written once. (nbgrader's ``Gradebook`` API builds an ORM object per grade and
cannot open SQLite read-only; a check must never create or change a gradebook.)

``where`` is a course folder (its ``nbgrader_config.py`` decides), a SQLite
file, or a database URL:

>>> gradebook_url("postgresql://docent@127.0.0.1:5432/gradebook")
'postgresql://docent@127.0.0.1:5432/gradebook'
>>> gradebook_url("/tmp/no-such-course/gradebook.db")
'sqlite:////tmp/no-such-course/gradebook.db'
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool


def _configured_url(root: Path) -> str | None:
    """``CourseDirectory.db_url`` as the course's nbgrader_config.py sets it, if it does."""
    config_file = root / "nbgrader_config.py"
    if not config_file.is_file():
        return None
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    url = config.CourseDirectory.get("db_url")
    return str(url) if url else None


def gradebook_url(where: str | Path) -> str:
    """The SQLAlchemy URL of the gradebook of ``where`` (course folder, SQLite file or URL)."""
    text = str(where)
    if "://" in text:
        return text
    path = Path(where).expanduser().resolve()
    if path.is_dir():
        return _configured_url(path) or f"sqlite:///{path / 'gradebook.db'}"
    return f"sqlite:///{path}"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path:
    return Path(url.split("///", 1)[1].split("?", 1)[0])


def exists(url: str) -> bool:
    """False only for a SQLite gradebook whose file is missing (a server is asked when read)."""
    return not is_sqlite(url) or sqlite_path(url).is_file()


@contextlib.contextmanager
def connect(where: str | Path) -> Iterator[Connection]:
    """A read connection to the gradebook; SQLite is opened read-only, so a check never creates one."""
    url = gradebook_url(where)
    if is_sqlite(url):
        url = f"sqlite:///file:{sqlite_path(url)}?mode=ro&uri=true"
    # One short-lived connection: a report must never hold a server's connection slots
    # (nbgrader issue 560: "too many clients" on large runs).
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def course_db_env(url: str | None) -> dict[str, str]:
    """Environment that points a course's nbgrader_config.py at ``url`` (see KETENLES_DB_URL there)."""
    env = dict(os.environ)
    if url:
        env["KETENLES_DB_URL"] = url
    return env


# --- one reader for export, report, gradebook check ------------------------------

@dataclass(frozen=True)
class CellGrade:
    """One grade cell of one submitted notebook, with its grade row (if nbgrader wrote one)."""

    student: str
    notebook: str
    cell: str
    cell_type: str  # "code" (autograded test) or "markdown" (answered in words, graded by hand)
    max_score: float
    auto_score: float | None
    manual_score: float | None
    extra_credit: float | None
    has_grade: bool  # False: the gradebook lacks the row (damage, see integrity)
    ids: tuple[str, str]  # (submitted notebook, cell) as nbgrader keys them

    @property
    def score(self) -> float | None:
        """What counts: the lecturer's score where given, else the autograded one."""
        return self.manual_score if self.manual_score is not None else self.auto_score


@dataclass(frozen=True)
class Submission:
    student: str
    timestamp: datetime | None
    extension: timedelta | None  # nbgrader's per-student extension: added to the due date
    late_penalty: float


def as_time(value: str | datetime | None) -> datetime | None:
    """A gradebook time as a datetime: SQLite returns text, PostgreSQL a datetime."""
    if isinstance(value, datetime) or value is None:
        return value
    return datetime.fromisoformat(value) if value else None


def as_interval(value: str | datetime | timedelta | None) -> timedelta | None:
    """nbgrader's extension (an SQLAlchemy Interval) as a timedelta.

    PostgreSQL returns a timedelta; SQLite stores an Interval as the moment that
    long after 1970-01-01, and returns that as text.
    """
    if value is None or isinstance(value, timedelta):
        return value
    moment = as_time(value)
    return moment - datetime(1970, 1, 1) if moment is not None else None


_CELL_GRADES = """
SELECT sa.student_id, n.name, bc.name, gc.cell_type, gc.max_score,
       g.auto_score, g.manual_score, g.extra_credit, g.id, sn.id, bc.id
FROM submitted_notebook sn
JOIN submitted_assignment sa ON sn.assignment_id = sa.id
JOIN assignment a ON sa.assignment_id = a.id
JOIN notebook n ON sn.notebook_id = n.id
JOIN base_cell bc ON bc.notebook_id = n.id
JOIN grade_cells gc ON gc.id = bc.id
LEFT JOIN grade g ON g.notebook_id = sn.id AND g.cell_id = bc.id
WHERE (:assignment IS NULL OR a.name = :assignment)
ORDER BY sa.student_id, n.name, bc.{order}
"""


class GradebookReader:
    """Reads one gradebook's assignments, cells, submissions and grades as plain values.

    Opened on a course folder, a SQLite file or a URL (:func:`gradebook_url`);
    use it as a context manager. Cells come in the order nbgrader stored them,
    which is the notebook's order.
    """

    def __init__(self, where: str | Path):
        self.url = gradebook_url(where)
        self._connection = None

    def __enter__(self) -> GradebookReader:
        self._context = connect(self.url)
        self._connection = self._context.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._context.__exit__(*exc)
        self._connection = None

    def _rows(self, sql: str, **params) -> list[tuple]:
        from sqlalchemy import text

        return [tuple(r) for r in self._connection.execute(text(sql), params)]

    def _order(self) -> str:
        # SQLite's rowid, PostgreSQL's ctid: the rows are written once, in the notebook's order.
        return "rowid" if self._connection.dialect.name == "sqlite" else "ctid"

    def assignment(self, name: str) -> tuple[str, datetime | None] | None:
        """``(id, due date)`` of an assignment, None when the gradebook does not know it."""
        rows = self._rows("SELECT id, duedate FROM assignment WHERE name = :name", name=name)
        return (rows[0][0], as_time(rows[0][1])) if rows else None

    def grade_cells(self, assignment: str) -> list[tuple[str, float]]:
        """``(cell name, maximum)`` of every grade cell of an assignment, in notebook order."""
        return [(cell, float(top)) for cell, top in self._rows(
            "SELECT bc.name, gc.max_score FROM grade_cells gc JOIN base_cell bc ON gc.id = bc.id "
            "JOIN notebook n ON bc.notebook_id = n.id JOIN assignment a ON n.assignment_id = a.id "
            f"WHERE a.name = :name ORDER BY n.name, bc.{self._order()}", name=assignment)]

    def cell_grades(self, assignment: str | None = None) -> list[CellGrade]:
        """Every grade cell of every submitted notebook (of one assignment, or of all)."""
        return [CellGrade(student, notebook, cell, cell_type, float(top), auto, manual, extra, grade is not None,
                          (nb_id, cell_id))
                for student, notebook, cell, cell_type, top, auto, manual, extra, grade, nb_id, cell_id
                in self._rows(_CELL_GRADES.format(order=self._order()), assignment=assignment)]

    def submissions(self, assignment: str) -> list[Submission]:
        return [Submission(student, as_time(stamp), as_interval(extension), float(penalty or 0))
                for student, stamp, extension, penalty in self._rows(
                    "SELECT sa.student_id, sa.timestamp, sa.extension, "
                    "(SELECT COALESCE(SUM(sn.late_submission_penalty), 0) FROM submitted_notebook sn "
                    " WHERE sn.assignment_id = sa.id) "
                    "FROM submitted_assignment sa JOIN assignment a ON sa.assignment_id = a.id "
                    "WHERE a.name = :name ORDER BY sa.student_id", name=assignment)]

    def students(self) -> list[tuple[str, str, str, str]]:
        """``(id, first name, last name, LMS id)`` of every student, empty strings for what is unknown."""
        return [(s, first or "", last or "", lms or "") for s, first, last, lms in self._rows(
            "SELECT id, first_name, last_name, lms_user_id FROM student ORDER BY id")]

    def count(self, sql: str, **params) -> int:
        return int(self._rows(sql, **params)[0][0])

    def ids(self, sql: str, **params) -> list:
        """The first column of a query: for the gradebook check's searches for loose rows."""
        return [row[0] for row in self._rows(sql, **params)]
