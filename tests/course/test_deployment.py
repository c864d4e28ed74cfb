"""The class deployment files agree with each other and give each role the right nbgrader set-up."""

from __future__ import annotations

import pytest
import yaml
from paths import REPO
from traitlets.config.loader import PyFileConfigLoader

DEPLOYMENT = REPO / "course" / "deployment"


def load_user_config(monkeypatch, tmp_path, user: str, lecturers: str = "docent"):
    monkeypatch.setenv("JUPYTERHUB_USER", user)
    monkeypatch.setenv("KETENLES_LECTURERS", lecturers)
    monkeypatch.setenv("KETENLES_EXCHANGE", str(tmp_path / "exchange"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KETENLES_COURSE_DIR", raising=False)
    loader = PyFileConfigLoader("nbgrader_config.py", path=str(DEPLOYMENT / "jupyter"))
    return loader.load_config()


def test_student_submissions_carry_the_hub_user_name(monkeypatch, tmp_path):
    config = load_user_config(monkeypatch, tmp_path, "student7")
    assert config.CourseDirectory.student_id == "student7"
    assert config.Exchange.root == str(tmp_path / "exchange")
    assert config.CourseDirectory.course_id == "ketenles"


def test_lecturer_gets_the_course_folder_and_its_settings(monkeypatch, tmp_path):
    course = tmp_path / "home" / "ketenles-cursus"
    course.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text((REPO / "course" / "nbgrader_config.py").read_text())
    config = load_user_config(monkeypatch, tmp_path, "docent", lecturers="docent, tweede")
    assert "student_id" not in config.CourseDirectory  # a lecturer grades everyone
    assert config.CourseDirectory.root == str(course)
    assert config.Exchange.root == str(tmp_path / "exchange")
    # The course's own settings come along (safe autograding, Dutch placeholders).
    assert config.SafeOverwriteCells.add_missing_cells is True
    assert "Schrijf hier je antwoord" in config.ClearSolutions.text_stub


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((DEPLOYMENT / "z2jh-values.yaml").read_text(encoding="utf-8"))


def test_z2jh_gives_every_user_at_most_two_gigabytes(values):
    assert values["singleuser"]["memory"]["limit"] == "2G"
    assert values["singleuser"]["defaultUrl"] == "/lab"


def test_z2jh_mounts_the_exchange_and_config_where_the_environment_points(values):
    single = values["singleuser"]
    mounts = {m["name"]: m["mountPath"] for m in single["storage"]["extraVolumeMounts"]}
    volumes = {v["name"] for v in single["storage"]["extraVolumes"]}
    assert set(mounts) == volumes
    assert mounts["nbgrader-exchange"] == single["extraEnv"]["KETENLES_EXCHANGE"]
    assert mounts["ketenles-config"] == single["extraEnv"]["JUPYTER_CONFIG_PATH"]
    assert (DEPLOYMENT / "jupyter" / "nbgrader_config.py").is_file()


def test_readme_documents_the_nbgitpuller_link():
    text = (DEPLOYMENT / "README.md").read_text(encoding="utf-8")
    assert "/hub/user-redirect/git-pull?repo=" in text
    for part in ("urlpath=", "targetpath=", "branch="):
        assert part in text
