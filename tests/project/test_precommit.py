"""The pre-commit hooks run offline with the project's own tools and catch what they promise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from paths import REPO

BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def pre_commit(clone: Path, *args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run([str(BIN / "pre-commit"), *args], cwd=clone, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def clone(tmp_path):
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(target)], check=True, timeout=120)
    # The hooks call the tools of .venv, as in a developer's checkout.
    (target / ".venv").symlink_to(BIN.parent, target_is_directory=True)
    return target


def test_hooks_pass_on_the_committed_tree_and_fail_on_an_unclean_notebook(clone, tmp_path):
    home = tmp_path / "pre-commit-home"
    ok = pre_commit(clone, "run", "--all-files", home=home)
    assert ok.returncode == 0, ok.stdout[-3000:] + ok.stderr[-2000:]

    lesson = next((clone / "notebooks").glob("*.ipynb"))
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["execution_count"] = 7
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "uitvoer"}]
    lesson.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (clone / "kapot.yaml").write_text("a: [1, 2\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    bad = pre_commit(clone, "run", "--all-files", home=home)
    assert bad.returncode != 0
    assert lesson.name in bad.stdout and "kapot.yaml" in bad.stdout
