"""Student versions of the assignments for self-learners, made by nbgrader itself.

A self-learner (Binder, or ``scripts/open-course.sh``) has no lecturer to run
``nbgrader generate_assignment``, so the repository carries the released
version of every assignment in ``notebooks/opdrachten/<name>/<name>.ipynb``:
reachable from the file browser both when JupyterLab serves ``notebooks/`` and
when it serves the repository root, as Binder does.

They are made exactly as a class gets them: the sources are copied into a
temporary nbgrader course with the course's own config (Dutch stubs) and
``nbgrader generate_assignment`` removes solutions, hidden tests and model
answers. Cells are added at the end for working without a lecturer: the
self-check and, after an honest try, the worked solution (not for an exam). A
practice assignment's version also carries salted digests of the model answers
(:mod:`ketenles.selfstudy.answer_key`), so the self-check can say right or wrong.
``python scripts/make_student_versions.py`` writes them; a test regenerates
them and compares, so they never drift from the source.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ketenles.content.bundle import course_path
from ketenles.grading.course import DEFAULT_ASSIGNMENTS, assignment_names, init_course
from ketenles.grading.markers import DEFAULT as MARKERS
from ketenles.i18n import msg
from ketenles.selfstudy import answer_key

STUDENT_ROOT = course_path("notebooks") / "opdrachten"
# Lines that exist only in a lecturer's source; none may reach a student.
SOURCE_MARKERS = (*MARKERS.all, "Modelantwoord")


def _nbgrader(course: Path, *args: str) -> None:
    bin_dir = Path(sys.executable).parent
    # nbgrader starts alembic as a subprocess: it must find this environment's.
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    nbgrader = bin_dir / "nbgrader"
    command = [str(nbgrader)] if nbgrader.exists() else [sys.executable, "-m", "nbgrader"]
    result = subprocess.run([*command, *args], cwd=course, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def _self_study_cells(name: str) -> list:
    from nbformat.v4 import new_code_cell, new_markdown_cell

    exam = answer_key.is_exam(name)
    cells = [
        new_markdown_cell(msg("grading_workflow.student_version.self_study_exam" if exam
                              else "grading_workflow.student_version.self_study", name=name)),
        new_code_cell(f'from ketenles.selfstudy.selfcheck import selfcheck\n\nselfcheck("{name}.ipynb")'),
    ]
    if not exam:  # an exam never has a worked solution, so no cell invites one
        cells += [
            new_markdown_cell(msg("grading_workflow.student_version.solutions", name=name)),
            new_code_cell(f'from ketenles.selfstudy.solutions import uitwerking\n\nuitwerking("{name}")'),
        ]
    for number, cell in enumerate(cells, start=1):
        cell.id = f"zelfstudie-{number}"  # stable ids: regenerating gives the same file
    return cells


def _clean(path: Path, name: str) -> None:
    """Committed form: no outputs, execution counts or editor metadata (nbgrader's stays)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.cells.extend(_self_study_cells(name))
    for key in set(nb.metadata) - {"kernelspec", "language_info"}:
        del nb.metadata[key]
    if "language_info" in nb.metadata:
        nb.metadata.language_info = {"name": "python"}
    keys = answer_key.build_keys(name)
    if keys:  # practice only: digests of the model answers, never the answers themselves
        nb.metadata["ketenles"] = {answer_key.METADATA_KEY: keys}
    for cell in nb.cells:
        for key in set(cell.metadata) - {"nbgrader", "tags"}:
            del cell.metadata[key]
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, path)


def generate(out_dir: str | Path = STUDENT_ROOT, assignments: str | Path = DEFAULT_ASSIGNMENTS) -> list[Path]:
    """Write the student version of every assignment into ``out_dir/<name>/``; return the notebooks."""
    out_dir, assignments = Path(out_dir), Path(assignments)
    written = []
    with tempfile.TemporaryDirectory(prefix="ketenles-release-") as tmp:
        course = init_course(Path(tmp) / "course", assignments, exchange=Path(tmp) / "exchange")
        for name in assignment_names(assignments):
            _nbgrader(course, "generate_assignment", name, "--force")
            target = out_dir / name
            target.mkdir(parents=True, exist_ok=True)
            for notebook in sorted((course / "release" / name).glob("*.ipynb")):
                path = target / notebook.name
                path.write_bytes(notebook.read_bytes())
                _clean(path, name)
                written.append(path)
            # Released data files (an exam's question texts, without answers) go with the notebook.
            for data in sorted((course / "release" / name).glob("*.json")):
                (target / data.name).write_bytes(data.read_bytes())
                written.append(target / data.name)
    return written


def leaks(text: str, source_solutions: list[str]) -> list[str]:
    """Marker strings or solution lines of the source that appear in a student version's ``text``."""
    found = [marker for marker in SOURCE_MARKERS if marker in text]
    return found + [line for line in source_solutions if line in text]


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python scripts/make_student_versions.py",
        description="Schrijf de studentversie van elke opdracht (zonder uitwerkingen en verborgen tests).")
    parser.add_argument("target", nargs="?", default=str(STUDENT_ROOT),
                        help="map voor de studentversies (standaard: notebooks/opdrachten)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    for path in generate(args.target):
        print(f"geschreven: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
