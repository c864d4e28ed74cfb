"""The LTI 1.3 launch through a running JupyterHub with jupyterhub-ltiauthenticator (issue 22).

A hub on 127.0.0.1 with the LTI 1.3 authenticator configured for the simulated
LMS (tests/lms_sim.py): the browser's part of the launch is played with a cookie
jar. The LMS starts the OIDC login at the hub, the hub sends the browser to the
LMS's authorization endpoint, the LMS answers with the signed id_token, the
browser posts it back to the hub, and the hub logs the user in under the name in
the launch. A token signed with another key is refused by the hub.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from lms_sim import LEARNER, SimulatedLms, new_key
from paths import TESTS
from test_lti import CLIENT_ID

pytestmark = pytest.mark.slow


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    sys.path.insert(0, str(TESTS / "course"))  # the hub tests' proxy finder
    from test_jupyterhub import find_proxy

    tmp = tmp_path_factory.mktemp("ltihub")
    port, hub_port, api_port = _free_port(), _free_port(), _free_port()
    base = f"http://127.0.0.1:{port}"
    token = secrets.token_hex(16)
    with SimulatedLms(CLIENT_ID, new_key().public_key(), f"{base}/hub/lti13/oauth_callback") as lms:
        (tmp / "jupyterhub_config.py").write_text(f"""
c.JupyterHub.bind_url = {base!r}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{find_proxy()!r}]
c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
c.LTI13Authenticator.issuer = {lms.issuer!r}
c.LTI13Authenticator.authorize_url = {lms.base + "/auth"!r}
c.LTI13Authenticator.jwks_endpoint = {lms.base + "/jwks"!r}
c.LTI13Authenticator.client_id = [{CLIENT_ID!r}]
c.LTI13Authenticator.username_key = "sub"
c.LTI13Authenticator.uri_scheme = "http"
c.Authenticator.allow_all = True
c.JupyterHub.redirect_to_server = False
c.JupyterHub.services = [{{"name": "test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "test", "services": ["test"], "scopes": ["read:users"]}}]
""", encoding="utf-8")
        env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
        log = (tmp / "hub.log").open("w")
        process = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", "jupyterhub_config.py"],
                                   cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"{base}/hub/api/", timeout=10)
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError((tmp / "hub.log").read_text()[-3000:]) from None
                    time.sleep(0.5)
            yield {"base": base, "lms": lms, "token": token, "log": tmp / "hub.log"}
        finally:
            process.terminate()
            process.wait(timeout=60)
            log.close()


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


def test_a_forged_launch_does_not_log_in(hub):
    opener, _ = _browser()
    fields = _login_init(opener, hub, "s2")
    fields["id_token"] = hub["lms"].id_token("s2", [LEARNER], "n", key=new_key())
    assert _post_back(opener, hub, fields) >= 400
    assert _user(hub, "s2") == 404
