"""Benchmark: how long every lesson takes to execute headless, against an empty notebook.

Each notebook runs in a fresh kernel (as in CI); the empty notebook measures the
fixed cost of starting a kernel, so the difference is what the lessons cost.

Run: .venv/bin/python benchmarks/lessons.py
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]


def run(nb, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def main() -> None:
    os.environ.setdefault("KETENLES_PROGRESS", str(Path(tempfile.mkdtemp()) / "progress.json"))
    empty = nbformat.v4.new_notebook()
    empty.cells = [nbformat.v4.new_code_cell("pass")]
    baseline = min(run(empty, REPO) for _ in range(3))
    total = 0.0
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        seconds = run(nbformat.read(path, as_version=4), path.parent)
        total += seconds
        print(f"{path.name:32} {seconds:6.2f} s   ({seconds / baseline:4.1f}x empty)")
    count = len(list((REPO / "notebooks").glob("*.ipynb")))
    print(f"{'empty notebook (kernel start)':32} {baseline:6.2f} s")
    print(f"{'all lessons':32} {total:6.2f} s   = {total / baseline:4.1f}x one empty notebook, "
          f"{(total - count * baseline):.2f} s beyond {count} kernel starts")


if __name__ == "__main__":
    main()
