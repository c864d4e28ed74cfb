"""Stage the Sphinx sources of the course website: ``python -m sitegen.stage STAGING``.

Everything is generated from the repository as it is at build time: the lessons
(executed here, with their widget state), the syllabus and reading list, a page per
case, the lecturer guide, the session plans and the slide decks. Sphinx
(``site/conf.py``) then builds the staged folder. The lessons and course files stay
where they are; only copies are staged.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from sitegen import cases, lessons, reading, sessions
from sitegen.settings import REPO, SiteSettings, load

SITE = REPO / "site"
NODE_MODULES = SITE / "node_modules"
READING_LIST = REPO / "course" / "reading-list.yaml"
# What of the ipywidgets HTML manager the pages load: the AMD bundle and its fonts.
WIDGET_ASSETS = (".woff2", ".woff", ".ttf", ".eot", ".svg")


def log(text: str) -> None:
    print(f"[site] {text}", flush=True)


def stage_lessons(target: Path, settings: SiteSettings) -> list[dict]:
    target.mkdir(parents=True)
    entries = []
    with tempfile.TemporaryDirectory(prefix="ketenles-site-progress-") as tmp:
        for path in sorted((REPO / "notebooks").glob("*.ipynb")):
            started = time.monotonic()
            nb = lessons.execute(path, Path(tmp) / "progress.json")
            nb = lessons.for_site(nb, f"notebooks/{path.name}", settings)
            nbformat.write(nb, target / path.name)
            meta = nb.metadata.get("ketenles", {})
            entries.append({"file": path.stem, "title": meta.get("title", path.stem),
                            "minutes": meta.get("minutes"), "objectives": meta.get("objectives", [])})
            log(f"executed {path.name} in {time.monotonic() - started:.1f} s")
        extras = stage_extras(target / "extra", Path(tmp) / "progress.json", settings)
    lines = ["# Lessen", "",
             "Zeven lessen, elk een Jupyter-notebook. Hier lees je ze met de uitkomsten van de cellen; "
             "de oefeningen doe je in het notebook zelf (op Binder of op de JupyterHub van de cursus).", "",
             "| les | tijd | leerdoelen |", "| --- | --- | --- |"]
    for e in entries:
        objectives = "; ".join(e["objectives"]) or "—"
        minutes = f"{e['minutes']} min" if e["minutes"] else "—"
        lines.append(f"| [{e['title']}]({e['file']}.ipynb) | {minutes} | {objectives} |")
    lines += ["", ":::{toctree}", ":hidden:", "", *[e["file"] for e in entries], *extras, ":::", ""]
    (target / "index.md").write_text("\n".join(lines), encoding="utf-8")
    return entries


def stage_extras(target: Path, progress_file: Path, settings: SiteSettings) -> list[str]:
    """The optional notebooks a lesson links to (notebooks/extra/), executed beside the lessons.

    Staged in ``lessen/extra/`` so a lesson's link ``extra/NAME.ipynb`` works on the site too;
    they are no lessons, so they stay out of the lessons table. Returns their toctree entries.
    """
    found = []
    for path in sorted((REPO / "notebooks" / "extra").glob("*.ipynb")):
        target.mkdir(parents=True, exist_ok=True)
        nb = lessons.for_site(lessons.execute(path, progress_file), f"notebooks/extra/{path.name}", settings)
        nbformat.write(nb, target / path.name)
        found.append(f"extra/{path.stem}")
        log(f"executed extra/{path.name}")
    return found


def stage_course(target: Path) -> list[str]:
    """The syllabus, and the reading list when the course has one."""
    target.mkdir(parents=True)
    pages = ["syllabus"]
    syllabus = (REPO / "course" / "syllabus.md").read_text(encoding="utf-8")
    if READING_LIST.is_file():
        (target / "literatuur.md").write_text(reading.page(READING_LIST), encoding="utf-8")
        syllabus += "\n\nDe hele literatuurlijst, met hoofdstukken en pagina's: [Literatuurlijst](literatuur.md).\n"
        pages.append("literatuur")
        log("reading list rendered from course/reading-list.yaml")
    else:
        log("no course/reading-list.yaml: no reading-list page")
    (target / "syllabus.md").write_text(syllabus, encoding="utf-8")
    return pages


def stage_lecturer(target: Path, extra: Path) -> None:
    """Voor docenten: the guide, a plan and a deck per meeting."""
    target.mkdir(parents=True)
    shutil.copy2(REPO / "course" / "lecturer-guide.md", target / "handleiding.md")
    plans = sessions.plans()
    problems = [p for plan in plans for p in plan.timing_problems()]
    if problems:
        raise SystemExit("session plans do not add up:\n  " + "\n  ".join(problems))
    slides_out = extra / "slides"
    slides_out.mkdir(parents=True)
    sessions.copy_reveal(NODE_MODULES, slides_out)
    decks = {}
    for notebook in sessions.decks():
        decks[notebook.stem] = sessions.export_deck(notebook, slides_out).name
    log(f"exported {len(decks)} slide decks")
    rows = []
    for plan in plans:
        shutil.copy2(plan.path, target / plan.path.name)
        deck = decks.get(plan.path.stem)
        # Raw HTML: MyST would read a Markdown link to a non-page file as a cross-reference.
        deck_link = f'<a href="../slides/{deck}">dia\'s</a>' if deck else "—"
        rows.append(f"| {plan.week} | [{plan.title}]({plan.path.name}) | {plan.minutes} min | {deck_link} |")
    lines = ["# Voor docenten", "",
             "Alles om de cursus te geven: per bijeenkomst een lesplan (doelen, tijdsplanning, "
             "voorbereiding, activiteit in de zaal, discussievragen, verbinding met les en opdracht) "
             "en dia's, en de handleiding voor het nakijken met nbgrader.", "",
             "De dia's openen in de browser, ook zonder internet; met de toets **S** open je de "
             "sprekersnotities. Ze worden gemaakt uit `course/slides/week-N.ipynb`: pas daar de dia's aan.",
             "", "| week | bijeenkomst | duur | dia's |", "| --- | --- | --- | --- |", *rows, "",
             ":::{toctree}", ":hidden:", "", *[p.path.stem for p in plans], "handleiding", ":::", ""]
    (target / "index.md").write_text("\n".join(lines), encoding="utf-8")


def stage_static(target: Path) -> None:
    shutil.copytree(SITE / "_static", target, dirs_exist_ok=True)
    widgets = target / "widgets"
    widgets.mkdir(parents=True, exist_ok=True)
    dist = NODE_MODULES / "@jupyter-widgets" / "html-manager" / "dist"
    for path in dist.iterdir():
        if path.name == "embed-amd.js" or path.suffix in WIDGET_ASSETS:
            shutil.copy2(path, widgets / path.name)
    shutil.copy2(NODE_MODULES / "requirejs" / "require.js", widgets / "require.js")


def root_index(course_pages: list[str]) -> str:
    intro = (SITE / "index.md").read_text(encoding="utf-8")
    return "\n".join([intro.rstrip(), "",
                      ":::{toctree}", ":caption: Cursus", ":maxdepth: 1", "",
                      *[f"cursus/{p}" for p in course_pages], "lessen/index", "casussen/index", ":::", "",
                      ":::{toctree}", ":caption: Voor docenten", ":maxdepth: 1", "", "docenten/index", ":::", ""])


def stage(staging: Path) -> None:
    if not NODE_MODULES.is_dir():
        raise SystemExit(f"{NODE_MODULES} is missing: run scripts/build-site.sh (it runs npm ci)")
    settings = load()
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    shutil.copy2(SITE / "conf.py", staging / "conf.py")
    (staging / "site-settings.json").write_text(json.dumps(settings.__dict__), encoding="utf-8")
    stage_static(staging / "_static")
    stage_lessons(staging / "lessen", settings)
    course_pages = stage_course(staging / "cursus")
    ids = cases.write(staging / "casussen")
    log(f"wrote {len(ids)} case pages")
    stage_lecturer(staging / "docenten", staging / "_extra")
    (staging / "index.md").write_text(root_index(course_pages), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m sitegen.stage STAGING_FOLDER")
    stage(Path(sys.argv[1]).resolve())
