"""The package installs like one: a wheel, without the repository, runs lessons and sets up a course.

The test builds the sdist and, from it, the wheel (as ``python -m build`` does,
so a file missing from the sdist is caught too), installs the wheel into a fresh
virtual environment and works from a folder outside the repository. That the
requirements themselves install from the package index is what every run of
``scripts/setup.sh`` shows.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from env_copy import copy_distribution, runtime_closure
from paths import REPO

LESSONS_TO_RUN = ("00-welkom", "02-vijf-succesfactoren")

pytestmark = pytest.mark.slow


def run(cmd, **kwargs):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    # Build from a copy so that build artefacts never land in the checkout.
    source = tmp_path_factory.mktemp("src") / "ketenles"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "test-artifacts"))
    run([sys.executable, "-m", "build", "--outdir", str(out), str(source)], timeout=600)
    return out


@pytest.fixture(scope="module")
def installed(dists, tmp_path_factory):
    """A fresh environment with the wheel. Its requirements are the test environment's own
    distributions, linked in (tests/env_copy.py), so pip installs only the wheel, after
    checking that what is there satisfies every requirement the wheel declares."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], timeout=120)
    for dist in runtime_closure(("pip",)):
        copy_distribution(dist, venv)
    wheel = next(dists.glob("*.whl"))
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-index", str(wheel)], timeout=900)
    run([str(venv / "bin" / "python"), "-m", "pip", "check"], timeout=120)
    return venv


def clean_env(venv: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    return env


def test_wheel_carries_data_lessons_assignments_and_config(dists):
    names = zipfile.ZipFile(next(dists.glob("*.whl"))).namelist()
    for lesson in (REPO / "notebooks").glob("*.ipynb"):
        assert f"ketenles/bundled/notebooks/{lesson.name}" in names
    for quiz in (REPO / "src/ketenles/content/data/quizzes").glob("*.yaml"):
        assert f"ketenles/content/data/quizzes/{quiz.name}" in names
    assert "ketenles/bundled/course/nbgrader_config.py" in names
    assert "ketenles/i18n/nl/errors.yaml" in names
    # Case files are validated against the schema, and editors point at it.
    assert "ketenles/content/data/case.schema.json" in names
    assert not [n for n in names if ".ipynb_checkpoints" in n or n.endswith(".pyc")]


def test_readme_renders_on_pypi(dists):
    twine = shutil.which("twine", path=str(Path(sys.executable).parent))
    proc = run([twine, "check", "--strict", *map(str, dists.iterdir())], timeout=120)
    assert "PASSED" in proc.stdout


def test_installed_wheel_runs_lessons_outside_the_repository(installed, tmp_path):
    python = str(installed / "bin" / "python")
    env = clean_env(installed)
    where = run([python, "-c", "import ketenles; print(ketenles.__file__)"], cwd=tmp_path, env=env)
    assert str(REPO) not in where.stdout, "the test must use the installed wheel, not the checkout"

    lessons = tmp_path / "lessen"
    run([str(installed / "bin" / "ketenles"), "copy-lessons", str(lessons)], cwd=tmp_path, env=env)
    runner = (
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "client = NotebookClient(nb, timeout=300, kernel_name='python3',\n"
        "                        resources={'metadata': {'path': sys.argv[2]}})\n"
        "client.execute()\n"
        "errors = [o for c in nb.cells for o in c.get('outputs', []) if o.get('output_type') == 'error']\n"
        "sys.exit(f'errors: {errors}' if errors else 0)\n"
    )
    home = tmp_path / "home"
    home.mkdir()
    for lesson in LESSONS_TO_RUN:
        run([python, "-c", runner, str(lessons / f"{lesson}.ipynb"), str(lessons)],
            cwd=lessons, env={**env, "HOME": str(home)}, timeout=600)


# What marks lecturer material in a notebook: nbgrader's solution and hidden-test blocks, and
# the model answer of an open question (replaced by an empty cell when it is released).
LECTURER_MARKERS = ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS", "*Modelantwoord")


def test_the_wheel_carries_no_solution_hidden_test_or_key(dists):
    """What a student installs: no source assignment, no answer key, no bank with answers."""
    wheel = zipfile.ZipFile(next(dists.glob("*.whl")))
    names = wheel.namelist()
    assert not [n for n in names if n.startswith("ketenles/bundled/assignments/")]
    assert not [n for n in names if "toetsvragen" in n or "oefenvragen" in n or "sleutel" in n]
    notebooks = [n for n in names if n.endswith(".ipynb")]
    assert notebooks, "the wheel carries the lessons and the student versions"
    found = []
    for name in notebooks:
        for cell in json.loads(wheel.read(name))["cells"]:
            text = "".join(cell["source"])
            found += [(name, marker) for marker in LECTURER_MARKERS if marker in text]
    assert found == []
    # An exam's question file goes with its student version (issue 19): texts, never an answer.
    data = [n for n in names if n.endswith(".json") and "/opdrachten/" in n]
    assert data, "the exam's question file travels with its student version"
    assert not [(n, f) for n in data for f in ('"antwoord"', '"per_variant"', '"toelichting"', '"model"')
                if f in wheel.read(n).decode("utf-8")]
    sdist = next(dists.glob("*.tar.gz"))
    with tarfile.open(sdist) as archive:
        assert not [n for n in archive.getnames() if "/assignments/" in n]


def test_installed_wheel_asks_for_the_assignments_of_a_clone(installed, tmp_path):
    proc = subprocess.run([str(installed / "bin" / "ketenles"), "init-course", str(tmp_path / "cursus")],
                          capture_output=True, text=True, cwd=tmp_path, env=clean_env(installed))
    assert proc.returncode != 0
    assert "--assignments" in proc.stdout + proc.stderr and "Traceback" not in proc.stderr


def test_installed_wheel_sets_up_a_course(installed, tmp_path):
    env = clean_env(installed)
    course = tmp_path / "cursus"
    # The lecturer's sources come from a clone of the repository, never from the wheel.
    run([str(installed / "bin" / "ketenles"), "init-course", str(course), "--exchange", str(tmp_path / "exchange"),
         "--assignments", str(REPO / "assignments")], cwd=tmp_path, env=env)
    expected = sorted(p.name for p in (REPO / "assignments").iterdir() if p.is_dir())
    assert sorted(p.name for p in (course / "source").iterdir()) == expected
    run([str(installed / "bin" / "nbgrader"), "generate_assignment", expected[0]], cwd=course, env=env, timeout=300)
    assert list((course / "release" / expected[0]).glob("*.ipynb"))
