"""One log file per ``ketenles autograde`` run, so "see the log" always points somewhere.

The summary on screen gives one Dutch line per failed submission; the log
holds, per student, what was repaired or left out (a renamed notebook, extra
files, duplicated or foreign cells: which file, which cell), for a failed
submission nbgrader's whole error text and log, the students a killed earlier
run left unfinished, plus the regrade reviews, in
``<course>/logs/autograde-<assignment>-<UTC time>.log``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from ketenles.i18n import msg


def write_run_log(root: str | Path, report, extra: list[str] = ()) -> Path:
    """Write the log of an :class:`~ketenles.grading.autograde.parallel.AutogradeReport`; return its path."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    folder = Path(root) / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"autograde-{report.assignment}-{stamp}.log"
    lines = [f"ketenles autograde {report.assignment}: {len(report.graded)}/{len(report.results)} graded "
             f"in {report.seconds:.1f} s", ""]
    if getattr(report, "interrupted", None):
        lines += [msg("grading_workflow.autograde.interrupted", count=len(report.interrupted),
                      students=", ".join(report.interrupted)), ""]
    for result in report.results:
        lines.append(f"== {result.student}: {result.describe()}")
        lines += [f"   - {line}" for line in result.details]
        if not result.ok:
            lines += [result.log.rstrip() or "(no log)", ""]
    if extra:
        lines += ["", "== regrade review", *extra]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
