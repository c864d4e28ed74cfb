"""What is in a student's submission folder, checked before nbgrader grades it.

nbgrader grades ``submitted/<student>/<assignment>/<notebook>.ipynb`` under the
exact names of the source notebooks. Otherwise it goes wrong quietly or
obscurely: a renamed notebook (``ketenanalyse (1).ipynb``, the browser's
download name) is skipped as "unknown" and the student gets nothing; a file
that is not a notebook ends in a traceback. :func:`check_submission` looks
first:

* the assignment's one notebook is missing and exactly one other notebook is
  there: it is renamed to the expected name (a note records the old name), so
  it is graded; several candidates: not graded, the lecturer is told which;
* no notebook at all, or a file that is not a readable notebook: not graded,
  with the reason;
* files that are not part of the assignment (extra notebooks, notes, images)
  are left alone and listed for the log; they are never graded.

>>> SubmissionCheck().ok
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ketenles.models.predictions import RECORD_FILE

# Files nbgrader itself writes into every submission, and the record of predictions that an
# assignment's own cells write (ketenles.models.predictions): never "extra files" of the student.
OWN_FILES = {"timestamp.txt", "submission_secret.txt", RECORD_FILE}
MAX_LISTED = 20


@dataclass
class SubmissionCheck:
    """The outcome: ``problem`` (a key of grading_workflow.reasons) or notes ``(key, detail)``."""

    problem: str | None = None
    detail: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem is None


def _notebooks(folder: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.glob("*.ipynb")) if p.is_file() or p.is_symlink()}


def _released_files(root: Path, assignment: str) -> set[str]:
    """Relative paths of the files the lecturer handed out with the assignment."""
    found = set()
    for folder in (root / "source" / assignment, root / "release" / assignment):
        if folder.is_dir():
            found |= {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    return found


def _readable(path: Path) -> str | None:
    """None when ``path`` is a notebook nbformat can read, else a short reason."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - JSON, encoding, schema: any of them means "not a notebook"
        return f"{type(exc).__name__}: {str(exc)[:160]}"
    if not isinstance(nb.get("cells"), list):
        return "no cells"
    return None


def _rename_the_only_notebook(folder: Path, expected: list[str], result: SubmissionCheck) -> None:
    """One notebook expected, one other found (not a link): graded under the expected name."""
    present = _notebooks(folder)
    unknown = {name: path for name, path in present.items() if name not in expected}
    if len(expected) != 1 or expected[0] in present or len(unknown) != 1:
        return
    path = next(iter(unknown.values()))
    if path.is_symlink():
        return
    target = folder / f"{expected[0]}.ipynb"
    path.rename(target)
    result.notes.append(("renamed_notebook", f"{path.name} -> {target.name}"))
    record_rename(folder.parents[2], folder.name, folder.parent.name, path.stem, expected[0])


RENAMED = "renamed"  # <course>/renamed/<assignment>/<student>.json: the student's own notebook names


def record_rename(root: Path, assignment: str, student: str, original: str, graded_as: str) -> None:
    """Remember the student's own name of a renamed notebook, for the feedback (see feedback_aliases)."""
    import json

    path = Path(root) / RENAMED / assignment / f"{student}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    known = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    known[graded_as] = original
    path.write_text(json.dumps(known, ensure_ascii=False), encoding="utf-8")


def feedback_aliases(root: str | Path, assignment: str) -> list[Path]:
    """Copy each renamed notebook's feedback to the student's own notebook name; return the copies.

    nbgrader releases feedback under a hash of the notebook's name, and the
    student's ``fetch_feedback`` looks for the hash of the name *they* submitted:
    without this copy the student of a renamed notebook gets "Could not find
    feedback" although the work was graded.
    """
    import json
    import shutil

    made = []
    for record in sorted((Path(root) / RENAMED / assignment).glob("*.json")):
        folder = Path(root) / "feedback" / record.stem / assignment
        for graded_as, original in json.loads(record.read_text(encoding="utf-8")).items():
            page = folder / f"{graded_as}.html"
            if page.is_file():
                shutil.copyfile(page, folder / f"{original}.html")
                made.append(folder / f"{original}.html")
    return made


def _notebook_problem(folder: Path, expected: list[str]) -> tuple[str, str] | None:
    """(reason, detail) when nothing can be graded: no expected notebook, or one unreadable."""
    present = _notebooks(folder)
    if not any(name in present for name in expected):
        unknown = [path.name for name, path in present.items() if name not in expected]
        return ("ambiguous_notebooks", ", ".join(unknown)) if unknown else ("no_notebook", "")
    for name in expected:
        reason = _readable(present[name]) if name in present else None
        if reason:
            return "invalid_notebook", f"{present[name].name}: {reason}"
    return None


def _extra_files(root: Path, folder: Path, assignment: str, expected: list[str]) -> str | None:
    """The files that are not part of the assignment, listed (at most MAX_LISTED by name)."""
    known = {f"{name}.ipynb" for name in expected} | OWN_FILES | _released_files(root, assignment)
    extra = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                   if (p.is_file() or p.is_symlink()) and ".ipynb_checkpoints" not in p.parts
                   and str(p.relative_to(folder)) not in known)
    if not extra:
        return None
    return ", ".join(extra[:MAX_LISTED]) + (f" (+{len(extra) - MAX_LISTED})" if len(extra) > MAX_LISTED else "")


def check_submission(root: str | Path, assignment: str, student: str) -> SubmissionCheck:
    """Check (and where sound repair) one student's submission folder; see the module docstring."""
    root = Path(root)
    folder = root / "submitted" / student / assignment
    expected = sorted(p.stem for p in (root / "source" / assignment).glob("*.ipynb"))
    result = SubmissionCheck()
    _rename_the_only_notebook(folder, expected, result)
    problem = _notebook_problem(folder, expected)
    if problem:
        result.problem, result.detail = problem
        return result
    extra = _extra_files(root, folder, assignment, expected)
    if extra:
        result.notes.append(("extra_files", extra))
    return result
