"""Shared timing helpers for the benchmark scripts (run them as `python benchmarks/<name>.py`)."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


def median_ms(action, repeat: int) -> float:
    """Median wall time of ``action(i)`` over ``repeat`` calls, in milliseconds."""
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


@dataclass(frozen=True)
class CommandTime:
    """One timed command: wall time, CPU time of all its processes (kernels included), exit code."""

    wall: float
    cpu: float
    code: int


def timed_command(args: list[str], cwd: Path) -> CommandTime:
    """Run ``args`` in ``cwd`` as a lecturer would (start-up included), with this environment's bin on PATH.

    nbgrader starts ``alembic`` and kernels by name, so the venv's ``bin`` must
    come first even when the venv is not activated.
    """
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return CommandTime(wall, cpu, proc.returncode)
