"""Where the course's lesson notebooks, assignments and nbgrader config are.

A wheel carries the lessons and the nbgrader config inside the package
(``ketenles/bundled/``, put there by the build step in ``setup.py``), found through
:mod:`importlib.resources`; a clone of the repository (also an editable install)
uses its own folders, so an author's edit is seen at once.

The source assignments are lecturer material: they hold the worked solutions and
the hidden tests, so the wheel a student installs does not carry them (issue 19).
A lecturer sets up a course from a clone of the repository or from an unpacked
lecturer archive of it (``ketenles init-course DIR --assignments PATH``);
:func:`source_assignments` says where a clone keeps them.

>>> course_path("notebooks").is_dir()
True
>>> "ketenanalyse" in {p.name for p in source_assignments().iterdir()}
True
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from ketenles.errors import ArgumentError
from ketenles.i18n import msg

# The folders and files of the repository that a wheel carries, relative to its root.
# Never "assignments": their sources hold solutions and hidden tests (see the docstring).
BUNDLED = ("notebooks", "course/nbgrader_config.py", "course/beoordeling.yaml")
_REPO_ROOT = Path(__file__).resolve().parents[3]


def source_assignments() -> Path:
    """The repository's ``assignments/`` folder; it exists only in a clone, never in a wheel."""
    return _REPO_ROOT / "assignments"


def bundled_root() -> Path | None:
    """The copy inside an installed wheel, or None when running from a clone."""
    root = Path(str(files("ketenles") / "bundled"))
    return root if root.is_dir() else None


def course_path(relative: str) -> Path:
    """A bundled folder or file (one of :data:`BUNDLED` or below it), as a real path."""
    if not any(relative == item or relative.startswith(item.rstrip("/") + "/") for item in BUNDLED):
        raise ArgumentError("relative", relative, msg("course.expect.bundled", items=", ".join(BUNDLED)))
    for root in (bundled_root(), _REPO_ROOT):
        if root is not None and (root / relative).exists():
            return root / relative
    raise ArgumentError("relative", relative, msg("course.expect.installed"))


def copy_lessons(target: str | Path) -> list[Path]:
    """Copy the lesson notebooks into ``target`` (new or empty), for a course installed as a package.

    A folder that already holds notebooks is refused, so a student's own work is
    never overwritten. The optional notebooks a lesson links to (``extra/NAME.ipynb``)
    come along into ``target/extra`` so those links work; the lessons are returned.
    """
    target = Path(target).expanduser()
    if target.exists() and (not target.is_dir() or any(target.glob("*.ipynb"))):
        raise ArgumentError("target", str(target), msg("course.expect.lessons_target"))
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for notebook in sorted(course_path("notebooks").glob("*.ipynb")):
        destination = target / notebook.name
        destination.write_bytes(notebook.read_bytes())
        copied.append(destination)
    for notebook in sorted((course_path("notebooks") / "extra").glob("*.ipynb")):
        (target / "extra").mkdir(exist_ok=True)
        (target / "extra" / notebook.name).write_bytes(notebook.read_bytes())
    return copied
