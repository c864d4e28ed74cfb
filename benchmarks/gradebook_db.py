"""Benchmark: grading a class with the gradebook on SQLite and on PostgreSQL.

One class of simulated submissions of ketenanalyse (half complete, the rest
partial, wrong or empty) is copied into one course per configuration, so every
configuration grades the very same files, in the same run:

* plain ``nbgrader autograde`` (one submission after another) on the default
  SQLite ``gradebook.db``: the reference;
* ``ketenles autograde --workers N`` on SQLite;
* ``ketenles autograde --workers N`` with the gradebook on a PostgreSQL server
  this script starts on 127.0.0.1 (tests/pg_cluster.py; each course its own
  database, filled by ``nbgrader generate_assignment`` before the clock starts)
  and stops;
* with ``--plain-on-postgresql`` also plain ``nbgrader autograde`` on
  PostgreSQL, for a like-for-like ratio there (adds the slowest run).

Prints per configuration the wall time and the time per submission (command
start-up included), the speed-up of each ``ketenles autograde`` run over plain
``nbgrader autograde`` as a ratio, PostgreSQL against SQLite, and whether all
gradebooks hold identical grades.

    .venv/bin/python benchmarks/gradebook_db.py [--submissions 200] [--workers 2] [--plain-on-postgresql]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from grading_class import ASSIGNMENT, copy_course, simulated_class  # noqa: E402
from pg_cluster import PostgresCluster  # noqa: E402
from timing import BIN, CommandTime, timed_command  # noqa: E402


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
    parser.add_argument("--submissions", "--students", type=int, default=200, dest="submissions")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--plain-on-postgresql", action="store_true")
    options = parser.parse_args()
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    plain = [str(BIN / "nbgrader"), "autograde", ASSIGNMENT]
    ours = [str(BIN / "ketenles"), "autograde", ASSIGNMENT, "--workers", str(options.workers)]
    runs = [("sqlite", "nbgrader"), ("sqlite", "ketenles"), ("postgresql", "ketenles")]
    if options.plain_on_postgresql:
        runs.append(("postgresql", "nbgrader"))
    results: dict[tuple[str, str], CommandTime] = {}
    gradebooks: dict[tuple[str, str], dict] = {}
    with tempfile.TemporaryDirectory() as tmp, PostgresCluster() as pg:
        tmp = Path(tmp)
        course, _ = simulated_class(tmp / "class", options.submissions)
        load_before = os.getloadavg()
        for database, name in runs:
            copy = copy_course(course, tmp / f"{database}-{name}")
            url = f"sqlite:///{copy.root / 'gradebook.db'}"
            if database == "postgresql":
                url = pg.create_database(f"{name}_gradebook")
                on_postgres(copy, url)
            results[(database, name)] = timed_command(plain if name == "nbgrader" else ours, copy.root)
            gradebooks[(database, name)] = grades(url)
        load_after = os.getloadavg()
    n = options.submissions
    print(f"submissions: {n}  cores: {os.cpu_count()}  workers: {options.workers}  "
          f"load average before/after: {load_before[0]:.1f}/{load_after[0]:.1f}")
    for (database, name), run in results.items():
        label = "nbgrader autograde (sequential)" if name == "nbgrader" else \
            f"ketenles autograde --workers {options.workers}"
        print(f"{database:10} {label:34} {run.wall:7.1f} s  {run.wall / n:5.2f} s per submission  "
              f"cpu {run.cpu:7.1f} s  exit {run.code}")
    reference = results[("sqlite", "nbgrader")].wall
    for database in ("sqlite", "postgresql"):
        ours_time = results[(database, "ketenles")].wall
        print(f"{database:10} speed-up of ketenles autograde over plain nbgrader autograde on SQLite: "
              f"{reference / ours_time:.2f}x")
        if (database, "nbgrader") in results and database != "sqlite":
            print(f"{database:10} speed-up of ketenles autograde over plain nbgrader autograde on {database}: "
                  f"{results[(database, 'nbgrader')].wall / ours_time:.2f}x")
    ratio = results[("postgresql", "ketenles")].wall / results[("sqlite", "ketenles")].wall
    print(f"ketenles autograde on PostgreSQL takes {ratio:.2f}x the time on SQLite")
    same = all(g == gradebooks[("sqlite", "nbgrader")] for g in gradebooks.values())
    print(f"grade rows per gradebook: {len(gradebooks[('sqlite', 'nbgrader')])}; "
          f"all {len(gradebooks)} gradebooks identical: {same}")


if __name__ == "__main__":
    main()
