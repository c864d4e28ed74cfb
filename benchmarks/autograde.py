"""Benchmark: sandboxed `ketenles autograde` against unsandboxed and plain nbgrader.

A class of 60 simulated submissions of the ketenanalyse assignment (half
complete, the rest partial, wrong or empty) is placed in one course, which is
then copied, so every command grades the very same files, each with its own
gradebook, in the same run:

* ``sandboxed``: ``ketenles autograde --workers N`` (the course config as
  shipped: bubblewrap sandbox, tests in a clean process);
* ``unsandboxed``: the same with ``--unsandboxed`` (answer capture and clean
  checks, no sandbox): the cost of the sandbox alone;
* ``plain``: ``nbgrader autograde`` with nbgrader's own Execute step (tests in
  the student's kernel, one submission after another), as before ketenles.

Each is timed as a lecturer would run it (command start-up included),
alternately for ``--rounds`` rounds on fresh copies; the best time counts,
because other load on a shared machine only ever adds time. Prints the times,
the ratios (goals: sandbox cost <= 15% over unsandboxed, speed-up over plain
nbgrader >= 1.7x on 2 cores), the CPU time, the load average, and whether the
grades of all gradebooks are identical.

    .venv/bin/python benchmarks/autograde.py [--students 60] [--workers 2] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from grading_class import ASSIGNMENT, POINTS, copy_course, scores, simulated_class  # noqa: E402
from timing import BIN, CommandTime, timed_command  # noqa: E402

PLAIN_EXECUTE = (
    'c.Autograde.autograde_preprocessors = ["nbgrader.preprocessors.Execute", "nbgrader.preprocessors.IgnorePattern", '
    '"nbconvert.preprocessors.ClearMetadataPreprocessor", "nbgrader.preprocessors.LimitOutput", '
    '"nbgrader.preprocessors.SaveAutoGrades", "nbgrader.preprocessors.AssignLatePenalties", '
    '"nbgrader.preprocessors.CheckCellMetadata"]\n')


def with_plain_execute(course_root: Path) -> None:
    """nbgrader's own Execute step: the tests run in the student's kernel, no sandbox."""
    config = course_root / "nbgrader_config.py"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + PLAIN_EXECUTE, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        course, kinds = simulated_class(tmp / "class", options.students)
        load_before = os.getloadavg()
        ketenles = [str(BIN / "ketenles"), "autograde", ASSIGNMENT, "--workers", str(options.workers)]
        commands = {"sandboxed": ketenles, "unsandboxed": [*ketenles, "--unsandboxed"],
                    "plain": [str(BIN / "nbgrader"), "autograde", ASSIGNMENT]}
        runs: dict[str, list[CommandTime]] = {name: [] for name in commands}
        courses = {}
        for round_ in range(options.rounds):
            for name, command in commands.items():
                courses[name] = copy_course(course, tmp / f"{name}{round_}")
                if name == "plain":
                    with_plain_execute(courses[name].root)
                runs[name].append(timed_command(command, courses[name].root))
        load_after = os.getloadavg()
        best = {name: min(times, key=lambda t: t.wall) for name, times in runs.items()}
        grades = {name: scores(c.root / "gradebook.db") for name, c in courses.items()}
        expected_ok = all(
            grades["plain"].get((s, f"q{i + 1}_{q}_test"), (None,))[0] == POINTS[k][i]
            for s, k in kinds.items() for i, q in enumerate(("probleem", "factoren", "lezing")))
    print(f"submissions: {options.students}  cores: {os.cpu_count()}  workers: {options.workers}  "
          f"rounds: {options.rounds}  load average before/after: {load_before[0]:.1f}/{load_after[0]:.1f}")
    labels = {"sandboxed": f"ketenles autograde --workers {options.workers} (sandbox)",
              "unsandboxed": f"ketenles autograde --workers {options.workers} --unsandboxed",
              "plain": "nbgrader autograde (sequential, tests in the student's kernel)"}
    for name, label in labels.items():
        wall, cpu, code = best[name].wall, best[name].cpu, best[name].code
        times = ", ".join(f"{t.wall:.1f}" for t in runs[name])
        print(f"{label}: best {wall:7.1f} s  cpu {cpu:6.1f} s  exit {code}  "
              f"({wall / options.students:.2f} s per submission; all runs [{times}] s)")
    sandbox_cost = best["sandboxed"].wall / best["unsandboxed"].wall - 1
    print(f"sandbox cost over unsandboxed ketenles autograde: {100 * sandbox_cost:+.1f}% (goal <= +15%)")
    print(f"speed-up of sandboxed ketenles autograde over plain nbgrader: "
          f"{best['plain'].wall / best['sandboxed'].wall:.2f}x (goal >= 1.7x on 2 cores)")
    print(f"speed-up of unsandboxed ketenles autograde over plain nbgrader: "
          f"{best['plain'].wall / best['unsandboxed'].wall:.2f}x")
    same = grades["sandboxed"] == grades["unsandboxed"] == grades["plain"]
    print(f"grade rows: {len(grades['plain'])} each; identical in all three: {same}; "
          f"plain grades match the expected points: {expected_ok}")


if __name__ == "__main__":
    main()
