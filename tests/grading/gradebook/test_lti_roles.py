"""Which LMS roles make a lecturer, and the log entry of a role change (lti_roles.py, issue 22)."""

from __future__ import annotations

import ast
import sys
from datetime import datetime, timezone

from lms_sim import INSTRUCTOR, LEARNER, TEACHING_ASSISTANT
from paths import SRC

from ketenles.grading.gradebook.lti_roles import ROLES_CLAIM, hub_group, role_change, role_of

VOCAB = "http://purl.imsglobal.org/vocab/lis/v2/"


def launch(*roles: str) -> dict:
    return {ROLES_CLAIM: list(roles), "iss": "https://lms.example.nl"}


def test_the_course_roles_instructor_ta_and_course_admin_make_a_lecturer():
    for role in (INSTRUCTOR, TEACHING_ASSISTANT, VOCAB + "membership#Administrator",
                 VOCAB + "membership/instructor#TeachingAssistant"):  # Canvas's spelling
        assert role_of(launch(role)) == "docent", role
    assert role_of(launch(LEARNER, INSTRUCTOR)) == "docent"


def test_a_learner_an_institution_role_or_a_designer_stays_a_student():
    for roles in ([LEARNER], [], [VOCAB + "institution/person#Instructor", LEARNER],
                  [VOCAB + "system/person#Administrator"], [VOCAB + "membership#ContentDeveloper"],
                  [VOCAB + "membership#Mentor"], ["Instructor-ish#Instructor"]):
        assert role_of(launch(*roles)) == "student", roles
    assert role_of(None) == "student" and role_of({}) == "student"


def test_the_class_list_lecturer_stays_a_lecturer_whatever_the_launch_says():
    assert hub_group("docent", launch(LEARNER), ["docent"]) == "docenten"
    assert hub_group("s1", launch(LEARNER), ["docent"]) == "studenten"
    assert hub_group("ta", launch(TEACHING_ASSISTANT), ["docent"]) == "docenten"


def test_a_role_change_is_logged_with_who_when_and_the_launch():
    now = datetime(2027, 3, 1, 9, 30, tzinfo=timezone.utc)
    entry = role_change("ta", {"docenten"}, "studenten", launch(LEARNER), now)
    assert entry == {"gebruiker": "ta", "van": "docent", "naar": "student", "wanneer": "2027-03-01T09:30:00+00:00",
                     "door": "lti-launch", "lms_rollen": [LEARNER], "lms": "https://lms.example.nl"}
    assert role_change("t", None, "docenten", launch(INSTRUCTOR), now)["van"] is None  # first login as lecturer
    assert role_change("s", None, "studenten", launch(LEARNER), now) is None  # a new student: nothing changed
    assert role_change("s", {"studenten"}, "studenten", launch(LEARNER), now) is None


def test_the_roles_module_needs_only_the_standard_library():
    # The Z2JH hub mounts this file into an image without ketenles (course/deployment/README.md).
    tree = ast.parse((SRC / "grading" / "gradebook" / "lti_roles.py").read_text(encoding="utf-8"))
    imported = {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
    assert imported - {"__future__"} <= set(sys.stdlib_module_names), imported
