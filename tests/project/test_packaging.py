"""The README's promises: two commands, Binder environment, licences, CLI, style."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
import yaml
from packaging.requirements import Requirement
from paths import REPO

BIN = Path(sys.executable).parent


def normalise(requirement: str) -> tuple[str, str]:
    req = Requirement(requirement)
    return req.name.lower().replace("_", "-"), str(req.specifier)


def test_binder_environment_matches_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert sorted(map(normalise, pip_section)) == sorted(map(normalise, project["dependencies"]))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert conda == ["python=3.11", "pip"], "keep the conda part minimal"


@pytest.mark.slow
def test_repo2docker_accepts_the_repository():
    exe = shutil.which("jupyter-repo2docker", path=str(BIN))
    assert exe, "jupyter-repo2docker is a test dependency"
    proc = subprocess.run([exe, "--no-build", "--debug", str(REPO)], capture_output=True, text=True, timeout=300)
    dockerfile = proc.stdout + proc.stderr
    assert proc.returncode == 0, dockerfile[-2000:]
    assert 'env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"' in dockerfile
    assert "RUN ./postBuild" in dockerfile


def test_readme_gives_the_two_commands_and_they_exist():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in ("bash scripts/open-course.sh", "bash scripts/run-tests.sh"):
        assert command in readme
        assert (REPO / command.split()[1]).is_file()
    assert "127.0.0.1" in (REPO / "scripts" / "open-course.sh").read_text(encoding="utf-8")
    assert "scripts/run-tests.sh" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_lists_every_lesson_and_assignment():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for lesson in (REPO / "notebooks").glob("*.ipynb"):
        assert f"notebooks/{lesson.name}" in readme, lesson.name
    for assignment in (REPO / "assignments").iterdir():
        if assignment.is_dir():
            assert f"`{assignment.name}`" in readme, assignment.name
            assert (REPO / "course" / "rubrics" / f"{assignment.name}.md").is_file()


def test_licences_and_citation():
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY 4.0" in (REPO / "LICENSE-CONTENT.md").read_text(encoding="utf-8")
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # The citation names the release people actually use (see the version test below),
    # under the licence of the code.
    assert citation["license"] == project["license"] == "MIT"
    assert citation["title"].startswith(project["name"])


def test_scripts_are_valid_bash():
    for script in [*(REPO / "scripts").glob("*.sh"), REPO / ".ci" / "run", REPO / "postBuild"]:
        proc = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert proc.returncode == 0, (script, proc.stderr)


def test_cli_init_course_and_check_cases(tmp_path):
    exe = BIN / "ketenles"
    proc = subprocess.run([exe, "init-course", tmp_path / "cursus", "--exchange", tmp_path / "x"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "cursus" / "source" / "ketenanalyse" / "ketenanalyse.ipynb").is_file()
    config = (tmp_path / "cursus" / "nbgrader_config.py").read_text(encoding="utf-8")
    assert str(tmp_path / "x") in config
    bad = tmp_path / "eigen"
    bad.mkdir()
    (bad / "kapot.yaml").write_text("id: kapot\n", encoding="utf-8")
    proc = subprocess.run([exe, "check-cases", bad], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "kapot.yaml" in proc.stderr and "Traceback" not in proc.stderr


def test_generated_nbgrader_folders_are_ignored():
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8")
    for folder in ("release/", "submitted/", "autograded/", "feedback/", "gradebook.db", ".venv/"):
        assert re.search(rf"^{re.escape(folder)}$", ignored, re.M), folder


def test_code_is_ruff_clean():
    proc = subprocess.run([BIN / "ruff", "check", "src", "tests", "scripts", "tools", "benchmarks"],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_the_version_is_written_once_and_citation_and_changelog_follow_it():
    import ketenles

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "ketenles.__version__"}
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(citation["version"]) == ketenles.__version__
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\S+)(?: — (\d{4}-\d{2}-\d{2}))?$", changelog, re.M)
    assert headings[0] == ("Unreleased", ""), "CHANGELOG.md starts with an Unreleased section"
    released = dict(headings[1:])
    assert ketenles.__version__ in released, "CHANGELOG.md has no section for the current version"
    assert str(citation["date-released"]) == released[ketenles.__version__]
