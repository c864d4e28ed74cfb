"""Strip outputs, execution counts and editor metadata from notebooks, keeping nbgrader's.

Usage: python scripts/clean_notebooks.py [--check] [PATH ...]   (default: notebooks/ and assignments/)
Run it before committing a notebook you edited in JupyterLab; a test fails on an
unclean notebook, and the pre-commit hook runs it with ``--check`` (report, change
nothing, exit 1 when a notebook is unclean).

Why not nb-clean: nb-clean 5 keeps ``metadata.widgets`` (saved widget state) unless
it removes all notebook metadata, which would also drop the lesson metadata
(``metadata.ketenles``) that the course reads.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
KEEP_NOTEBOOK_METADATA = {"kernelspec", "language_info", "ketenles"}
KEEP_CELL_METADATA = {"nbgrader", "tags"}


def clean(nb) -> bool:
    changed = False
    for key in set(nb.metadata) - KEEP_NOTEBOOK_METADATA:
        del nb.metadata[key]
        changed = True
    if "language_info" in nb.metadata and set(nb.metadata.language_info) != {"name"}:
        nb.metadata.language_info = {"name": "python"}
        changed = True
    for cell in nb.cells:
        for key in set(cell.metadata) - KEEP_CELL_METADATA:
            del cell.metadata[key]
            changed = True
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count = [], None
            changed = True
    return changed


def main(paths: list[str]) -> int:
    check_only = "--check" in paths
    paths = [p for p in paths if p != "--check"]
    targets = [Path(p) for p in paths] or [ROOT / "notebooks", ROOT / "assignments"]
    unclean = 0
    files = [f for t in targets for f in ([t] if t.is_file() else sorted(t.rglob("*.ipynb")))]
    for path in files:
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        if clean(nb):
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            if check_only:
                print(f"unclean (outputs, execution counts or editor metadata): {shown}")
                unclean += 1
            else:
                nbformat.write(nb, path)
                print(f"cleaned {shown}")
    if unclean:
        print("Run: python scripts/clean_notebooks.py")
    return 1 if unclean else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
