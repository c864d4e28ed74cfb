"""LMS roles become hub groups at every LTI 1.3 launch (issue 22).

This module is the hub's side of the course roles, so it imports nothing but the
standard library: on Zero to JupyterHub the hub runs in its own image without
ketenles, and the Helm values mount this very file into the hub pod
(course/deployment/README.md, "Docenten uit de leeromgeving"). The single-server
hub (course/deployment/jupyterhub_config.py) imports it from the installed package.

**Which LMS roles make a lecturer.** Only the launch's *context* roles count (the
person's role in this course), per the LTI 1.3 role vocabulary:
``membership#Instructor``, ``membership#Administrator`` (course administrator) and
the teaching assistant (``membership/Instructor#TeachingAssistant``, and
``membership#TeachingAssistant`` as some platforms send it). An institution or
system role (``institution/person#Instructor``, ``system/person#Administrator``)
says what someone is elsewhere in the university, not in this course, so it
makes nobody a lecturer here; neither does ``ContentDeveloper`` (Canvas's
"Designer", who builds the course but does not grade).

**Decision: the latest launch decides, the class list always wins.** The groups
are set anew at every login (JupyterHub's ``manage_groups``): someone launched as
Instructor is in ``docenten``; the same person launched later as Learner is in
``studenten`` again, unless the class list names them as a lecturer (a class-list
lecturer always stays a lecturer, whatever the LMS sends). A role someone got
from the LMS is therefore never kept silently after the LMS stopped sending it.
The new role takes effect at the next server start (the lecturer's configuration
is chosen when the server is spawned). Every change of role (and a first login
as lecturer through the LMS) is written to the hub's log and, when a file is
given, appended to it as one JSON line: who, from which role to which, when,
and the LMS roles and issuer of the launch that caused it.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

ROLES_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/roles"
_VOCAB = "http://purl.imsglobal.org/vocab/lis/v2/"
# Compared without case: Canvas spells the TA's sub-role ".../membership/instructor#TeachingAssistant".
LECTURER_ROLES = frozenset(role.lower() for role in (
    _VOCAB + "membership#Instructor",
    _VOCAB + "membership#Administrator",
    _VOCAB + "membership/Instructor#TeachingAssistant",
    _VOCAB + "membership#TeachingAssistant",
))
LECTURERS_GROUP = "docenten"
STUDENTS_GROUP = "studenten"
ROLE_OF_GROUP = {LECTURERS_GROUP: "docent", STUDENTS_GROUP: "student"}


def role_of(id_token: dict | None) -> str:
    """``docent`` for a launch as the course's Instructor, TA or course Administrator, otherwise ``student``."""
    roles = (id_token or {}).get(ROLES_CLAIM) or []
    return "docent" if any(str(role).lower() in LECTURER_ROLES for role in roles) else "student"


def hub_group(name: str, id_token: dict | None, lecturers) -> str:
    """The one course group of a hub user: the class list's lecturers always, else the launch's role."""
    if name in set(lecturers) or role_of(id_token) == "docent":
        return LECTURERS_GROUP
    return STUDENTS_GROUP


def role_change(name: str, before: set[str] | None, after: str, id_token: dict | None,
                now: datetime | None = None) -> dict | None:
    """The log entry when ``name``'s course role changes (``before``: the groups the hub had), else None."""
    old = next((ROLE_OF_GROUP[g] for g in (LECTURERS_GROUP, STUDENTS_GROUP) if g in (before or set())), None)
    new = ROLE_OF_GROUP[after]
    if old == new or (old is None and new == "student"):
        return None
    return {
        "gebruiker": name, "van": old, "naar": new,
        "wanneer": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "door": "lti-launch", "lms_rollen": list((id_token or {}).get(ROLES_CLAIM) or []),
        "lms": (id_token or {}).get("iss"),
    }


def make_post_auth_hook(lecturers, log_file: str | Path | None = None):
    """A JupyterHub ``post_auth_hook`` that puts each user in ``docenten`` or ``studenten``.

    Use it with ``Authenticator.manage_groups = True`` (and no ``load_groups``):
    JupyterHub then makes the user's groups exactly the ones returned here.
    """
    lecturers = frozenset(lecturers)

    def ketenles_roles(authenticator, handler, auth_model):
        name = auth_model["name"]
        claims = auth_model.get("auth_state")  # LTI13Authenticator: the validated id_token
        group = hub_group(name, claims, lecturers)
        user = handler.find_user(name) if handler is not None else None
        before = {g.name for g in user.groups} if user is not None else None
        entry = role_change(name, before, group, claims)
        if entry is not None:
            authenticator.log.info("ketenles: course role of %s: %s -> %s (LMS roles %s)", name, entry["van"],
                                   entry["naar"], ", ".join(entry["lms_rollen"]) or "-")
            if log_file:
                try:
                    with Path(log_file).open("a", encoding="utf-8") as log:
                        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
                except OSError as error:  # the hub log above still has it; a login never fails on this
                    authenticator.log.error("ketenles: cannot write the role log %s: %s", log_file, error)
        auth_model["groups"] = [group]
        return auth_model

    return ketenles_roles


def is_lecturer(user, lecturers) -> bool:
    """A hub user (JupyterHub's User) is a lecturer: on the class list or in the lecturers' group."""
    return user.name in set(lecturers) or any(g.name == LECTURERS_GROUP for g in user.groups)
