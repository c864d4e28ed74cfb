"""Benchmark: grading a class with the gradebook on SQLite and on PostgreSQL.

One class of simulated submissions of ketenanalyse (half complete, the rest
partial, wrong or empty) is copied into four courses that grade the very same
files, in the same run:

* plain ``nbgrader autograde`` (sequential) and ``ketenles autograde --workers N``
  with the default SQLite ``gradebook.db``;
* the same two with the gradebook on a PostgreSQL server this script starts on
  127.0.0.1 (tests/pg_cluster.py; each course its own database, filled by
  ``nbgrader generate_assignment`` before the clock starts) and stops.

Prints per run the wall time and time per submission (command start-up
included), the speed-up of ``ketenles autograde`` over plain ``nbgrader
autograde`` on the same database, PostgreSQL against SQLite, and whether all
four gradebooks hold identical grades.

    .venv/bin/python benchmarks/gradebook_db.py [--students 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
BIN = Path(sys.executable).parent

from grading_class import ASSIGNMENT, answered, class_kinds, copy_course, make_course, submit  # noqa: E402
from pg_cluster import PostgresCluster  # noqa: E402


def timed(args: list[str], cwd: Path) -> tuple[float, int]:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, proc.returncode


def grades(url: str) -> dict:
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings(), Gradebook(url) as gb:
        warnings.simplefilter("ignore", SAWarning)
        return {(s.student.id, g.name): (g.auto_score, g.manual_score)
                for s in gb.find_assignment(ASSIGNMENT).submissions for n in s.notebooks for g in n.grades}


def on_postgres(course, url: str) -> None:
    config = course.root / "nbgrader_config.py"
    config.write_text(config.read_text(encoding="utf-8") + f"\nc.CourseDirectory.db_url = {url!r}\n",
                      encoding="utf-8")
    subprocess.run([str(BIN / "nbgrader"), "generate_assignment", ASSIGNMENT, "--force"], cwd=course.root,
                   check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    plain = [str(BIN / "nbgrader"), "autograde", ASSIGNMENT]
    ours = [str(BIN / "ketenles"), "autograde", ASSIGNMENT, "--workers", str(options.workers)]
    results: dict[tuple[str, str], tuple[float, int]] = {}
    gradebooks: dict[tuple[str, str], dict] = {}
    with tempfile.TemporaryDirectory() as tmp, PostgresCluster() as pg:
        tmp = Path(tmp)
        course = make_course(tmp / "class")
        kinds = class_kinds(options.students)
        notebooks = {kind: answered(course, kind) for kind in set(kinds.values())}
        for student, kind in kinds.items():
            submit(course, student, notebooks[kind])
        load_before = os.getloadavg()
        for database in ("sqlite", "postgresql"):
            for name, command in (("nbgrader", plain), ("ketenles", ours)):
                copy = copy_course(course, tmp / f"{database}-{name}")
                url = f"sqlite:///{copy.root / 'gradebook.db'}"
                if database == "postgresql":
                    url = pg.create_database(f"{name}_gradebook")
                    on_postgres(copy, url)
                results[(database, name)] = timed(command, copy.root)
                gradebooks[(database, name)] = grades(url)
        load_after = os.getloadavg()
    n = options.students
    print(f"submissions: {n}  cores: {os.cpu_count()}  workers: {options.workers}  "
          f"load average before/after: {load_before[0]:.1f}/{load_after[0]:.1f}")
    for (database, name), (wall, code) in results.items():
        label = "nbgrader autograde (sequential)" if name == "nbgrader" else f"ketenles autograde --workers " \
                                                                             f"{options.workers}"
        print(f"{database:10} {label:34} {wall:7.1f} s  {wall / n:5.2f} s per submission  exit {code}")
    for database in ("sqlite", "postgresql"):
        speedup = results[(database, "nbgrader")][0] / results[(database, "ketenles")][0]
        print(f"{database:10} speed-up of ketenles over plain nbgrader: {speedup:.2f}x")
    ratio = results[("postgresql", "ketenles")][0] / results[("sqlite", "ketenles")][0]
    print(f"ketenles autograde on PostgreSQL takes {ratio:.2f}x the time on SQLite")
    reference = gradebooks[("sqlite", "nbgrader")]
    identical = all(g == reference for g in gradebooks.values())
    print(f"grade rows per gradebook: {len(reference)}; all four gradebooks identical: {identical}")


if __name__ == "__main__":
    main()
