"""A lesson's title, minutes and summary are written once, in its notebook's metadata.

The README's and the syllabus's lessons tables are generated from that metadata
(``scripts/lesson_tables.py``, the course objectives per lesson from
``course/coverage.yaml``); lesson 0's own table is written for students, so it
is checked: every lesson with the title and minutes of its metadata.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from paths import REPO, load_script

lesson_tables = load_script("lesson_tables")
WELCOME_ROW = re.compile(r"^\| (\d) ([^|]+?) \| [^|]+ \| (\d+) min \|$", re.M)


def welcome_table_drift(root: Path) -> list[str]:
    """What lesson 0's table says differently from the lessons' metadata (empty: in step).

    The table is in lesson 0's optional notebook, notebooks/extra/00-meer-over-notebooks.ipynb.
    """
    nb = json.loads((root / "notebooks" / "extra" / "00-meer-over-notebooks.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    shown = [(int(n), title, int(minutes)) for n, title, minutes in WELCOME_ROW.findall(text)]
    expected = [(int(r.number), r.title, r.minutes) for r in lesson_tables.lesson_rows(root)]
    return [f"lesson 0 shows {s}, metadata says {e}" for s, e in zip(shown, expected, strict=False) if s != e] + (
        [f"lesson 0 lists {len(shown)} lessons, there are {len(expected)}"] if len(shown) != len(expected) else [])


@pytest.fixture
def course_copy(tmp_path):
    """The files the tables are made from and written to, copied."""
    for relpath in ("README.md", "course/syllabus.md", "course/coverage.yaml", "notebooks"):
        source, target = REPO / relpath, tmp_path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("opdrachten", ".ipynb_checkpoints"))
        else:
            shutil.copy(source, target)
    return tmp_path


def _edit_metadata(root: Path, lesson_id: str, **values) -> None:
    path = root / "notebooks" / f"{lesson_id}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"]["ketenles"].update(values)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")


def test_readme_and_syllabus_tables_are_in_step_with_the_metadata():
    assert lesson_tables.out_of_step(REPO) == []


def test_lesson_zero_lists_every_lesson_as_its_metadata_says():
    assert welcome_table_drift(REPO) == []


def test_every_lesson_appears_once_in_each_table():
    rows = lesson_tables.lesson_rows(REPO)
    assert [r.id for r in rows] == sorted(p.stem for p in (REPO / "notebooks").glob("*.ipynb"))
    for relpath in ("README.md", "course/syllabus.md"):
        text = (REPO / relpath).read_text(encoding="utf-8")
        for row in rows:
            start = rf"^\| \[?{row.number} {re.escape(row.title)}(\]| \|)"
            assert len(re.findall(start, text, re.M)) == 1, (relpath, row)


def test_a_hand_edited_table_is_caught(course_copy):
    readme = course_copy / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("| 45 min |", "| 50 min |", 1), encoding="utf-8")
    assert lesson_tables.out_of_step(course_copy) == ["README.md"]
    assert lesson_tables.main(["--check"], course_copy) == 1


def test_changed_metadata_is_caught_and_regenerated_everywhere(course_copy):
    _edit_metadata(course_copy, "01-wat-is-een-keten", title="Wat is een publieke keten?", minutes=50)
    assert lesson_tables.out_of_step(course_copy) == ["README.md", "course/syllabus.md"]
    assert welcome_table_drift(course_copy)  # lesson 0 still says the old title and minutes

    assert lesson_tables.main([], course_copy) == 0
    assert lesson_tables.out_of_step(course_copy) == []
    readme = (course_copy / "README.md").read_text(encoding="utf-8")
    assert "| [01 Wat is een publieke keten?](notebooks/01-wat-is-een-keten.ipynb) |" in readme
    syllabus = (course_copy / "course" / "syllabus.md").read_text(encoding="utf-8")
    assert re.search(r"^\| 01 Wat is een publieke keten\? \| .+ \| LD1, LD2 \| 50 min \|$", syllabus, re.M)


def test_the_objectives_column_follows_coverage(course_copy):
    coverage = course_copy / "course" / "coverage.yaml"
    text = coverage.read_text(encoding="utf-8")
    coverage.write_text(text.replace("LD4:\n    lessons: [04-netwerkbestuurder]",
                                     "LD4:\n    lessons: [03-mensenwerk, 04-netwerkbestuurder]"), encoding="utf-8")
    assert lesson_tables.out_of_step(course_copy) == ["course/syllabus.md"]
    lesson_tables.main([], course_copy)
    syllabus = (course_copy / "course" / "syllabus.md").read_text(encoding="utf-8")
    assert re.search(r"^\| 03 Mensenwerk: vertrouwen en commitment \| .+ \| LD3, LD4 \| 100 min \|$", syllabus, re.M)


def test_a_lesson_without_a_summary_is_refused(course_copy):
    _edit_metadata(course_copy, "02-vijf-succesfactoren", summary="")
    with pytest.raises(AssertionError, match="02-vijf-succesfactoren.ipynb: metadata.ketenles lacks"):
        lesson_tables.lesson_rows(course_copy)
