"""One log file per ``ketenles autograde`` run, so "see the log" always points somewhere.

The summary on screen gives one Dutch line per failed submission; the log
holds, per student, nbgrader's whole error text and log, plus the regrade
reviews, in ``<course>/logs/autograde-<assignment>-<UTC time>.log``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path


def write_run_log(root: str | Path, report, extra: list[str] = ()) -> Path:
    """Write the log of an :class:`~ketenles.grading.parallel.AutogradeReport`; return its path."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    folder = Path(root) / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"autograde-{report.assignment}-{stamp}.log"
    lines = [f"ketenles autograde {report.assignment}: {len(report.graded)}/{len(report.results)} graded "
             f"in {report.seconds:.1f} s", ""]
    for result in report.results:
        lines.append(f"== {result.student}: {result.describe()}")
        if not result.ok:
            lines += [result.log.rstrip() or "(no log)", ""]
    if extra:
        lines += ["", "== regrade review", *extra]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
