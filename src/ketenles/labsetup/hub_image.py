"""The build folder of the Kubernetes hub image, and the course in a student's home.

Zero to JupyterHub mounts every user's own volume on ``/home/jovyan``, the very
folder where repo2docker puts the repository and runs ``postBuild``. So the hub
image must not depend on anything in that folder: ketenles is installed into the
environment as a wheel (``course/deployment/image/postBuild``), and the lessons
reach the home from the installed package when the server starts
(:func:`copy_course_home`), without ever overwriting a file the student has.

The image is built from a folder that holds only what students may see
(:func:`export_build_context`): the library, the lessons, the student versions
of the assignments and the deployment files. The assignments' sources (model
solutions, hidden tests), the exam's question bank and key stay out, so they are
in no layer of the image either. A lecturer works from a clone of the
repository in their own home (course/deployment/README.md).

    ketenles hub-image /tmp/ketenles-image
    jupyter-repo2docker --no-run --image-name <registry>/ketenles:<tag> /tmp/ketenles-image
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from ketenles.content.bundle import course_path
from ketenles.errors import ArgumentError, KetenlesError
from ketenles.grading.markers import DEFAULT as _MARKERS
from ketenles.i18n import msg

# What the image is built from, relative to the repository root (an allow-list:
# a new top-level folder with lecturer material cannot slip in by accident).
IMAGE_FILES = (
    "src", "notebooks", "course/deployment", "course/nbgrader_config.py", "course/beoordeling.yaml",
    "pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "LICENSE-CONTENT.md",
)
# repo2docker reads these from the root of the build folder; the hub's own versions.
IMAGE_CONFIG = Path("course/deployment/image")
# Text that only a lecturer's file holds: nbgrader's solution and hidden-test markers
# inside a notebook, and the exam key's file name.
MARKERS = _MARKERS.all  # nbgrader's solution, hidden-test and mark-scheme markers
KEY_NAMES = ("sleutel", "toetsvragen")
# Fields of the exam bank that hold answers: a data file released with an exam (its question
# texts, e.g. eindtoets-vragen.json) carries none of them.
KEY_FIELDS = ('"antwoord"', '"toelichting"', '"per_variant"', '"verdedigbaar"', '"model"')
HOME_FOLDER = "ketenles"
# Zero to JupyterHub's chart 4.x runs JupyterHub 5 in the hub pod; the user image's
# jupyterhub-singleuser must be the same major version. Binder does not need it, so
# the root environment.yml (Binder's) goes without; the image's gets it added.
HUB_REQUIREMENT = "jupyterhub>=5,<6"


def repository_root() -> Path:
    """The clone this package runs from (an editable install), or an error saying to use one."""
    root = Path(__file__).resolve().parents[3]
    if not (root / "pyproject.toml").is_file() or not (root / IMAGE_CONFIG).is_dir():
        raise KetenlesError(msg("hub.expect.clone"))
    return root


def lecturer_material(folder: Path) -> list[Path]:
    """Files under ``folder`` that must not be in a student's image: solutions, hidden tests, keys."""
    found = []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file():
            continue
        if any(word in path.name.lower() for word in KEY_NAMES):
            found.append(path)
        elif path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            text = "\n".join("".join(cell.get("source", "")) for cell in cells)
            if any(marker in text for marker in MARKERS):
                found.append(path)
        elif path.suffix == ".json" and any(field in path.read_text(encoding="utf-8", errors="replace")
                                            for field in KEY_FIELDS):
            found.append(path)
    return found


def export_build_context(target: str | Path, root: Path | None = None) -> Path:
    """Write the hub image's build folder: the allow-listed files and the image's repo2docker files."""
    root = root or repository_root()
    target = Path(target).expanduser().resolve()
    if target.exists() and any(target.iterdir()):
        raise ArgumentError("target", str(target), msg("hub.expect.empty_target"))
    target.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc", "*.egg-info")
    for item in IMAGE_FILES:
        source = root / item
        if source.is_dir():
            shutil.copytree(source, target / item, ignore=ignore)
        else:
            (target / item).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / item)
    for config in sorted((root / IMAGE_CONFIG).iterdir()):
        shutil.copy2(config, target / config.name)
    _write_environment(root / "environment.yml", target / "environment.yml")
    leaked = [str(p.relative_to(target)) for p in lecturer_material(target)]
    if leaked:
        shutil.rmtree(target)
        raise KetenlesError(msg("hub.leak", files=", ".join(leaked)))
    return target


def _write_environment(binder: Path, target: Path) -> None:
    import yaml

    environment = yaml.safe_load(binder.read_text(encoding="utf-8"))
    for entry in environment["dependencies"]:
        if isinstance(entry, dict) and "pip" in entry:
            entry["pip"].append(HUB_REQUIREMENT)
    header = "# The hub image's environment: Binder's (environment.yml) plus JupyterHub (ketenles hub-image).\n"
    target.write_text(header + yaml.safe_dump(environment, sort_keys=False, allow_unicode=True), encoding="utf-8")


def copy_course_home(home: str | Path | None = None) -> list[Path]:
    """Copy the lessons and student versions into ``~/ketenles``; files already there stay as they are.

    Run at every server start (the postStart hook in z2jh-values.yaml): the first
    start fills an empty home, a later one adds what a newer image brought, and
    a notebook the student worked in is never touched.
    """
    home = Path(home if home is not None else os.environ.get("HOME", "~")).expanduser()
    source = course_path("notebooks")
    target = home / HOME_FOLDER
    copied = []
    for path in sorted(source.rglob("*")):
        if not path.is_file() or ".ipynb_checkpoints" in path.parts:
            continue
        destination = target / path.relative_to(source)
        if destination.exists():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        copied.append(destination)
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ketenles.labsetup.hub_image",
                                     description="De cursus in de thuismap van een hubgebruiker.")
    parser.add_argument("--home", help="de thuismap (standaard: $HOME)")
    args = parser.parse_args(argv)
    copied = copy_course_home(args.home)
    print(msg("hub.home_copied", count=len(copied)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
