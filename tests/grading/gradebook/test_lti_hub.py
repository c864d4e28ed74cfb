"""The LTI 1.3 launch through a running JupyterHub with jupyterhub-ltiauthenticator (issue 22).

The hub runs the deployment's own course/deployment/jupyterhub_config.py (trial
spawner, LMS login switched on with KETENLES_LTI_*) on 127.0.0.1, configured for
the simulated LMS (tests/lms_sim.py); the browser's part of the launch is played
with a cookie jar. The LMS starts the OIDC login at the hub, the hub sends the
browser to the LMS's authorization endpoint, the LMS answers with the signed
id_token, the browser posts it back to the hub, and the hub logs the user in
under the name in the launch, in the group the launch's LMS role gives
(lti_roles.py). A lecturer's server then has the Formgrader, a student's not.
A token signed with another key is refused by the hub.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

import jwt
import pytest
from lms_sim import INSTRUCTOR, LEARNER, TEACHING_ASSISTANT, SimulatedLms, new_key
from paths import TESTS
from test_lti import CLIENT_ID

pytestmark = pytest.mark.slow

CLASS_LECTURER = "docent-lijst"  # on the class list (KETENLES_LECTURERS)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    sys.path.insert(0, str(TESTS / "course"))  # the hub tests' Hub and proxy finder
    from test_jupyterhub import Hub

    tmp = tmp_path_factory.mktemp("ltihub")
    role_log = tmp / "rollen.jsonl"

    class LtiHub(Hub):
        def hub_environment(self):
            return {**super().hub_environment(), "KETENLES_LECTURERS": CLASS_LECTURER, "KETENLES_STUDENTS": "",
                    "KETENLES_LTI_ISSUER": lms.issuer, "KETENLES_LTI_AUTHORIZE_URL": lms.base + "/auth",
                    "KETENLES_LTI_JWKS_URL": lms.base + "/jwks", "KETENLES_LTI_CLIENT_ID": CLIENT_ID,
                    "KETENLES_LTI_USERNAME_KEY": "sub", "KETENLES_LTI_SCHEME": "http",
                    "KETENLES_ROLE_LOG": str(role_log)}

        def server_users(self):
            return ["docent1", "s1"]

        def write_config(self, proxy):
            config = super().write_config(proxy)
            with config.open("a", encoding="utf-8") as handle:  # a launch lands on the hub's page, no spawn
                handle.write("c.JupyterHub.redirect_to_server = False\n")
            return config

    server = LtiHub(tmp)
    with SimulatedLms(CLIENT_ID, new_key().public_key(), f"{server.base}/hub/lti13/oauth_callback") as lms:
        server.start()
        try:
            yield {"base": server.base, "lms": lms, "server": server, "token": server.token, "role_log": role_log,
                   "log": tmp / "hub.log"}
        finally:
            server.stop()


def _browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def _login_init(opener, hub, login_hint: str) -> dict:
    """The LMS starts the OIDC login at the hub; the browser follows to the LMS and gets the form."""
    query = urllib.parse.urlencode({"iss": hub["lms"].issuer, "login_hint": login_hint, "client_id": CLIENT_ID,
                                    "target_link_uri": f"{hub['base']}/hub/", "lti_message_hint": "x"})
    with opener.open(f"{hub['base']}/hub/lti13/oauth_login?{query}", timeout=60) as response:
        form = response.read().decode()
    return dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))


def _post_back(opener, hub, fields: dict) -> int:
    body = urllib.parse.urlencode(fields).encode()
    try:
        with opener.open(f"{hub['base']}/hub/lti13/oauth_callback", data=body, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _user(hub, name: str):
    request = urllib.request.Request(f"{hub['base']}/hub/api/users/{name}",
                                     headers={"Authorization": f"token {hub['token']}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code


def test_a_launch_from_the_lms_logs_the_student_into_the_hub(hub):
    opener, _ = _browser()
    fields = _login_init(opener, hub, "s1")
    assert set(fields) == {"id_token", "state"}
    assert _post_back(opener, hub, fields) == 200, hub["log"].read_text()[-3000:]
    assert _user(hub, "s1")["name"] == "s1"


def _launch(hub, name: str, roles: list[str]) -> dict:
    """A whole launch of ``name`` with these LMS roles; the hub's user model after it."""
    hub["lms"].roles[name] = roles
    opener, _ = _browser()
    assert _post_back(opener, hub, _login_init(opener, hub, name)) == 200, hub["log"].read_text()[-3000:]
    return _user(hub, name)


def _role_log(hub) -> list[dict]:
    path = hub["role_log"]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _lecturer_tools_disabled(hub, name: str) -> bool:
    """Whether JupyterLab in ``name``'s own server hides every lecturer tool (Formgrader and the rest)."""
    sys.path.insert(0, str(TESTS / "course"))
    from test_jupyterhub import _lab_page_config

    from ketenles.labsetup.lab_tools import LECTURER_PLUGINS

    server = hub["server"]
    server.spawn(name)
    server.wait_ready(name)
    names = _lab_page_config(server, name)["disabledExtensions"]
    disabled = {n for n, off in names.items() if off} if isinstance(names, dict) else set(names)
    assert "@jupyter/nbgrader:assignment-list" not in disabled  # both fetch and submit
    if set(LECTURER_PLUGINS) <= disabled:
        return True
    assert not disabled & set(LECTURER_PLUGINS), disabled
    return False


def test_an_lms_instructor_becomes_a_lecturer_with_the_formgrader_and_a_learner_does_not(hub):
    assert _launch(hub, "docent1", [INSTRUCTOR])["groups"] == ["docenten"]
    assert _launch(hub, "s1", [LEARNER])["groups"] == ["studenten"]
    assert not _lecturer_tools_disabled(hub, "docent1")
    assert _lecturer_tools_disabled(hub, "s1")
    granted = [e for e in _role_log(hub) if e["gebruiker"] == "docent1"]
    assert len(granted) == 1 and granted[0]["naar"] == "docent" and granted[0]["van"] is None
    assert granted[0]["lms_rollen"] == [INSTRUCTOR] and granted[0]["lms"] == hub["lms"].issuer
    assert granted[0]["wanneer"]
    assert not [e for e in _role_log(hub) if e["gebruiker"] == "s1"]


def test_a_later_launch_as_learner_ends_an_lms_lecturer_role_but_never_a_class_list_one(hub):
    assert _launch(hub, "ta1", [TEACHING_ASSISTANT])["groups"] == ["docenten"]
    assert _launch(hub, "ta1", [LEARNER])["groups"] == ["studenten"]
    assert [(e["van"], e["naar"]) for e in _role_log(hub) if e["gebruiker"] == "ta1"] == [
        (None, "docent"), ("docent", "student")]
    # An institution role says nothing about this course.
    institution = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"
    assert _launch(hub, "ta1", [institution, LEARNER])["groups"] == ["studenten"]
    assert _launch(hub, CLASS_LECTURER, [LEARNER])["groups"] == ["docenten"]


def test_a_forged_launch_claiming_instructor_is_refused(hub):
    opener, _ = _browser()
    fields = _login_init(opener, hub, "s3")
    # The real launch's nonce, so only the signature is wrong: signed with a key the LMS's JWKS lacks.
    nonce = jwt.decode(fields["id_token"], options={"verify_signature": False})["nonce"]
    fields["id_token"] = hub["lms"].id_token("s3", [INSTRUCTOR], nonce, key=new_key())
    assert _post_back(opener, hub, fields) >= 400
    assert _user(hub, "s3") == 404
    assert not [e for e in _role_log(hub) if e["gebruiker"] == "s3"]


def test_a_forged_launch_does_not_log_in(hub):
    opener, _ = _browser()
    fields = _login_init(opener, hub, "s2")
    fields["id_token"] = hub["lms"].id_token("s2", [LEARNER], "n", key=new_key())
    assert _post_back(opener, hub, fields) >= 400
    assert _user(hub, "s2") == 404
