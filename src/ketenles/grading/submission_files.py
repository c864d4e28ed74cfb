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

# Files nbgrader itself writes into a submission, and editor clutter.
OWN_FILES = {"timestamp.txt"}
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


def check_submission(root: str | Path, assignment: str, student: str) -> SubmissionCheck:
    """Check (and where sound repair) one student's submission folder; see the module docstring."""
    root = Path(root)
    folder = root / "submitted" / student / assignment
    expected = sorted(p.stem for p in (root / "source" / assignment).glob("*.ipynb"))
    result = SubmissionCheck()
    present = _notebooks(folder)
    unknown = {name: path for name, path in present.items() if name not in expected}
    missing = [name for name in expected if name not in present]
    # Renaming is sound only when nothing else could be meant: one expected, one found.
    candidates = {n: p for n, p in unknown.items() if not p.is_symlink()}
    if missing and len(expected) == 1 and len(candidates) == 1 and len(unknown) == 1:
        (name, path), = candidates.items()
        target = folder / f"{expected[0]}.ipynb"
        path.rename(target)
        result.notes.append(("renamed_notebook", f"{path.name} -> {target.name}"))
        present = _notebooks(folder)
        unknown = {}
        missing = []
    if missing and len(missing) == len(expected):
        if unknown:
            result.problem = "ambiguous_notebooks"
            result.detail = ", ".join(p.name for p in unknown.values())
        else:
            result.problem = "no_notebook"
        return result
    for name in expected:
        if name in present:
            reason = _readable(present[name])
            if reason:
                result.problem, result.detail = "invalid_notebook", f"{present[name].name}: {reason}"
                return result
    handed_out = _released_files(root, assignment)
    grading = {f"{name}.ipynb" for name in expected}
    extra = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                   if (p.is_file() or p.is_symlink()) and ".ipynb_checkpoints" not in p.parts
                   and str(p.relative_to(folder)) not in grading | OWN_FILES | handed_out)
    if extra:
        listed = ", ".join(extra[:MAX_LISTED]) + (f" (+{len(extra) - MAX_LISTED})" if len(extra) > MAX_LISTED else "")
        result.notes.append(("extra_files", listed))
    return result
