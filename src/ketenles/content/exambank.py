"""The lecturer's own exam bank: made outside the repository, readable only by the lecturer.

The repository is public and the hub image and Binder are built from it, so a bank with
answers in it is a bank every student can read. The repository therefore holds only a
practice bank (``course/oefenvragen.yaml``, named so, with answers for self-learners).
:func:`init_bank` copies it as a starting point to a folder the lecturer chooses, outside
the repository, with permissions that keep other accounts on a shared server out. The
lecturer replaces and adds questions there; only ``scripts/build_exam.py --bank`` reads it.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

from ketenles.content.bundle import source_assignments
from ketenles.errors import ArgumentError
from ketenles.i18n import msg

BANK_NAME = "toetsvragen.yaml"
README_NAME = "LEESMIJ.md"


def practice_bank() -> Path:
    """The public practice bank of a clone (an installed wheel does not carry it)."""
    return source_assignments().parent / "course" / "oefenvragen.yaml"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def init_bank(target: str | Path, start: str | Path | None = None) -> list[Path]:
    """Copy the starting bank to ``target`` (a new or empty folder); return the files written.

    Refused: a folder inside the repository (it would end up public), a folder that already
    holds a bank (a lecturer's questions are never overwritten), and a missing starting bank.
    """
    target = Path(target).expanduser().resolve()
    start = Path(start).expanduser() if start is not None else practice_bank()
    repository = source_assignments().parent.resolve()
    # Only a clone has a repository to protect; an installed wheel has none.
    is_clone = (repository / ".git").exists() or (repository / "pyproject.toml").exists()
    if is_clone and _inside(target, repository):
        raise ArgumentError("target", str(target), msg("course.expect.bank_outside", repository=repository))
    if target.exists() and (not target.is_dir() or (target / BANK_NAME).exists()):
        raise ArgumentError("target", str(target), msg("course.expect.bank_target"))
    if not start.is_file():
        raise ArgumentError("start", str(start), msg("course.expect.bank_start"))
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(stat.S_IRWXU)  # 0700: other accounts on a shared hub server cannot list or read it
    bank = target / BANK_NAME
    shutil.copyfile(start, bank)
    readme = target / README_NAME
    readme.write_text(msg("course.bank_readme", bank=bank, practice=start) + "\n", encoding="utf-8")
    for path in (bank, readme):
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)  # 0600
    return [bank, readme]
