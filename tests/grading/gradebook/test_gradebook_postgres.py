"""A class on PostgreSQL gets exactly the grades it gets on SQLite (issue 10, a class of 500).

One simulated class, copied into two courses: one with the default SQLite
``gradebook.db``, one made with ``ketenles init-course --db-url`` pointing at a
PostgreSQL server this test starts (tests/pg_cluster.py). Both are graded with
``ketenles autograde --workers 2``; every grade, the 1-10 export, the gradebook
check and the manual-grade bookkeeping agree.
"""

from __future__ import annotations

import contextlib
import io
import warnings

import pytest
from grading_class import ASSIGNMENT, POINTS, answered, class_kinds, copy_course, make_course, submit
from nbgrader.api import Gradebook
from pg_cluster import PostgresCluster, postgres_bin
from sqlalchemy.exc import SAWarning

from ketenles.cli import main
from ketenles.grading.gradebook.export import class_grades
from ketenles.grading.gradebook.integrity import check_gradebook
from ketenles.grading.gradebook.reader import gradebook_url

pytestmark = pytest.mark.slow

STUDENTS = 6


def all_grades(url: str) -> dict[tuple[str, str], tuple]:
    with warnings.catch_warnings(), Gradebook(url) as gb:
        warnings.simplefilter("ignore", SAWarning)
        return {(s.student.id, g.name): (g.auto_score, g.manual_score, g.needs_manual_grade)
                for s in gb.find_assignment(ASSIGNMENT).submissions for n in s.notebooks for g in n.grades}


def _autograde(root) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["autograde", ASSIGNMENT, "--workers", "2", "--course", str(root)])
    return code, out.getvalue()


@pytest.fixture(scope="module")
def two_courses(tmp_path_factory):
    if postgres_bin() is None:
        pytest.fail("PostgreSQL is a prerequisite (README): apt-get install postgresql", pytrace=False)
    tmp = tmp_path_factory.mktemp("pg")
    course = make_course(tmp / "class")
    for student, kind in class_kinds(STUDENTS).items():
        submit(course, student, answered(course, kind))
    postgres_course = copy_course(course, tmp / "pg")
    with PostgresCluster() as pg:
        url = pg.create_database("gradebook")
        # As a lecturer sets a course up for a large class: the command of the guide.
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["init-course", str(postgres_course.root), "--exchange", str(course.exchange),
                         "--db-url", url]) == 0
        postgres_course.lecturer("generate_assignment", ASSIGNMENT, "--force")  # fills the new gradebook
        runs = {"sqlite": _autograde(course.root), "postgres": _autograde(postgres_course.root)}
        yield course, postgres_course, url, runs


def test_course_config_points_at_the_server(two_courses):
    _, postgres_course, url, _ = two_courses
    assert gradebook_url(postgres_course.root) == url
    assert not (postgres_course.root / "gradebook.db").exists() or \
        all_grades(f"sqlite:///{postgres_course.root / 'gradebook.db'}") == {}


def test_identical_grades_on_sqlite_and_postgresql(two_courses):
    course, postgres_course, url, runs = two_courses
    assert runs["sqlite"][0] == 0 and runs["postgres"][0] == 0, runs
    sqlite = all_grades(gradebook_url(course.root))
    postgres = all_grades(url)
    assert len(sqlite) == STUDENTS * 4
    assert postgres == sqlite
    for student, kind in class_kinds(STUDENTS).items():
        for index, question in enumerate(("probleem", "factoren", "lezing")):
            assert postgres[(student, f"q{index + 1}_{question}_test")][0] == POINTS[kind][index]


def test_export_and_check_read_the_server(two_courses):
    course, postgres_course, _, _ = two_courses
    on_sqlite = [(g.student, g.points, g.grade) for g in class_grades(course.root, ASSIGNMENT)]
    on_postgres = [(g.student, g.points, g.grade) for g in class_grades(postgres_course.root, ASSIGNMENT)]
    assert on_postgres == on_sqlite and len(on_postgres) == STUDENTS
    report = check_gradebook(postgres_course.root, ASSIGNMENT)
    assert report.ok and report.submissions == STUDENTS and report.grades == STUDENTS * 4
