"""The Kubernetes grading job (course/deployment/grading-job.yaml) fits the course and the cluster files (issue 22).

No cluster can run here, so the manifest is checked as Kubernetes and the CLI would
read it: its command is a real ``ketenles autograde`` the parser accepts, every
volume and claim it names exists, its memory covers what the course config lets
the grading use, each sandbox setting is there with no privileged flag, and every
value to fill in is documented in the README, with the line that fills in the
assignment.
"""

from __future__ import annotations

import re
import shlex
import subprocess

import pytest
import yaml
from paths import COURSE, REPO
from traitlets.config.loader import PyFileConfigLoader
from yaml_text import placeholders

DEPLOYMENT = COURSE / "deployment"
MARGIN_MB = 1024  # nbgrader, the spare sandboxes started ahead, the gradebook


@pytest.fixture(scope="module")
def job():
    return yaml.safe_load((DEPLOYMENT / "grading-job.yaml").read_text(encoding="utf-8"))


def _container(job) -> dict:
    (container,) = job["spec"]["template"]["spec"]["containers"]
    return container


def _mebibytes(text: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(Mi|Gi)", text).groups()
    return int(number) * (1024 if unit == "Gi" else 1)


def _course_limits() -> dict:
    config = PyFileConfigLoader("nbgrader_config.py", path=str(COURSE)).load_config()
    from ketenles.grading.sandbox.bubblewrap import Limits

    sandbox = config.SandboxedExecute
    defaults = Limits()
    limits = {name: sandbox.get(name, getattr(defaults, name)) for name in ("memory_mb", "tmp_mb", "disk_mb")}
    limits["check_memory_mb"] = sandbox.get("check_memory_mb", 1024)
    return limits


def test_the_command_is_an_autograde_the_cli_accepts_on_the_mounted_course(job):
    from ketenles.cli import build_parser

    container = _container(job)
    command = container["command"]
    assert command[0].endswith("/bin/ketenles")
    args = build_parser().parse_args(command[1:])
    assert args.run.__name__ == "_autograde"
    assert args.assignment == "VERANDER-opdracht" and not args.unsandboxed  # never unsandboxed
    mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
    assert args.course in mounts and container["workingDir"] == args.course


def test_the_volumes_are_the_class_volume_and_the_lecturers_course_folder(job):
    claim = yaml.safe_load((DEPLOYMENT / "exchange-pvc.yaml").read_text(encoding="utf-8"))
    values = yaml.safe_load((DEPLOYMENT / "z2jh-values.yaml").read_text(encoding="utf-8"))
    spec = job["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in spec["volumes"]}
    assert {v["persistentVolumeClaim"]["claimName"] for v in volumes.values()} == {claim["metadata"]["name"]}
    assert job["metadata"]["namespace"] == claim["metadata"]["namespace"]
    (mount,) = _container(job)["volumeMounts"]
    assert mount["name"] in volumes
    # The same volume and subPath the lecturer's server mounts (z2jh-values.yaml's pre_spawn_hook).
    hub_volumes = {v["name"] for v in values["singleuser"]["storage"]["extraVolumes"]}
    assert mount["name"] in hub_volumes
    hook = values["hub"]["extraConfig"]["ketenles"]
    assert f'"name": "{mount["name"]}"' in hook and f'"subPath": "{mount["subPath"]}"' in hook
    assert values["custom"]["ketenles"]["cursusmap"] == mount["mountPath"]
    assert _container(job)["image"] == f'{values["singleuser"]["image"]["name"]}:{values["singleuser"]["image"]["tag"]}'


def test_the_memory_limit_covers_the_workers_sandboxes_and_checkers_of_the_course_config(job):
    from ketenles.cli import build_parser

    container = _container(job)
    workers = build_parser().parse_args(container["command"][1:]).workers
    limits = _course_limits()
    per_sandbox = limits["memory_mb"] + 2 * limits["tmp_mb"] + limits["disk_mb"]  # tmpfs counts as memory
    needed = workers * (per_sandbox + limits["check_memory_mb"]) + MARGIN_MB
    resources = container["resources"]
    assert _mebibytes(resources["limits"]["memory"]) >= needed
    assert resources["requests"]["memory"] == resources["limits"]["memory"]  # never evicted mid-run
    assert float(resources["limits"]["cpu"]) >= workers
    # The comment shows the same sum.
    text = (DEPLOYMENT / "grading-job.yaml").read_text(encoding="utf-8")
    assert f"= {needed} MB" in text


def test_the_pod_may_build_the_sandbox_without_privileges(job):
    pod = job["spec"]["template"]["spec"]
    container = _container(job)
    assert pod["securityContext"]["seccompProfile"]["type"] == "Unconfined"
    assert pod["securityContext"]["appArmorProfile"]["type"] == "Unconfined"
    assert container["securityContext"]["procMount"] == "Unmasked" and pod["hostUsers"] is False
    assert container["securityContext"]["privileged"] is False
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    assert "add" not in container["securityContext"]["capabilities"]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["restartPolicy"] == "Never"
    text = (DEPLOYMENT / "grading-job.yaml").read_text(encoding="utf-8")
    for setting in ("seccomp", "AppArmor", "procMount", "hostUsers", "PodSecurity", "privileged"):
        assert setting in text.split("apiVersion:")[0], setting  # each one explained in the header



def test_every_value_to_fill_in_is_documented_and_the_readme_line_fills_in_the_assignment(job, tmp_path):
    from ketenles.cli import build_parser

    readme = (DEPLOYMENT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Nakijken op Kubernetes"):]
    for path in set(placeholders(job)):
        assert f"`{path}`" in section, path
    # The documented line, run as written up to kubectl: the manifest it hands kubectl.
    line = next(ln for ln in section.splitlines() if ln.startswith("sed ") and "grading-job.yaml" in ln)
    sed = line.split("|")[0].replace("<opdracht>", "ketenanalyse")
    out = subprocess.run(shlex.split(sed), cwd=REPO, capture_output=True, text=True, check=True).stdout
    filled = yaml.safe_load(out)
    assert "VERANDER-opdracht" not in out
    assert build_parser().parse_args(_container(filled)["command"][1:]).assignment == "ketenanalyse"
    assert filled["metadata"]["labels"]["ketenles/opdracht"] == "ketenanalyse"
    assert "kubectl create -f -" in line and "generateName" in filled["metadata"]  # a new Job per run
