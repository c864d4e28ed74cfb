"""The tests mirror the source tree, and find the project's folders in one place.

A test of ``src/ketenles/grading/gradebook/export.py`` lives in ``tests/grading/gradebook/``; the
folders that test the course as a whole (lessons, assignments, the browser, the
project's own files) have names of their own. Every test file takes ``REPO``
and friends from ``tests/paths.py``: counting ``parents[n]`` broke on every move.
"""

from __future__ import annotations

import ast

from paths import SRC, TESTS

# Folders that test the course as a whole rather than one package of src/ketenles.
WHOLE_COURSE = {"browser": "JupyterLab in Chromium", "course": "assignments, nbgrader, hub, site",
                "lessons": "the lesson notebooks", "project": "packaging, layers, tooling",
                "data": "reference data for tests"}


def test_every_test_folder_mirrors_a_package_or_tests_the_whole_course():
    packages = {p.name for p in SRC.iterdir() if (p / "__init__.py").is_file()}
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    assert folders - packages - set(WHOLE_COURSE) == set()
    assert packages - folders == set(), "a package of src/ketenles without its test folder"


def test_every_subpackage_has_its_test_folder():
    subpackages = {p.parent.relative_to(SRC) for p in SRC.glob("*/*/__init__.py")}
    missing = sorted(str(s) for s in subpackages if not (TESTS / s).is_dir())
    assert missing == [], "a subpackage of src/ketenles without its test folder (tests/<package>/<sub>/)"


def test_test_files_sit_in_their_folder_not_at_the_top():
    assert sorted(p.name for p in TESTS.glob("test_*.py")) == []


def _assigned_names(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {target.id for node in tree.body if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name)}


def test_only_paths_py_defines_where_the_project_is():
    defining = [str(p.relative_to(TESTS)) for p in TESTS.rglob("*.py")
                if p.name != "paths.py" and {"REPO", "SRC", "NOTEBOOKS"} & _assigned_names(p)]
    assert defining == []
