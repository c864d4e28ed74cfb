"""The class deployment files agree with each other and give each role the right nbgrader set-up."""

from __future__ import annotations

import pytest
import yaml
from paths import REPO, SRC
from traitlets.config.loader import PyFileConfigLoader
from yaml_text import placeholders

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


def test_z2jh_mounts_the_exchange_and_the_opened_solutions_where_the_environment_points(values):
    single = values["singleuser"]
    mounts = {m["mountPath"]: m["name"] for m in single["storage"]["extraVolumeMounts"]}
    volumes = {v["name"] for v in single["storage"]["extraVolumes"]}
    assert set(mounts.values()) == volumes
    assert single["extraEnv"]["KETENLES_EXCHANGE"] in mounts
    assert single["extraEnv"]["KETENLES_UITWERKINGEN"] in mounts  # closed until a lecturer opens one
    claim = yaml.safe_load((DEPLOYMENT / "exchange-pvc.yaml").read_text(encoding="utf-8"))
    assert {v["persistentVolumeClaim"]["claimName"] for v in single["storage"]["extraVolumes"]} == {
        claim["metadata"]["name"]}
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]



def test_every_value_to_fill_in_is_explained_in_the_readme(values):
    readme = (DEPLOYMENT / "README.md").read_text(encoding="utf-8")
    claim = yaml.safe_load((DEPLOYMENT / "exchange-pvc.yaml").read_text(encoding="utf-8"))
    paths = set(placeholders(values)) | set(placeholders(claim))
    assert {"singleuser.image.name", "custom.ketenles.docenten", "spec.storageClassName"} <= paths
    for path in paths:
        assert f"`{path}`" in readme, path


def test_every_file_the_deployment_names_exists(values):
    import re

    text = "\n".join((DEPLOYMENT / name).read_text(encoding="utf-8")
                     for name in ("z2jh-values.yaml", "exchange-pvc.yaml", "README.md"))
    named = set(re.findall(r"(?<![\w/.-])((?:course|benchmarks|scripts|src)/[\w./-]+\.(?:py|yaml|md|txt|json))", text))
    assert "course/deployment/exchange-pvc.yaml" in named
    for name in named:
        assert (REPO / name).is_file(), name


def _hub_config(values, monkeypatch):
    """The hub's extraConfig run as the chart runs it: ``c`` and a z2jh module reading these values."""
    import sys
    import types

    from traitlets.config import Config

    z2jh = types.ModuleType("z2jh")

    def get_config(key, default=None):
        node = values
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    z2jh.get_config = get_config
    monkeypatch.setitem(sys.modules, "z2jh", z2jh)
    c = Config()
    for code in values["hub"]["extraConfig"].values():
        exec(compile(code, "extraConfig", "exec"), {"c": c})
    return c


def _spawner(name: str, groups: tuple[str, ...] = ()):
    """What the hook reads and sets of a KubeSpawner, with the chart's defaults for a user."""
    from types import SimpleNamespace

    return SimpleNamespace(user=SimpleNamespace(name=name, groups=[SimpleNamespace(name=g) for g in groups]),
                           environment={}, mem_limit="2G", container_security_context={},
                           volume_mounts=[{"name": "home", "mountPath": "/home/jovyan"}])


def test_hub_takes_every_name_from_the_one_class_list(values, monkeypatch):
    names = values["custom"]["ketenles"]
    c = _hub_config(values, monkeypatch)
    assert c.Authenticator.allowed_users == set(names["docenten"]) | set(names["studenten"])
    assert c.Authenticator.admin_users == set(names["beheerders"]) != set()  # someone approves sign-ups
    assert c.JupyterHub.load_groups["docenten"]["users"] == names["docenten"]
    assert values["hub"]["config"]["NativeAuthenticator"]["open_signup"] is False


def test_lecturers_pod_gets_the_lecturer_config_memory_and_a_sandbox(values, monkeypatch):
    names = values["custom"]["ketenles"]
    hook = _hub_config(values, monkeypatch).KubeSpawner.pre_spawn_hook
    lecturer, student = _spawner(names["docenten"][0]), _spawner(names["studenten"][0])
    hook(lecturer)
    hook(student)
    share = f"{names['omgeving']}/share/ketenles"
    assert lecturer.environment["JUPYTER_CONFIG_PATH"].split(":") == [f"{share}/jupyter-docent", f"{share}/jupyter"]
    assert student.environment["JUPYTER_CONFIG_PATH"].split(":") == [f"{share}/jupyter"]
    assert student.environment["KETENLES_LECTURERS"] == ",".join(names["docenten"])
    # Two grading workers of 2 GB each plus the Lab do not fit in a student's 2 GB.
    assert _gigabytes(lecturer.mem_limit) >= 2 * 2 + 1 and student.mem_limit == values["singleuser"]["memory"]["limit"]
    assert lecturer.container_security_context["seccompProfile"]["type"] == "Unconfined"
    assert student.container_security_context == {}
    # The lecturer's course folder is on the class volume (the grading job reads it there); a student has none.
    course = [m for m in lecturer.volume_mounts if m.get("subPath") == "cursus"]
    assert course == [{"name": "nbgrader-exchange", "mountPath": names["cursusmap"], "subPath": "cursus"}]
    assert lecturer.environment["KETENLES_COURSE_DIR"] == names["cursusmap"]
    assert not [m for m in student.volume_mounts if m.get("subPath") == "cursus"]
    assert "KETENLES_COURSE_DIR" not in student.environment
    # The image puts the deployment's two folders there (course/deployment/image/postBuild).
    post_build = (DEPLOYMENT / "image" / "postBuild").read_text(encoding="utf-8")
    assert "cp -r course/deployment/jupyter course/deployment/jupyter-docent" in post_build
    assert 'share="$(python -c' in post_build and "/share/ketenles" in post_build


def _lti_values(values, students=None):
    """The values with the LMS login of README.md ("De hub"), the roles module where the repository has it."""
    import copy

    lti = copy.deepcopy(values)
    lti["hub"]["config"]["JupyterHub"]["authenticator_class"] = "ltiauthenticator.lti13.auth.LTI13Authenticator"
    lti["custom"]["ketenles"]["rollenModule"] = str(SRC / "grading" / "gradebook" / "lti_roles.py")
    if students is not None:
        lti["custom"]["ketenles"]["studenten"] = students
    return lti


def test_with_the_lms_login_the_launch_sets_the_groups_and_an_lms_lecturer_gets_the_lecturer_pod(
        values, monkeypatch, tmp_path):
    from types import SimpleNamespace

    from lms_sim import INSTRUCTOR, LEARNER

    lti = _lti_values(values, students=[])
    lti["custom"]["ketenles"]["rollenLog"] = str(tmp_path / "rollen.jsonl")
    c = _hub_config(lti, monkeypatch)
    assert c.Authenticator.manage_groups is True and "load_groups" not in c.JupyterHub
    assert c.Authenticator.allow_all is True  # no student list: the LMS course is the class
    hook = c.Authenticator.post_auth_hook
    hub = SimpleNamespace(log=SimpleNamespace(info=lambda *a: None, error=lambda *a: None))
    handler = SimpleNamespace(find_user=lambda name: None)  # a first login
    roles = "https://purl.imsglobal.org/spec/lti/claim/roles"
    teacher = hook(hub, handler, {"name": "t9", "auth_state": {roles: [INSTRUCTOR]}})
    learner = hook(hub, handler, {"name": "s9", "auth_state": {roles: [LEARNER]}})
    listed = hook(hub, handler, {"name": lti["custom"]["ketenles"]["docenten"][0], "auth_state": {roles: [LEARNER]}})
    assert (teacher["groups"], learner["groups"], listed["groups"]) == (["docenten"], ["studenten"], ["docenten"])
    assert (tmp_path / "rollen.jsonl").read_text(encoding="utf-8").count("\n") == 2  # t9 and the listed lecturer
    spawn = c.KubeSpawner.pre_spawn_hook
    lms_lecturer, student = _spawner("t9", ("docenten",)), _spawner("s9", ("studenten",))
    spawn(lms_lecturer)
    spawn(student)
    assert lms_lecturer.environment["JUPYTER_CONFIG_PATH"].split(":")[0].endswith("/jupyter-docent")
    assert "t9" in lms_lecturer.environment["KETENLES_LECTURERS"].split(",")
    assert lms_lecturer.container_security_context["seccompProfile"]["type"] == "Unconfined"
    assert len(student.environment["JUPYTER_CONFIG_PATH"].split(":")) == 1
    assert "s9" not in student.environment["KETENLES_LECTURERS"].split(",")
    # With a student list, only the list gets in.
    listed_only = _hub_config(_lti_values(values), monkeypatch)
    assert listed_only.Authenticator.allowed_users == set(values["custom"]["ketenles"]["docenten"]) | set(
        values["custom"]["ketenles"]["studenten"])


def test_the_readme_mounts_the_roles_module_where_the_hub_loads_it(values):
    readme = (DEPLOYMENT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("### De hub"):readme.index("### Cijfers terugsturen")]
    snippet = yaml.safe_load(block[block.index("```yaml") + 7:block.index("```", block.index("```yaml") + 7)])
    files = snippet["hub"]["extraFiles"]
    (name, spec), = files.items()
    assert spec["mountPath"] == "/usr/local/etc/jupyterhub/ketenles/lti_roles.py"
    assert f"--set-file hub.extraFiles.{name}.stringData=src/ketenles/grading/gradebook/lti_roles.py" in block
    assert "LTI13Authenticator" in snippet["hub"]["config"]["JupyterHub"]["authenticator_class"]


def _gigabytes(text: str) -> float:
    return float(text.rstrip("G"))


def test_every_start_brings_the_course_home_with_the_images_python(values):
    command = " ".join(values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"])
    python = f"{values['custom']['ketenles']['omgeving']}/bin/python"
    assert f"{python} -m ketenles.labsetup.hub_image" in command


def test_readme_documents_the_nbgitpuller_link():
    text = (DEPLOYMENT / "README.md").read_text(encoding="utf-8")
    assert "/hub/user-redirect/git-pull?repo=" in text
    for part in ("urlpath=", "targetpath=", "branch="):
        assert part in text
