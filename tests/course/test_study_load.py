"""The study load the syllabus claims is the sum of what the course asks (28 hours per EC).

Lesson minutes come from the notebooks' metadata, assignment hours from each
assignment's stated time, reading from course/reading-list.yaml; the syllabus's
literature and study-load sections are generated from those and must be in step.
"""

from __future__ import annotations

import pytest
from paths import REPO, load_script

study_load = load_script("study_load")


def test_the_hours_add_up_to_the_ec_the_syllabus_claims():
    ec = study_load.claimed_ec()
    total = study_load.total_hours()
    # Within 10%: a study load is an estimate, but not one that is off by a factor of three.
    assert abs(total - ec * study_load.HOURS_PER_EC) <= 0.1 * ec * study_load.HOURS_PER_EC, total
    assert round(total / study_load.HOURS_PER_EC) == ec


def test_every_part_is_counted_from_its_source():
    names = {p.name for p in study_load.parts()}
    assert {"lessen (notebooks)", "literatuur", "eindtoets"} <= names
    assignments = {p.parent.name for p in (REPO / "assignments").glob("*/*.ipynb")}
    assert {f"opdracht {a}" for a in assignments - {"eindtoets"}} <= names
    minutes = study_load.lesson_minutes()
    assert len(minutes) == len(list((REPO / "notebooks").glob("*.ipynb"))) and all(m > 0 for m in minutes.values())


def test_the_syllabus_sections_are_in_step():
    assert study_load.syllabus_text() == (REPO / "course" / "syllabus.md").read_text(encoding="utf-8")


def test_reading_list_names_real_parts_of_real_works_with_lessons_that_exist():
    data, items = study_load.reading()
    lessons = set(study_load.lesson_minutes())
    for item in items:
        assert item["paginas"] > 0 and item["taal"] in data["tempo"], item["id"]
        assert item["les"] in lessons, item["id"]
        assert item["onderdeel"].strip() and 1 <= item["week"] <= 7, item["id"]
        assert item.get("geschat") or "p. " in item["onderdeel"] or item["id"] == "seminar", item["id"]
    sources = " ".join(i["bron"] for i in items)
    # Dutch core literature on networks and chains is on the list.
    assert "Klijn, E.H. & Koppenjan, J." in sources and "Grijpink" in sources


@pytest.mark.parametrize("part", ["literatuur", "studielast"])
def test_the_syllabus_has_the_generated_sections(part):
    text = (REPO / "course" / "syllabus.md").read_text(encoding="utf-8")
    assert f"<!-- {part}:begin -->" in text and f"<!-- {part}:end -->" in text


def test_no_week_asks_much_more_reading_than_the_others():
    """Week 6 once held 19 of 43 reading hours; the reading is spread (at most 10 hours a week)."""
    data, items = study_load.reading()
    per_week = {}
    for item in items:
        per_week[item["week"]] = per_week.get(item["week"], 0) + study_load.reading_hours(item, data["tempo"])
    assert max(per_week.values()) <= 10, per_week
