"""Set up an nbgrader course directory from this repository's assignments.

nbgrader expects one course root holding ``nbgrader_config.py`` and
``source/<assignment>/``; it writes ``release/``, ``submitted/``, ``autograded/``
and ``feedback/`` next to them. Those generated folders never belong in git, so
the course root lives outside the repository.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ketenles.content.bundle import course_path, source_assignments
from ketenles.errors import ArgumentError
from ketenles.i18n import msg

# The repository's sources; an installed wheel has none (they hold solutions and hidden
# tests), so there ``init-course`` asks for ``--assignments`` from a clone.
DEFAULT_ASSIGNMENTS = source_assignments()
CONFIG_TEMPLATE = course_path("course/nbgrader_config.py")
# The course grade rules (weights, minimums, late rule), read by export-grades.
try:
    RULES_TEMPLATE: Path | None = course_path("course/beoordeling.yaml")
except ArgumentError:  # a package built without it: init-course still works, export names the missing file
    RULES_TEMPLATE = None


def assignment_names(assignments: Path = DEFAULT_ASSIGNMENTS) -> list[str]:
    """The nbgrader assignments in a source folder: subfolders holding a notebook (none if it is missing)."""
    if not Path(assignments).is_dir():
        return []
    return sorted(p.name for p in Path(assignments).iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def _drawn_from_lecturer_bank(folder: Path) -> bool:
    """Whether ``folder`` holds an exam drawn from the lecturer's own bank (not the practice bank)."""
    for notebook in folder.glob("*.ipynb"):
        try:
            meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
        except (OSError, ValueError):
            continue
        if meta.get("ketenles", {}).get("exam", {}).get("bank") == "toetsbank":
            return True
    return False


def init_course(
    root: str | Path, assignments: str | Path = DEFAULT_ASSIGNMENTS, exchange: str | Path | None = None,
    db_url: str | None = None,
) -> Path:
    """Create (or update) a course directory with the config and every source assignment.

    An existing ``source/<assignment>`` is replaced, so a lecturer who pulls a
    newer version of the course gets the new notebooks; the gradebook and all
    student work are left alone. ``db_url`` (an SQLAlchemy URL such as
    ``postgresql://docent@db.example.nl/ketenles``) puts the gradebook on a
    database server instead of ``gradebook.db``.
    """
    root = Path(root).expanduser().resolve()
    assignments = Path(assignments)
    if not assignments.is_dir() or not assignment_names(assignments):
        raise ArgumentError("assignments", str(assignments), msg("course.expect.assignments"))
    if root.exists() and not root.is_dir():
        raise ArgumentError("root", str(root), msg("course.expect.root"))
    (root / "source").mkdir(parents=True, exist_ok=True)
    config = CONFIG_TEMPLATE.read_text(encoding="utf-8")
    if exchange is not None:
        Path(exchange).mkdir(parents=True, exist_ok=True)
        config += f"\nc.Exchange.root = {str(Path(exchange).resolve())!r}\n"
    if db_url:
        config += f"\nc.CourseDirectory.db_url = {db_url!r}\n"
    (root / "nbgrader_config.py").write_text(config, encoding="utf-8")
    rules = root / "beoordeling.yaml"
    # The lecturer's own choices (late rule, weights) survive a course update.
    if RULES_TEMPLATE is not None and not rules.exists():
        shutil.copyfile(RULES_TEMPLATE, rules)
    for name in assignment_names(assignments):
        target = root / "source" / name
        if target.exists() and _drawn_from_lecturer_bank(target):
            continue  # the real exam (build_exam.py --bank) is never replaced by the practice version
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(assignments / name, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return root
