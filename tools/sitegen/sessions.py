"""The lecturer's kit: session plans (``course/bijeenkomsten/week-N.md``) and slide decks.

A session plan's timing table is the part a lecturer relies on in the room: its
minutes must add up to the length of the meeting that the plan's first lines state.
The decks are exported from one notebook per meeting (``course/slides/week-N.ipynb``,
cells tagged for slides) with nbconvert's reveal.js exporter, with reveal.js and
require.js from npm copied next to them, so a deck opens without network.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from sitegen.settings import REPO

PLANS = REPO / "course" / "bijeenkomsten"
SLIDES = REPO / "course" / "slides"
TEMPLATES = REPO / "site" / "slides-template"
REQUIRED_SECTIONS = ("Doelen", "Voorbereiding", "Tijdsplanning", "Activiteit in de zaal",
                     "Discussievragen", "Verbinding met les en opdracht")
_LENGTH = re.compile(r"Bijeenkomst van (\d+) minuten")
_ROW = re.compile(r"^\|\s*(\d{1,2}):(\d{2})\s*\|\s*(\d+)\s*\|(.+)\|\s*$")


@dataclass(frozen=True)
class Part:
    start: int  # minutes after the start of the meeting
    minutes: int
    what: str


@dataclass(frozen=True)
class SessionPlan:
    week: int
    title: str
    minutes: int  # the length of the meeting
    parts: tuple[Part, ...]
    sections: tuple[str, ...]
    path: Path

    def timing_problems(self) -> list[str]:
        """What is wrong with the timing table (empty when it adds up)."""
        problems = []
        if not self.parts:
            return [f"{self.path.name}: no timing table (rows like '| 0:00 | 10 | ... |')"]
        total = sum(p.minutes for p in self.parts)
        if total != self.minutes:
            problems.append(f"{self.path.name}: the parts take {total} minutes, the meeting {self.minutes}")
        clock = 0
        for part in self.parts:
            if part.start != clock:
                problems.append(f"{self.path.name}: '{part.what}' starts at {part.start}, expected {clock}")
            clock = part.start + part.minutes
        return problems


def read_plan(path: Path) -> SessionPlan:
    text = path.read_text(encoding="utf-8")
    week = int(re.search(r"week-(\d+)", path.stem).group(1))
    title_line = next((line for line in text.splitlines() if line.startswith("# ")), "# ")
    length = _LENGTH.search(text)
    parts, in_timing = [], False
    for line in text.splitlines():
        if line.startswith("## "):
            in_timing = line[3:].strip().startswith("Tijdsplanning")
        elif in_timing:
            row = _ROW.match(line)
            if row:
                hours, minutes, duration, rest = row.groups()
                what = rest.split("|")[0].strip()
                parts.append(Part(int(hours) * 60 + int(minutes), int(duration), what))
    sections = tuple(line[3:].strip() for line in text.splitlines() if line.startswith("## "))
    return SessionPlan(week, title_line[2:].strip(), int(length.group(1)) if length else 0,
                       tuple(parts), sections, path)


def plans(folder: Path = PLANS) -> list[SessionPlan]:
    return sorted((read_plan(p) for p in folder.glob("week-*.md")), key=lambda p: p.week)


def decks(folder: Path = SLIDES) -> list[Path]:
    return sorted(folder.glob("week-*.ipynb"), key=lambda p: int(re.search(r"\d+", p.stem).group()))


THEME = "white"


def copy_reveal(node_modules: Path, target: Path) -> None:
    """What the decks load of reveal.js (script, styles, the theme and its fonts, the
    speaker-notes plugin) and require.js, next to the decks."""
    reveal = node_modules / "reveal.js"
    dist = target / "reveal.js" / "dist"
    (dist / "theme").mkdir(parents=True, exist_ok=True)
    for name in ("reveal.js", "reveal.css"):
        shutil.copy2(reveal / "dist" / name, dist / name)
    shutil.copy2(reveal / "dist" / "theme" / f"{THEME}.css", dist / "theme" / f"{THEME}.css")
    fonts = Path("theme") / "fonts" / "source-sans-pro"  # the white theme's font
    shutil.copytree(reveal / "dist" / fonts, dist / fonts, dirs_exist_ok=True)
    shutil.copytree(reveal / "plugin" / "notes", target / "reveal.js" / "plugin" / "notes", dirs_exist_ok=True)
    shutil.copy2(reveal / "LICENSE", target / "reveal.js" / "LICENSE")
    shutil.copy2(node_modules / "requirejs" / "require.js", target / "require.js")


def export_deck(notebook: Path, target: Path) -> Path:
    """One deck as reveal.js HTML (``nbconvert --to slides`` with local script URLs)."""
    import nbformat
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.SlidesExporter.reveal_url_prefix = "reveal.js"
    config.SlidesExporter.require_js_url = "require.js"
    config.SlidesExporter.language_code = "nl"
    config.SlidesExporter.reveal_theme = THEME
    config.SlidesExporter.reveal_transition = "none"  # calmer in a lecture hall
    config.SlidesExporter.template_name = "ketenles-slides"
    config.SlidesExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.SlidesExporter.exclude_input_prompt = True
    config.SlidesExporter.exclude_output_prompt = True
    nb = nbformat.read(notebook, as_version=4)
    body, _ = SlidesExporter(config=config).from_notebook_node(nb)
    out = target / f"{notebook.stem}.slides.html"
    out.write_text(body, encoding="utf-8")
    return out
