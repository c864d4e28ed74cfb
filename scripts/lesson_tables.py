"""The lessons tables of the README and the syllabus, written from each lesson's own metadata.

Usage: python scripts/lesson_tables.py [--check]

A lesson's number, title, minutes and one-line summary are written once, in the
notebook's ``metadata.ketenles`` (``id``, ``title``, ``minutes``, ``summary``); the
course objectives (LD1 ...) a lesson serves come from ``course/coverage.yaml``
(``objectives: LDn: lessons: [...]``), which ``tests/course/test_coverage.py`` checks.
The script rewrites the tables between ``<!-- lessen:begin -->`` and
``<!-- lessen:end -->`` in ``README.md`` and ``course/syllabus.md``; ``--check``
only reports whether both are in step (exit 1 if not). The syllabus's other
generated sections come from ``scripts/study_load.py``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MARKER = "lessen"
NO_OBJECTIVE = "—"


@dataclass(frozen=True)
class LessonRow:
    id: str
    title: str
    minutes: int
    summary: str
    course_objectives: tuple[str, ...]

    @property
    def number(self) -> str:
        return self.id[:2]


def _course_objectives(root: Path) -> dict[str, list[str]]:
    """lesson id -> the course objectives (LD1 ...) that coverage.yaml says it teaches."""
    coverage = yaml.safe_load((root / "course" / "coverage.yaml").read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for objective, entry in sorted(coverage["objectives"].items()):
        for lesson in entry["lessons"]:
            found.setdefault(lesson, []).append(objective)
    return found


def lesson_rows(root: Path = ROOT) -> list[LessonRow]:
    """One row per lesson notebook, in lesson order, from its metadata."""
    objectives = _course_objectives(root)
    rows = []
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]["ketenles"]
        missing = [key for key in ("id", "title", "minutes", "summary") if not meta.get(key)]
        assert not missing, f"{path.name}: metadata.ketenles lacks {missing}"
        rows.append(LessonRow(meta["id"], meta["title"], int(meta["minutes"]), " ".join(meta["summary"].split()),
                              tuple(objectives.get(meta["id"], ()))))
    return rows


def readme_table(rows: list[LessonRow]) -> str:
    lines = ["| les | onderwerp | tijd |", "| --- | --- | --- |"]
    lines += [f"| [{r.number} {r.title}](notebooks/{r.id}.ipynb) | {r.summary} | {r.minutes} min |" for r in rows]
    return "\n".join(lines)


def syllabus_table(rows: list[LessonRow]) -> str:
    lines = ["| les | onderwerp | leerdoelen | tijd |", "| --- | --- | --- | --- |"]
    lines += [f"| {r.number} {r.title} | {r.summary} | {', '.join(r.course_objectives) or NO_OBJECTIVE} | "
              f"{r.minutes} min |" for r in rows]
    return "\n".join(lines)


def replace_section(text: str, body: str, where: str) -> str:
    pattern = re.compile(rf"(<!-- {MARKER}:begin -->\n).*?(<!-- {MARKER}:end -->)", re.S)
    assert pattern.search(text), f"{where} has no <!-- {MARKER}:begin --> ... <!-- {MARKER}:end --> markers"
    return pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)


def expected_texts(root: Path = ROOT) -> dict[Path, str]:
    """file -> its text with the lessons table as the metadata says."""
    rows = lesson_rows(root)
    found = {}
    for relpath, table in (("README.md", readme_table(rows)), ("course/syllabus.md", syllabus_table(rows))):
        path = root / relpath
        found[path] = replace_section(path.read_text(encoding="utf-8"), table, relpath)
    return found


def out_of_step(root: Path = ROOT) -> list[str]:
    """The files whose lessons table differs from the metadata (relative paths)."""
    return [str(path.relative_to(root)) for path, text in expected_texts(root).items()
            if text != path.read_text(encoding="utf-8")]


def main(argv: list[str], root: Path = ROOT) -> int:
    if "--check" in argv:
        stale = out_of_step(root)
        print("lessons tables in step" if not stale else
              f"lessons tables not in step in {', '.join(stale)}: run python scripts/lesson_tables.py")
        return 1 if stale else 0
    for path, text in expected_texts(root).items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote the lessons table in {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
