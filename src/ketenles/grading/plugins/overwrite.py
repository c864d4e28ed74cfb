"""Put deleted grade cells back without nbgrader 0.9.6's ``KeyError``.

With ``OverwriteCells.add_missing_cells = True`` nbgrader re-inserts a deleted
grade cell after the cell that preceded it in the source notebook. It looks
that neighbour up among the submitted grade and solution cells only, so it
crashes with ``KeyError`` when the neighbour is a locked read-only cell, or when
the student deleted the neighbour too (an answer cell and its test cell). The
whole submission then fails to grade.

:class:`SafeOverwriteCells` inserts the cell after the nearest earlier source
cell that is still in the submission (any cell with nbgrader metadata), or at
the top when none is left. Everything else is nbgrader's ``OverwriteCells``.
Register it in ``nbgrader_config.py`` in place of ``OverwriteCells``::

    c.Autograde.sanitize_preprocessors = [..., "ketenles.grading.plugins.overwrite.SafeOverwriteCells", ...]
"""

from __future__ import annotations

from nbgrader.preprocessors import OverwriteCells


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


class SafeOverwriteCells(OverwriteCells):
    """``OverwriteCells`` whose missing-cell repair never crashes."""

    def add_missing_grade_cells(self, nb, resources):
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_cells = {cell.name: cell for cell in source_nb.source_cells}
        order = [cell.name for cell in source_nb.source_cells]
        grade_cells = {cell.name: cell for cell in source_nb.grade_cells}
        solution_ids = {cell.name for cell in source_nb.solution_cells}
        for position, name in enumerate(order):
            if name not in grade_cells:
                continue
            # Recomputed after every insert, so positions are never stale.
            present = {_grade_id(cell): i for i, cell in enumerate(nb.cells) if _grade_id(cell)}
            if name in present:
                continue
            self.log.warning(f"Missing grade cell {name} encountered, adding to notebook")
            anchor = next((present[p] for p in reversed(order[:position]) if p in present), -1)
            cell = self.missing_cell_transform(source_cells[name], grade_cells[name].max_score,
                                               is_solution=name in solution_ids)
            nb.cells.insert(anchor + 1, cell)
        return nb, resources
