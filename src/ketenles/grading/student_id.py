"""Who is taking (or being graded on) this exam: the id nbgrader files the submission under.

In order:

1. ``KETENLES_STUDENT``: set by ketenles's grading (the sandbox's kernel and the checker
   get the student of the submission folder), and it wins over everything else;
2. while grading, the student folder of the notebook's path
   (``autograded/<student>/<assignment>/``), for plain ``nbgrader autograde`` with
   nbgrader's own Execute, which runs the kernel there;
3. outside grading, the id nbgrader 0.9's exchange submits under
   (``nbgrader.utils.get_username``): the account name, or ``JUPYTERHUB_USER`` when the
   account is the container's ``jovyan``.

While grading, an unknown student is ``None``: the caller must then refuse, never fall
back to the grading account (that would grade against another student's variant).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

VARIABLE = "KETENLES_STUDENT"


def grading(environ: Mapping[str, str] | None = None) -> bool:
    """True while nbgrader (or ketenles's checker) autogrades."""
    environ = os.environ if environ is None else environ
    return environ.get("NBGRADER_EXECUTION") == "autograde" or VARIABLE in environ


def student_from_path(cwd: str | Path) -> str | None:
    """``<student>`` of a working folder ``.../autograded/<student>/<assignment>``, else None."""
    parts = Path(cwd).parts
    if len(parts) >= 3 and parts[-3] == "autograded" and parts[-2] not in ("", ".", ".."):
        return parts[-2]
    return None


def _account() -> str:
    import getpass

    try:
        import pwd

        name = pwd.getpwuid(os.getuid())[0]
    except (ImportError, KeyError):
        name = getpass.getuser()
    return name


def current_student(environ: Mapping[str, str] | None = None, cwd: str | Path | None = None) -> str | None:
    """The student id, or None while grading when it cannot be told (see the module text)."""
    environ = os.environ if environ is None else environ
    explicit = environ.get(VARIABLE, "").strip()
    if explicit:
        return explicit
    if grading(environ):
        return student_from_path(Path.cwd() if cwd is None else cwd)
    name = _account()
    if name == "jovyan":  # as nbgrader.utils.get_username: a hub's container account
        return environ.get("JUPYTERHUB_USER", name)
    return name
