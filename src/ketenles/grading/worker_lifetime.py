"""Grading workers die with ``ketenles autograde``, and take what they started with them.

``ProcessPoolExecutor`` workers outlive a parent killed with ``kill -9``: they
keep grading the students already queued for them and then wait forever for
work. Each worker therefore asks Linux for a signal when its parent dies
(``prctl(PR_SET_PDEATHSIG)``, through ctypes). The signal is SIGTERM, not
SIGKILL, so the worker can first kill every process it started (the checker,
the sandbox runner and its kernel; an unsandboxed runner lives in its own
session, so the process tree is walked in ``/proc`` rather than one process
group killed). ``bwrap --die-with-parent`` would end a sandbox on its own; this
also covers the checker and ``--unsandboxed``.

The death signal is tied to the thread that started the worker; the spawn
context starts workers from the parent's main thread, which lives as long as
the parent does.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from pathlib import Path

PR_SET_PDEATHSIG = 1


def descendants(pid: int) -> list[int]:
    """Every living process below ``pid``, children first, found through ``/proc``."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        # The command name in parentheses may itself hold spaces or parentheses.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], list(children.get(pid, []))
    while todo:
        child = todo.pop(0)
        found.append(child)
        todo += children.get(child, [])
    return found


def kill_descendants(pid: int | None = None) -> None:
    """SIGKILL every process below ``pid`` (default: this process)."""
    for child in descendants(os.getpid() if pid is None else pid):
        with contextlib.suppress(OSError):
            os.kill(child, signal.SIGKILL)


def _parent_died(signum, frame) -> None:  # noqa: ARG001 - signal handler signature
    kill_descendants()
    os._exit(1)


def die_with_parent(parent: int) -> None:
    """Make this worker end (with everything it started) when process ``parent`` ends."""
    signal.signal(signal.SIGTERM, _parent_died)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    # The parent may have died before the request was made: then no signal comes.
    if os.getppid() != parent:
        _parent_died(signal.SIGTERM, None)
