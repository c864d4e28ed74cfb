"""Grading processes stay lean: the clean checker and the sandbox runner start in well under a second.

Every submission starts both; an import of nbgrader in the checker, or of
jsonschema's optional IRI grammar package anywhere, cost 3-5 CPU seconds per
submission (benchmarks/autograde.py measures the whole effect).
"""

from __future__ import annotations

import subprocess
import sys

import nbformat


def _modules_after(code: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-I", "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"],
                          capture_output=True, text=True, timeout=120, check=True)
    return set(proc.stdout.split())


def test_the_checker_runs_a_test_cell_without_importing_nbgrader():
    loaded = _modules_after(
        "from ketenles.grading.sandbox.checker import check_all\n"
        "r = check_all([{'source': 'from ketenles.grading import checks'},"
        " {'source': 'checks.check_equal(x, 2, \"x\")', 'grade_id': 'q'}], {})\n"
        "assert r['q'][0]['output_type'] == 'error', r")
    assert "nbgrader" not in loaded
    assert "jsonschema" not in loaded


def test_notebooks_still_validate_after_skipping_the_iri_grammars(tmp_path):
    notebook = tmp_path / "n.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), notebook)
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [], "metadata": 3, "nbformat": 4, "nbformat_minor": 5}', encoding="utf-8")
    code = (
        "from ketenles.lean_imports import skip_slow_optional_imports\n"
        "skip_slow_optional_imports()\n"
        "import nbformat\n"
        f"nbformat.validate(nbformat.read({str(notebook)!r}, as_version=4))\n"
        "try:\n"
        "    import json\n"
        f"    nbformat.validate(json.load(open({str(broken)!r})))\n"
        "except nbformat.ValidationError:\n"
        "    print('REFUSED')\n")
    proc = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "REFUSED" in proc.stdout



def test_skipping_for_one_import_leaves_the_rest_of_the_session_alone():
    # In a student's kernel only the case loader's import skips the slow package.
    loaded = _modules_after(
        "import sys\nfrom ketenles.lean_imports import without_slow_optional_imports\n"
        "with without_slow_optional_imports():\n    import jsonschema\n"
        "assert 'rfc3987_syntax' not in sys.modules, 'the skip outlived its block'")
    assert "jsonschema" in loaded and "rfc3987_syntax" not in loaded
