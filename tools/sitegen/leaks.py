"""Find solutions, hidden tests and model answers in a built site: ``python -m sitegen.leaks DIR``.

What must never be on the public site, taken from the sources themselves: the
nbgrader markers, every solution and hidden-test line of every source assignment,
every model answer (markdown solution cells), and the text of the rubrics in
``course/rubrics/`` (criteria, reference values, exemplars: lecturer-only). A
build that contains any of it fails.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ketenles.grading.markers import DEFAULT as _MARKERS
from sitegen.settings import REPO

MARKERS = _MARKERS.all[:4]
MIN_LINE = 12  # shorter solution lines ("x = 3") say nothing on their own
MIN_PROSE_WORDS = 4  # a model answer's line of fewer words is the wrapped end of a sentence
MIN_RUBRIC = 30  # shorter rubric fragments are headings and scores ("1 punt")
TEXT_SUFFIXES = (".html", ".js", ".json", ".txt", ".md", ".ipynb", ".xml", ".inv")
_WIDGET_STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S)


@dataclass(frozen=True)
class Finding:
    file: str
    what: str
    text: str


def normalise(text: str) -> str:
    """Text as a reader sees it: no tags, no Markdown emphasis, single spaces."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"[*`_]", "", text)
    return " ".join(text.split())


def _assignment_texts(folder: Path) -> list[tuple[str, str]]:
    import nbformat

    found = []
    for path in sorted(folder.glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "markdown" and meta.get("solution"):
                # Prose wraps: a line of one or two words ("netwerkbestuurder.") is the tail of a
                # sentence, found on every page's menu, not a piece of the answer.
                found += [(f"model answer in {path.name}", line) for line in cell.source.splitlines()
                          if len(line.strip()) >= MIN_LINE and len(line.split()) >= MIN_PROSE_WORDS
                          and "Modelantwoord" not in line]
                continue
            inside = None
            for line in cell.source.splitlines():
                if _MARKERS.begin_solution in line or _MARKERS.begin_hidden in line:
                    inside = "solution" if _MARKERS.begin_solution in line else "hidden test"
                elif _MARKERS.end_solution in line or _MARKERS.end_hidden in line:
                    inside = None
                elif inside and len(line.strip()) >= MIN_LINE:
                    found.append((f"{inside} in {path.name}", line))
    return found


def _rubric_texts(folder: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(folder.glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or set(line.strip()) <= set("|- "):
                continue
            pieces = line.split("|") if line.lstrip().startswith("|") else [line]
            found += [(f"rubric {path.name}", p) for p in pieces if len(normalise(p)) >= MIN_RUBRIC]
    return found


def forbidden(repo: Path = REPO) -> list[tuple[str, str]]:
    """``(what, text)`` pairs, text normalised, that no built file may contain."""
    pairs = [("nbgrader marker", m) for m in MARKERS]
    pairs += _assignment_texts(repo / "assignments")
    pairs += _rubric_texts(repo / "course" / "rubrics")
    return [(what, normalise(text)) for what, text in pairs if normalise(text)]


def readable(path: Path) -> str:
    """A built file's text, with widget state decoded (it is JSON, escaped)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    extra = []
    for block in _WIDGET_STATE.findall(raw):
        with contextlib.suppress(ValueError):
            extra.append(json.dumps(json.loads(html.unescape(block)), ensure_ascii=False))
    return "\n".join([raw, *extra])


def scan(site: Path, pairs: list[tuple[str, str]] | None = None) -> list[Finding]:
    pairs = forbidden() if pairs is None else pairs
    findings = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        raw = readable(path)
        text = normalise(raw)
        for what, needle in pairs:
            if needle in text or needle in raw:
                findings.append(Finding(str(path.relative_to(site)), what, needle[:80]))
    return findings


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "_site")
    problems = scan(site)
    for f in problems:
        print(f"{f.file}: {f.what}: {f.text}", file=sys.stderr)
    if problems:
        raise SystemExit(f"{len(problems)} forbidden text(s) in {site}: solutions, hidden tests or model answers")
    print(f"[site] no solutions, hidden tests or model answers in {site}")
