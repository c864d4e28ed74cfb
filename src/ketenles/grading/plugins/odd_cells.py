"""Grade cells a student duplicated, imported, emptied or edited, put right before nbgrader sees them.

nbgrader 0.9.6 crashes on several everyday accidents, leaving a whole
correct submission ungraded: its ``DeduplicateIds`` empties the metadata of a
duplicated cell to ``{}`` (then ``CheckCellMetadata`` fails with ``KeyError``);
``OverwriteCells`` deletes only the ``grade_id`` of a grade cell copied in from
another notebook (``KeyError: 'grade_id'``); a cell whose flags were edited
can end in "Inconsistent checksums". :class:`TidyGradeCells` takes the place
of ``DeduplicateIds`` in ``Autograde.sanitize_preprocessors`` and, comparing
with the notebook as it was released to the student, does per cell:

* a grade id that is not in the assignment (a *foreign* cell): the cell stays,
  as an ordinary cell without nbgrader metadata, so it earns nothing;
* a test or read-only cell that appears twice: the first copy stays, the
  others go (they are the lecturer's text; the test is restored from the
  source anyway);
* an answer cell that appears twice: the copy the student filled in keeps the
  metadata (the last one when several were filled in, which for code is also
  the value the kernel holds at the test); the others become ordinary cells,
  so their text stays visible to the grader;
* nbgrader metadata that is unreadable (no grade id, not a dict) is removed;
  metadata of a known cell is reset to the released one (points, ``locked``,
  ``solution``...), so nbgrader's own checks restore the cell's source;
* a released grade or answer cell whose metadata was deleted: when exactly one
  ordinary cell of the same type stands where it belongs (between its released
  neighbours, and not one of the released ordinary cells), that cell gets its
  metadata back, so the student's own answer is graded, not a blank stub.

Everything it changes is logged as a ``[ketenles-note] <key> <detail>``
warning, which ``ketenles autograde`` turns into a Dutch note for the lecturer
(:func:`notes_in_log`).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor

NOTE = "[ketenles-note]"
_NOTE_LINE = re.compile(re.escape(NOTE) + r" (\w+) ?(.*)")


def notes_in_log(log: str) -> list[tuple[str, str]]:
    """``(key, detail)`` of every note :class:`TidyGradeCells` (or the worker) wrote to ``log``."""
    return [(m.group(1), m.group(2).strip()) for m in _NOTE_LINE.finditer(log)]


def _meta(cell) -> dict | None:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else None


def _grade_id(cell) -> str | None:
    meta = _meta(cell)
    grade_id = meta.get("grade_id") if meta else None
    return grade_id if isinstance(grade_id, str) and grade_id else None


def _is_marked(meta: dict) -> bool:
    return bool(meta.get("grade") or meta.get("solution") or meta.get("locked") or meta.get("task"))


class TidyGradeCells(NbGraderPreprocessor):
    """Repair duplicated, foreign, emptied and edited grade cells (see the module docstring)."""

    def _released(self, resources):
        from nbgrader.coursedir import CourseDirectory

        info = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        folder = Path(coursedir.format_path(coursedir.release_directory, ".", info["assignment"]))
        if not folder.is_dir():  # released elsewhere: the source holds the same metadata and layout
            folder = Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"]))
        return nbformat.read(folder / f"{info['notebook']}.ipynb", as_version=4)

    def note(self, key: str, detail: str = "") -> None:
        self.log.warning("%s %s %s", NOTE, key, detail)

    def preprocess(self, nb, resources):
        released = self._released(resources)
        originals = {_grade_id(c): c for c in released.cells if _grade_id(c)}
        self._drop_unreadable(nb)
        self._drop_foreign(nb, originals)
        self._deduplicate(nb, originals)
        self._restore_lost(nb, released, originals)
        self._reset_metadata(nb, originals)
        return nb, resources

    def _drop_unreadable(self, nb) -> None:
        for cell in nb.cells:
            if "nbgrader" not in cell.get("metadata", {}):
                continue
            meta = _meta(cell)
            if meta is None or (_grade_id(cell) is None and _is_marked(meta)):
                del cell.metadata["nbgrader"]
                self.note("broken_metadata", cell.source[:40].replace("\n", " "))
            elif _grade_id(cell) is None:
                del cell.metadata["nbgrader"]  # empty or unmarked: nothing to grade, but nbgrader trips on it

    def _drop_foreign(self, nb, originals) -> None:
        for cell in nb.cells:
            grade_id = _grade_id(cell)
            if grade_id is not None and grade_id not in originals:
                del cell.metadata["nbgrader"]
                self.note("foreign_cell", grade_id)

    def _deduplicate(self, nb, originals) -> None:
        copies: dict[str, list] = {}
        for cell in nb.cells:
            if _grade_id(cell):
                copies.setdefault(_grade_id(cell), []).append(cell)
        drop = []
        for grade_id, cells in copies.items():
            if len(cells) < 2:
                continue
            original = originals[grade_id]
            if not _meta(original).get("solution"):
                drop += [id(c) for c in cells[1:]]
                self.note("duplicate_cell", grade_id)
                continue
            filled = [c for c in cells if c.source.strip() != original.source.strip()]
            keep = (filled or cells)[-1]
            for cell in cells:
                if cell is not keep:
                    del cell.metadata["nbgrader"]
            self.note("duplicate_answer", f"{grade_id} ({len(filled)} van {len(cells)} ingevuld)")
        nb.cells = [c for c in nb.cells if id(c) not in drop]

    def _restore_lost(self, nb, released, originals) -> None:
        order = [_grade_id(c) for c in released.cells if _grade_id(c)]
        # Released cells without metadata (instructions, setup code) are never an answer.
        plain = {c.source.strip() for c in released.cells if not _grade_id(c)}
        for position, grade_id in enumerate(order):
            present = {_grade_id(c): i for i, c in enumerate(nb.cells) if _grade_id(c)}
            if grade_id in present:
                continue
            before = next((present[g] for g in reversed(order[:position]) if g in present), -1)
            after = next((present[g] for g in order[position + 1:] if g in present), len(nb.cells))
            original = originals[grade_id]
            candidates = [c for c in nb.cells[before + 1:after]
                          if "nbgrader" not in c.get("metadata", {}) and c.cell_type == original.cell_type
                          and c.source.strip() not in plain]
            if len(candidates) == 1:
                candidates[0].metadata["nbgrader"] = copy.deepcopy(_meta(original))
                self.note("restored_metadata", grade_id)

    def _reset_metadata(self, nb, originals) -> None:
        for cell in nb.cells:
            grade_id = _grade_id(cell)
            if grade_id is None:
                continue
            released = copy.deepcopy(_meta(originals[grade_id]))
            meta = _meta(cell)
            flags = ("grade", "solution", "locked", "task", "points")
            if any(meta.get(k) != released.get(k) for k in flags) or meta.get("grade_id") != grade_id:
                self.note("changed_metadata", grade_id)
            elif released.get("locked") and cell.source.strip() != originals[grade_id].source.strip():
                self.note("changed_cell", grade_id)
            cell.metadata["nbgrader"] = released
