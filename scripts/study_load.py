"""The course's study load from its parts, and the syllabus sections that show it.

Usage: python scripts/study_load.py [--check]

Hours come from where each part is defined: lesson minutes from the notebooks'
metadata, assignment hours from each assignment's "**Geschatte tijd:** N uur", the
final test from its "**Tijd:** N minuten", reading from course/reading-list.yaml
(pages divided by the course's reading rate) and the remaining items (meetings,
preparing for the test) from that same file. The script rewrites the syllabus
between the markers ``<!-- literatuur:begin -->`` / ``<!-- literatuur:end -->`` and
``<!-- studielast:begin -->`` / ``<!-- studielast:end -->``; ``--check`` only reports
whether the syllabus is in step (exit 1 if not).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
READING = ROOT / "course" / "reading-list.yaml"
SYLLABUS = ROOT / "course" / "syllabus.md"
HOURS_PER_EC = 28
ASSIGNMENT_TIME = re.compile(r"\*\*Geschatte tijd:\*\* (\d+(?:[.,]\d+)?) uur")
EXAM_TIME = re.compile(r"\*\*Tijd:\*\* (\d+) minuten")
EXAM = "eindtoets"


@dataclass(frozen=True)
class Part:
    name: str
    hours: float


def _first_markdown(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "".join(next(c for c in nb["cells"] if c["cell_type"] == "markdown")["source"])


def lesson_minutes(root: Path = ROOT) -> dict[str, int]:
    """lesson id -> minutes from the notebook metadata."""
    found = {}
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]["ketenles"]
        found[meta["id"]] = int(meta["minutes"])
    return found


def assignment_hours(root: Path = ROOT) -> dict[str, float]:
    """assignment -> hours from its "Geschatte tijd" (the final test from its "Tijd")."""
    found = {}
    for path in sorted((root / "assignments").glob("*/*.ipynb")):
        intro = _first_markdown(path)
        if path.parent.name == EXAM:
            match = EXAM_TIME.search(intro)
            assert match, f"{path.name}: no '**Tijd:** N minuten' in the first cell"
            found[path.parent.name] = int(match.group(1)) / 60
        else:
            match = ASSIGNMENT_TIME.search(intro)
            assert match, f"{path.name}: no '**Geschatte tijd:** N uur' in the first cell"
            found[path.parent.name] = float(match.group(1).replace(",", "."))
    return found


def reading(root: Path = ROOT) -> tuple[dict, list[dict]]:
    data = yaml.safe_load((root / "course" / "reading-list.yaml").read_text(encoding="utf-8"))
    return data, data["verplicht"]


def reading_hours(item: dict, rates: dict[str, float]) -> float:
    return item["paginas"] / rates[item["taal"]]


def parts(root: Path = ROOT) -> list[Part]:
    """Every part of the study load with its hours."""
    data, items = reading(root)
    found = [Part("lessen (notebooks)", sum(lesson_minutes(root).values()) / 60)]
    hours = assignment_hours(root)
    found += [Part(f"opdracht {name}", h) for name, h in hours.items() if name != EXAM]
    found += [Part("eindtoets", h) for name, h in hours.items() if name == EXAM]
    found.append(Part("literatuur", sum(reading_hours(i, data["tempo"]) for i in items)))
    found += [Part(item["naam"], float(item["uren"])) for item in data["andere_studielast"]]
    return found


def total_hours(root: Path = ROOT) -> float:
    return sum(p.hours for p in parts(root))


def _hours(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def literature_section(root: Path = ROOT) -> str:
    data, items = reading(root)
    rows = ["| week | literatuur | wat je leest | pagina's | uren |", "| --- | --- | --- | --- | --- |"]
    for item in sorted(items, key=lambda i: i["week"]):
        pages = f"ca. {item['paginas']}" if item.get("geschat") else str(item["paginas"])
        rows.append(f"| {item['week']} | {item['bron']} | {item['onderdeel']} | {pages} | "
                    f"{_hours(reading_hours(item, data['tempo']))} |")
    rates = data["tempo"]
    lines = [f"Leestijd: {rates['en']} pagina's per uur voor Engelse en {rates['nl']} voor Nederlandse "
             "studieteksten. \"ca.\" is een schatting van de omvang.", "", *rows, "",
             "**Aanbevolen** (telt niet mee in de studielast):", ""]
    lines += [f"- {entry}" for entry in data["aanbevolen"]]
    return "\n".join(lines)


def load_section(root: Path = ROOT) -> str:
    rows = ["| onderdeel | uren |", "| --- | --- |"]
    rows += [f"| {p.name} | {_hours(p.hours)} |" for p in parts(root)]
    total = total_hours(root)
    rows.append(f"| **totaal** | **{_hours(total)}** |")
    return "\n".join([*rows, "", f"Dat is {_hours(total / HOURS_PER_EC)} EC bij {HOURS_PER_EC} uur per EC."])


def _replace(text: str, name: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- {name}:begin -->\n).*?(<!-- {name}:end -->)", re.S)
    assert pattern.search(text), f"syllabus has no <!-- {name}:begin --> ... <!-- {name}:end --> markers"
    return pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)


def syllabus_text(root: Path = ROOT) -> str:
    text = (root / "course" / "syllabus.md").read_text(encoding="utf-8")
    text = _replace(text, "literatuur", literature_section(root))
    return _replace(text, "studielast", load_section(root))


def claimed_ec(root: Path = ROOT) -> int:
    """The EC the syllabus claims in its first lines ("(3 EC, ...")."""
    match = re.search(r"\((\d+) EC", (root / "course" / "syllabus.md").read_text(encoding="utf-8"))
    assert match, "the syllabus states no EC"
    return int(match.group(1))


def main(argv: list[str]) -> int:
    expected = syllabus_text()
    if "--check" in argv:
        in_step = expected == SYLLABUS.read_text(encoding="utf-8")
        print("syllabus in step" if in_step else "syllabus not in step: run python scripts/study_load.py")
        return 0 if in_step else 1
    SYLLABUS.write_text(expected, encoding="utf-8")
    for part in parts():
        print(f"{part.name:32} {part.hours:6.2f} h")
    print(f"{'total':32} {total_hours():6.2f} h = {total_hours() / HOURS_PER_EC:.2f} EC")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
