"""LTI 1.3 launch and LTI Advantage grade return against a simulated LMS on 127.0.0.1 (issue 22).

The LMS (tests/lms_sim.py) is a real HTTP server with its own RSA key. The launch
is checked with jupyterhub-ltiauthenticator's own validator against the LMS's JWKS
endpoint, as the hub's LTI 1.3 login does; the grade return is the `ketenles
lms-cijfers` command with the course's rules, talking to the LMS's token and AGS
endpoints. Expected grades come from course_grades, whose numbers
test_course_grade.py checks by hand.
"""

from __future__ import annotations

import html
import re
import secrets
import shutil
import sqlite3
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from lms_sim import INSTRUCTOR, LEARNER, SimulatedLms, new_key, pem
from paths import COURSE
from test_course_grade import CLASS, _build

from ketenles.grading.gradebook import deadlines
from ketenles.grading.gradebook.course_grade import course_grades, load_rules
from ketenles.grading.gradebook.lti import COURSE_ITEM, role_of
from ketenles.i18n import msg

CLIENT_ID = "ketenles-tool"
REDIRECT = "https://hub.example.nl/hub/lti13/oauth_callback"


@pytest.fixture(scope="module")
def tool_key():
    return new_key()


@pytest.fixture
def lms(tool_key):
    with SimulatedLms(CLIENT_ID, tool_key.public_key(), REDIRECT) as platform:
        yield platform


def _launch(lms: SimulatedLms, login_hint: str) -> tuple[str, str]:
    """The browser's part of the launch: the OIDC authorization request, then the form it posts back."""
    state, nonce = secrets.token_hex(8), secrets.token_hex(8)
    query = urllib.parse.urlencode({"scope": "openid", "response_type": "id_token", "response_mode": "form_post",
                                    "client_id": CLIENT_ID, "redirect_uri": REDIRECT, "login_hint": login_hint,
                                    "state": state, "nonce": nonce, "prompt": "none"})
    with urllib.request.urlopen(f"{lms.base}/auth?{query}", timeout=30) as response:
        form = response.read().decode()
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    assert html.unescape(fields["state"]) == state
    return fields["id_token"], nonce


def _validate(lms: SimulatedLms, id_token: str) -> dict:
    from ltiauthenticator.lti13.validator import LTI13LaunchValidator

    validator = LTI13LaunchValidator()
    claims = validator.verify_and_decode_jwt(id_token, issuer=lms.issuer, audience=CLIENT_ID,
                                             jwks_endpoint=f"{lms.base}/jwks", jwks_algorithms=["RS256"])
    validator.validate_id_token(claims)
    return claims


def test_a_launch_logs_in_with_the_lms_role(lms):
    from ltiauthenticator.lti13.auth import LTI13Authenticator

    authenticator = LTI13Authenticator(username_key="sub")
    student, nonce = _launch(lms, "s1")
    claims = _validate(lms, student)
    assert claims["nonce"] == nonce
    assert authenticator.get_username(claims) == "s1" and role_of(claims) == "student"
    lecturer = _validate(lms, _launch(lms, "docent")[0])
    assert role_of(lecturer) == "docent"
    assert role_of({"https://purl.imsglobal.org/spec/lti/claim/roles": [INSTRUCTOR, LEARNER]}) == "docent"


def test_forged_expired_and_misaddressed_launches_are_refused(lms):
    from ltiauthenticator.lti13.error import InvalidAudienceError, TokenError

    forged = lms.id_token("s1", [INSTRUCTOR], "n", key=new_key())  # right kid, someone else's key
    with pytest.raises(TokenError):
        _validate(lms, forged)
    expired = lms.id_token("s1", [LEARNER], "n", lifetime=-60)
    with pytest.raises(TokenError):
        _validate(lms, expired)
    other_tool = lms.id_token("s1", [LEARNER], "n", aud="another-tool")
    with pytest.raises(InvalidAudienceError):
        _validate(lms, other_tool)


@pytest.fixture
def course(tmp_path, tool_key, lms):
    course = tmp_path / "cursus"
    course.mkdir()
    _build(course / "gradebook.db")
    shutil.copy(COURSE / "beoordeling.yaml", course)
    deadlines.grant(course, "ketenanalyse", "s5", 24, by="docent", now=datetime(2027, 2, 28, 9, 0))
    with sqlite3.connect(course / "gradebook.db") as db:  # the LMS user ids, as the launch gave them
        for student in CLASS:
            if student != "s8":
                db.execute("UPDATE student SET lms_user_id = ? WHERE id = ?", (f"lms-{student}", student))
    (course / "tool.pem").write_text(pem(tool_key))
    (course / "lms.yaml").write_text(f"issuer: {lms.issuer}\nclient_id: {CLIENT_ID}\ntoken_url: {lms.base}/token\n"
                                     f"lineitems: {lms.lineitems_url}\nprivate_key: tool.pem\nkey_id: tool-1\n")
    return course


def test_grade_return_posts_every_graded_part_and_the_course_grade(course, lms, capsys):
    from ketenles.cli import main

    assert main(["lms-cijfers", "--course", str(course)]) == 0
    out = capsys.readouterr().out
    items = {item["resourceId"]: item for item in lms.line_items}
    assert set(items) == {"ketenles-ketenanalyse", "ketenles-vertrouwen", "ketenles-regie-advies",
                          "ketenles-eindtoets", COURSE_ITEM}
    assert all(item["scoreMaximum"] == 10 for item in items.values())
    posted = {(resource, score["userId"]): score["scoreGiven"]
              for resource, item in items.items() for score in lms.scores.get(item["id"], [])}
    expected = {}
    for grade in course_grades(course, load_rules(course / "beoordeling.yaml")):
        if grade.student == "s8":
            continue  # no LMS id: named, nothing sent
        for part, result in grade.parts.items():
            if result.graded:
                expected[(f"ketenles-{part}", f"lms-{grade.student}")] = result.grade
        if grade.grade is not None:
            expected[(COURSE_ITEM, f"lms-{grade.student}")] = grade.grade
    assert posted == expected
    assert posted[("ketenles-ketenanalyse", "lms-s4")] == 8.0 and posted[(COURSE_ITEM, "lms-s1")] == 10.0
    assert (COURSE_ITEM, "lms-s7") not in posted and ("ketenles-regie-advies", "lms-s7") not in posted
    assert msg("grading_workflow.lti.no_lms_id", student="s8") in out
    assert msg("grading_workflow.lti.no_course_grade", student="s7") in out
    assert msg("grading_workflow.lti.done", count=len(expected)) in out
    # A second run finds the line items again instead of making new ones.
    assert main(["lms-cijfers", "--course", str(course)]) == 0
    assert len(lms.line_items) == 5


def test_a_tool_key_the_lms_does_not_know_is_refused_with_a_dutch_message(course, lms, capsys):
    from ketenles.cli import main

    (course / "tool.pem").write_text(pem(new_key()))
    assert main(["lms-cijfers", "--course", str(course)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(msg("grading_workflow.lti.refused", url=f"{lms.base}/token", status=401,
                              reason="").split("{")[0][:30])
    assert lms.scores == {} and lms.token_requests == 1


def test_missing_settings_are_explained(tmp_path, capsys):
    from ketenles.cli import main

    shutil.copy(COURSE / "beoordeling.yaml", tmp_path)
    assert main(["lms-cijfers", "--course", str(tmp_path)]) == 2
    assert str(tmp_path / "lms.yaml") in capsys.readouterr().err
    (tmp_path / "lms.yaml").write_text("issuer: x\n")
    assert main(["lms-cijfers", "--course", str(tmp_path)]) == 2
    assert "client_id" in capsys.readouterr().err
    assert Path(tmp_path / "lms.yaml").is_file()
