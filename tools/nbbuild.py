"""Build a lesson notebook from a compact Python description (a writing aid).

Lessons are committed as .ipynb (the source of truth, editable in JupyterLab);
this helper only saves typing JSON by hand:

    from nbbuild import md, code, save
    save("notebooks/01-x.ipynb", [md("# Titel"), code("1 + 1")], lesson={...})
"""

from __future__ import annotations

import textwrap

import nbformat


def md(text: str, tags: tuple[str, ...] = (), **nbgrader):
    cell = nbformat.v4.new_markdown_cell(textwrap.dedent(text).strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    if nbgrader:
        cell.metadata["nbgrader"] = {"schema_version": 3, **nbgrader}
    return cell


def code(text: str, tags: tuple[str, ...] = (), **nbgrader):
    cell = nbformat.v4.new_code_cell(textwrap.dedent(text).strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    if nbgrader:
        cell.metadata["nbgrader"] = {"schema_version": 3, **nbgrader}
    return cell


def save(path: str, cells, lesson: dict | None = None) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    # Ids derived from position keep diffs stable when a lesson is rebuilt.
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i:03d}"
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    if lesson:
        nb.metadata["ketenles"] = lesson
    nbformat.validate(nb)
    nbformat.write(nb, path)
