"""Benchmark: plain `nbgrader autograde` against `ketenles autograde --workers 2`.

A class of 60 simulated submissions of the ketenanalyse assignment (half
complete, the rest partial, wrong or empty) is placed in one course, which is
then copied, so both commands grade the very same files, each with its own
gradebook, in the same run. Both are timed as a lecturer would run them
(command start-up included), alternately for ``--rounds`` rounds on fresh
copies; the best time of each counts, because other load on a shared machine
only ever adds time. Prints both times, the ratio (goal: >= 1.8x on 2 cores),
the CPU time the runs used, the load average, and whether every grade of the
two gradebooks is identical.

    .venv/bin/python benchmarks/autograde.py [--students 60] [--workers 2] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
BIN = Path(sys.executable).parent

from grading_class import ASSIGNMENT, POINTS, answered, class_kinds, copy_course, make_course, scores, submit  # noqa: E402


def timed(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall time, CPU time (all child processes, kernels included) and exit code."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        course = make_course(tmp / "class")
        kinds = class_kinds(options.students)
        notebooks = {kind: answered(course, kind) for kind in set(kinds.values())}
        for student, kind in kinds.items():
            submit(course, student, notebooks[kind])
        load_before = os.getloadavg()
        runs: dict[str, list[tuple[float, float, int]]] = {"plain": [], "ours": []}
        for round_ in range(options.rounds):
            plain_course = copy_course(course, tmp / f"plain{round_}")
            ours = copy_course(course, tmp / f"ours{round_}")
            runs["plain"].append(timed([str(BIN / "nbgrader"), "autograde", ASSIGNMENT], plain_course.root))
            runs["ours"].append(timed([str(BIN / "ketenles"), "autograde", ASSIGNMENT, "--workers",
                                       str(options.workers)], ours.root))
        load_after = os.getloadavg()
        plain_time, plain_cpu, plain_rc = min(runs["plain"])
        ours_time, ours_cpu, ours_rc = min(runs["ours"])
        plain, parallel = scores(plain_course.root / "gradebook.db"), scores(ours.root / "gradebook.db")
        expected_ok = all(
            plain.get((s, f"q{i + 1}_{q}_test"), (None,))[0] == POINTS[k][i]
            for s, k in kinds.items() for i, q in enumerate(("probleem", "factoren", "lezing")))
    print(f"submissions: {options.students}  cores: {os.cpu_count()}  workers: {options.workers}  "
          f"rounds: {options.rounds}  load average before/after: {load_before[0]:.1f}/{load_after[0]:.1f}")
    for name, label in (("plain", "nbgrader autograde (sequential)"),
                        ("ours", f"ketenles autograde --workers {options.workers}")):
        times = ", ".join(f"{wall:.1f}" for wall, _, _ in runs[name])
        print(f"{label}: all runs [{times}] s")
    print(f"nbgrader autograde (sequential): best {plain_time:7.1f} s  cpu {plain_cpu:6.1f} s  exit {plain_rc}  "
          f"({plain_time / options.students:.2f} s per submission)")
    print(f"ketenles autograde --workers {options.workers}: best {ours_time:7.1f} s  cpu {ours_cpu:6.1f} s  "
          f"exit {ours_rc}  ({ours_time / options.students:.2f} s per submission)")
    print(f"speed-up: {plain_time / ours_time:.2f}x (goal >= 1.8x on 2 cores)")
    print(f"grade rows: {len(plain)} sequential, {len(parallel)} parallel; identical: {plain == parallel}; "
          f"sequential grades match the expected points: {expected_ok}")


if __name__ == "__main__":
    main()
