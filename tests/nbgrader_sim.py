"""Drive a real nbgrader course on one machine: a lecturer and simulated students.

Every step is the command a lecturer or student would type; students each get
their own HOME, as on a shared server.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader_fork import run_nbgrader

from ketenles.grading.course import init_course
from ketenles.grading.markers import DEFAULT as MARKERS

COURSE_ID = "ketenles"
# KETENLES_TEST_FORK=0 starts every nbgrader command as a new process, as before (to compare).
FORK = os.environ.get("KETENLES_TEST_FORK", "1") != "0"
SOLUTION = MARKERS.solution_block
HIDDEN = MARKERS.hidden_block


def run(args: list[str], cwd: Path, home: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if home is not None:
        env["HOME"] = str(home)
    if args[0] == "nbgrader" and FORK:  # the same command in a process of its own, without the import cost
        proc = run_nbgrader(args[1:], cwd, env)
    else:
        proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@dataclass
class Course:
    root: Path
    exchange: Path
    homes: Path

    @classmethod
    def create(cls, tmp: Path, assignments: Path) -> Course:
        course = cls(tmp / "course", tmp / "exchange", tmp / "homes")
        init_course(course.root, assignments, course.exchange)
        course.homes.mkdir()
        return course

    def lecturer(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return run(["nbgrader", *args], cwd=self.root, check=check)

    def home(self, student: str) -> Path:
        home = self.homes / student
        home.mkdir(exist_ok=True)
        return home

    def fetch(self, student: str, assignment: str) -> Path:
        home = self.home(student)
        run(["nbgrader", "fetch_assignment", assignment, "--course", COURSE_ID,
             f"--Exchange.root={self.exchange}"], cwd=home, home=home)
        return home / assignment

    def submit(self, student: str, assignment: str) -> None:
        home = self.home(student)
        run(["nbgrader", "submit", assignment, "--course", COURSE_ID, "--student", student,
             f"--Exchange.root={self.exchange}"], cwd=home, home=home)


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def solutions(source: Path) -> dict[str, str]:
    """``{grade_id: answer}`` for every answer cell, taken from the model solution."""
    nb = nbformat.read(source, as_version=4)
    answers = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            if cell.cell_type == "code":
                answers[meta["grade_id"]] = SOLUTION.sub(lambda m: m.group(1), cell.source)
            else:
                answers[meta["grade_id"]] = cell.source
    return answers


def _distinctive(block: str, minimum: int) -> list[str]:
    return [line.strip() for line in block.splitlines() if len(line.strip()) > minimum]


def hidden_test_lines(source: Path) -> list[str]:
    """Lines of hidden tests: never in a release and never in feedback."""
    nb = nbformat.read(source, as_version=4)
    return [line for c in nb.cells if c.cell_type == "code" for b in HIDDEN.findall(c.source)
            for line in _distinctive(b, 12)]


def solution_lines(source: Path) -> list[str]:
    """Lines of the model solution (code and model texts): never in a release."""
    nb = nbformat.read(source, as_version=4)
    lines = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines += [line for b in SOLUTION.findall(cell.source) for line in _distinctive(b, 12)]
        elif cell.metadata.get("nbgrader", {}).get("solution"):
            lines += _distinctive(cell.source, 30)
    return lines


def secret_lines(source: Path) -> list[str]:
    return solution_lines(source) + hidden_test_lines(source)


def answer(notebook: Path, answers: dict[str, str]) -> None:
    """Write answers into a student's copy, cell by grade id, as a student would."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    nbformat.write(nb, notebook)
