"""Which students a ``ketenles autograde`` run has not finished yet, on disk.

A run that is killed (``kill -9``, a lost SSH session, a reboot) cannot tidy
up. While it runs, ``<course>/logs/autograde-<assignment>.running`` holds its
process id and the students not finished yet; it is removed when the run
ends. The next run of the assignment reads it:

* the previous run still lives: refuse to start, since two runs would grade the
  same students at once;
* it was killed: the students it left unfinished are graded again in this run
  (also when the lecturer names other students only), and their ``autograded/``
  folders are removed first, so no half-written folder looks finished.

>>> alive(os.getpid())
True
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie has ended; it only waits for its parent to notice.
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def marker(root: str | Path, assignment: str) -> Path:
    return Path(root) / "logs" / f"autograde-{assignment}.running"


@dataclass
class Previous:
    """What an earlier run of the assignment left behind."""

    pid: int | None = None
    running: bool = False
    unfinished: list[str] = field(default_factory=list)


def previous_run(root: str | Path, assignment: str) -> Previous:
    path = marker(root, assignment)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pid, pending = int(data["pid"]), [str(s) for s in data["pending"]]
    except FileNotFoundError:
        return Previous()
    except (OSError, ValueError, KeyError, TypeError):
        return Previous()  # an unreadable marker is replaced by this run's
    if pid != os.getpid() and alive(pid):
        return Previous(pid, True, pending)
    return Previous(pid, False, pending)


def discard_autograded(root: str | Path, assignment: str, students: list[str]) -> None:
    """Remove the ``autograded/`` folders a killed run may have left half-written."""
    for student in students:
        folder = Path(root) / "autograded" / student / assignment
        if folder.is_dir():
            shutil.rmtree(folder)


class RunState:
    """The marker of the running run; ``finished(student)`` as each result comes in."""

    def __init__(self, root: str | Path, assignment: str, students: list[str]):
        self.path = marker(root, assignment)
        self.pending = list(students)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._write()

    def _write(self) -> None:
        # Written aside and renamed, so a kill never leaves half a file.
        temporary = self.path.with_suffix(".running-new")
        temporary.write_text(json.dumps({"pid": os.getpid(), "pending": self.pending}), encoding="utf-8")
        os.replace(temporary, self.path)

    def finished(self, student: str) -> None:
        if student in self.pending:
            self.pending.remove(student)
            self._write()

    def close(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
