"""Which nbgrader tools JupyterLab shows: a student's setup or a lecturer's.

nbgrader's JupyterLab extension offers everyone Formgrader, Create Assignment,
the Course List, the Assignment List and Validate. Three roles:

- ``docent``: everything;
- ``student`` (a course server with an nbgrader exchange): only the Assignment
  List (fetch, submit); Validate is hidden because it answers in English and
  checks the format only, which the Dutch self-check cell does better;
- ``zelfstudie`` (Binder, one machine: no exchange): no nbgrader tools and no
  Nbgrader menu at all, so no "Error fetching courses!".

JupyterLab's own mechanism hides a plugin: ``disabledExtensions`` in
``<prefix>/etc/jupyter/labconfig/page_config.json`` (what ``jupyter
labextension disable --level=sys_prefix`` writes). ``scripts/setup.sh`` and
Binder's ``postBuild`` write the self-study setup; a lecturer switches the tools
on with ``ketenles interface docent``, a course server sets ``ketenles interface student``.

Which file wins: folders in ``JUPYTER_CONFIG_PATH`` first, then, in a virtual or
conda environment, the environment's own config *before* the user's
``~/.jupyter`` (jupyter_core's ``JUPYTER_PREFER_ENV_PATH``). A role written in a
user's ``~/.jupyter`` therefore does not override the environment's; on a shared
installation a lecturer's role goes in a ``JUPYTER_CONFIG_PATH`` folder.

nbgrader's menu keeps an item for a disabled tool, but JupyterLab draws an item
whose command no plugin registered as hidden: a student's Nbgrader menu shows
only *Assignment List* (its own plugin, ``@jupyter/nbgrader:assignment-list``).

>>> import json, tempfile
>>> folder = tempfile.mkdtemp()
>>> path = set_role("student", folder)
>>> sorted(p for p, off in json.loads(path.read_text())["disabledExtensions"].items() if off) == sorted(
...     (*LECTURER_PLUGINS, VALIDATE))
True
>>> json.loads(set_role("docent", folder).read_text())["disabledExtensions"][LECTURER_PLUGINS[0]]
False
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ketenles.errors import ArgumentError
from ketenles.i18n import msg

LECTURER_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)
# Validate runs only the visible (format) tests and answers in English ("Success!
# Your notebook passes all the tests"): a student reads that as "right". The
# Dutch self-check cell at the end of each assignment replaces it.
VALIDATE = "@jupyter/nbgrader:validate-assignment"
# Without an nbgrader exchange (Binder, one machine) the Assignment List can only
# show "Error fetching courses!": a self-learner gets neither it nor its menu.
EXCHANGE_PLUGINS = ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:menu")
ALL_PLUGINS = (*LECTURER_PLUGINS, VALIDATE, *EXCHANGE_PLUGINS)
HIDDEN = {
    "docent": (),
    "student": (*LECTURER_PLUGINS, VALIDATE),
    "zelfstudie": (*LECTURER_PLUGINS, VALIDATE, *EXCHANGE_PLUGINS),
}
ROLES = tuple(HIDDEN)


def page_config_path(config_dir: str | Path | None = None) -> Path:
    """``page_config.json`` in a Jupyter config folder (default: this environment's ``etc/jupyter``)."""
    folder = Path(config_dir) if config_dir is not None else Path(sys.prefix) / "etc" / "jupyter"
    return folder / "labconfig" / "page_config.json"


def set_role(role: str, config_dir: str | Path | None = None, keep_choice: bool = False) -> Path:
    """Hide (``student``, ``zelfstudie``) or show (``docent``) nbgrader's tools.

    ``keep_choice``: leave a plugin alone when a role was already chosen for it,
    so running the set-up again never takes the tools away from a lecturer.
    Other settings in ``page_config.json`` are kept.
    """
    if role not in ROLES:
        raise ArgumentError("role", role, msg("lab_tools.expect.role"))
    path = page_config_path(config_dir)
    config = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    disabled = config.setdefault("disabledExtensions", {})
    if isinstance(disabled, list):  # JupyterLab 3 wrote a list of names
        disabled = config["disabledExtensions"] = dict.fromkeys(disabled, True)
    for plugin in ALL_PLUGINS:
        if keep_choice and plugin in disabled:
            continue
        disabled[plugin] = plugin in HIDDEN[role]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return path


def is_lecturer_setup(config_dir: str | Path | None = None) -> bool:
    """Whether a lecturer switched the tools on here (``ketenles interface docent``)."""
    path = page_config_path(config_dir)
    if not path.is_file():
        return False
    disabled = json.loads(path.read_text(encoding="utf-8")).get("disabledExtensions", {})
    return isinstance(disabled, dict) and disabled.get(LECTURER_PLUGINS[0]) is False


def main(argv: list[str] | None = None) -> int:
    """``--default``: keep any earlier choice per plugin (setup.sh, every run).
    ``--unless-docent``: set the whole role, unless a lecturer switched the tools on
    (open-course.sh: one machine has no exchange, so a student there is a self-learner).
    """
    args = sys.argv[1:] if argv is None else argv
    keep = "--default" in args
    roles = [a for a in args if a not in ("--default", "--unless-docent")] or ["student"]
    try:
        if "--unless-docent" in args and is_lecturer_setup():
            roles = ["docent"]
        path = set_role(roles[0], keep_choice=keep)
    except ArgumentError as error:
        print(f"{msg('errors.heading')}: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a shared, read-only environment: say where and what to do instead
        print(f"{msg('errors.heading')}: "
              f"{msg('lab_tools.cannot_write', path=error.filename or page_config_path(), reason=error.strerror)}",
              file=sys.stderr)
        return 2
    disabled = json.loads(path.read_text())["disabledExtensions"]
    role = next((r for r in ("zelfstudie", "student") if all(disabled.get(p) for p in HIDDEN[r])), "docent")
    print(msg(f"lab_tools.done.{role}", path=str(path)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
