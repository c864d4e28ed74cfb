"""A simulated LMS (an LTI 1.3 platform with Assignment and Grade Services) on 127.0.0.1.

A real HTTP server in a thread, with its own RSA key: a JWKS endpoint, the OIDC
authorization endpoint of the LTI launch (it answers with the auto-submitting
form a browser would post to the tool, holding the signed id_token), an OAuth 2
token endpoint that checks the tool's signed client assertion against the tool's
registered public key, and the AGS line item and score endpoints, which require
that token. It keeps what the tool sent so a test can compare it with the grades.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
TEACHING_ASSISTANT = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def public_jwk(key, kid: str) -> dict:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


class SimulatedLms:
    def __init__(self, client_id: str, tool_public_key, redirect_uri: str, deployment_id: str = "dep-1"):
        self.key = new_key()
        self.kid = "lms-key-1"
        self.client_id = client_id
        self.tool_public_key = tool_public_key
        self.redirect_uri = redirect_uri
        self.deployment_id = deployment_id
        self.line_items: list[dict] = []
        self.roles: dict[str, list[str]] = {}  # login hint -> the roles its next launch carries
        self.scores: dict[str, list[dict]] = {}  # line item id -> scores posted
        self.tokens: set[str] = set()
        self.token_requests = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.issuer = self.base
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def lineitems_url(self) -> str:
        return f"{self.base}/courses/7/lineitems"

    def id_token(self, sub: str, roles: list[str], nonce: str, key=None, lifetime: int = 300, **extra) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": self.client_id, "sub": sub, "nonce": nonce, "iat": now, "exp": now + lifetime,
            "email": f"{sub}@student.example.nl",
            LTI + "message_type": "LtiResourceLinkRequest", LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id, LTI + "roles": roles,
            LTI + "resource_link": {"id": "ketenles-link"}, LTI + "target_link_uri": self.redirect_uri,
            LTI + "context": {"id": "7", "label": "KETEN", "title": "Ketensamenwerking"},
            AGS: {"lineitems": self.lineitems_url, "scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                                                             "https://purl.imsglobal.org/spec/lti-ags/scope/score"]},
            **extra,
        }
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def _handler(self):
        lms = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body, content_type: str = "application/json"):
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self) -> bool:
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if token not in lms.tokens:
                    self._send(401, {"error": "invalid_token"})
                    return False
                return True

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length", 0)))

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                if url.path == "/jwks":
                    return self._send(200, {"keys": [public_jwk(lms.key, lms.kid)]})
                if url.path == "/auth":
                    return self._authorize(dict(urllib.parse.parse_qsl(url.query)))
                if url.path == "/courses/7/lineitems":
                    if self._authorised():
                        self._send(200, lms.line_items, "application/vnd.ims.lis.v2.lineitemcontainer+json")
                    return None
                return self._send(404, {"error": "not found"})

            def _authorize(self, args: dict):
                # The OIDC step of the launch: only the registered tool and its redirect URI.
                if args.get("client_id") != lms.client_id or args.get("redirect_uri") != lms.redirect_uri:
                    return self._send(400, {"error": "invalid_client"})
                if args.get("response_type") != "id_token" or "openid" not in args.get("scope", ""):
                    return self._send(400, {"error": "invalid_request"})
                default = [INSTRUCTOR] if args.get("login_hint", "").startswith("docent") else [LEARNER]
                roles = lms.roles.get(args.get("login_hint", ""), default)
                token = lms.id_token(args["login_hint"], roles, args.get("nonce", ""))
                form = (f'<form method="post" action="{html.escape(lms.redirect_uri)}">'
                        f'<input type="hidden" name="id_token" value="{token}">'
                        f'<input type="hidden" name="state" value="{html.escape(args.get("state", ""))}">'
                        "</form><script>document.forms[0].submit()</script>")
                return self._send(200, form, "text/html")

            def do_POST(self):
                url = urllib.parse.urlsplit(self.path)
                if url.path == "/token":
                    return self._token(dict(urllib.parse.parse_qsl(self._body().decode())))
                if url.path == "/courses/7/lineitems":
                    if not self._authorised():
                        return None
                    item = json.loads(self._body())
                    item["id"] = f"{lms.lineitems_url}/{len(lms.line_items) + 1}"
                    lms.line_items.append(item)
                    return self._send(201, item, "application/vnd.ims.lis.v2.lineitem+json")
                match = re.fullmatch(r"/courses/7/lineitems/(\d+)/scores", url.path)
                if match:
                    if not self._authorised():
                        return None
                    if self.headers.get("Content-Type") != "application/vnd.ims.lis.v1.score+json":
                        return self._send(415, {"error": "score media type expected"})
                    score = json.loads(self._body())
                    if not {"userId", "scoreGiven", "scoreMaximum", "activityProgress", "gradingProgress",
                            "timestamp"} <= set(score):
                        return self._send(400, {"error": "incomplete score"})
                    lms.scores.setdefault(f"{lms.lineitems_url}/{match.group(1)}", []).append(score)
                    return self._send(204, "")
                return self._send(404, {"error": "not found"})

            def _token(self, form: dict):
                lms.token_requests += 1
                try:
                    claims = jwt.decode(form.get("client_assertion", ""), lms.tool_public_key, algorithms=["RS256"],
                                        audience=f"{lms.base}/token", issuer=lms.client_id)
                except jwt.PyJWTError as error:
                    return self._send(401, {"error": "invalid_client", "error_description": str(error)})
                if (form.get("grant_type") != "client_credentials" or claims.get("sub") != lms.client_id
                        or "lti-ags/scope/score" not in form.get("scope", "")):
                    return self._send(400, {"error": "invalid_request"})
                token = secrets.token_hex(16)
                lms.tokens.add(token)
                return self._send(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600,
                                        "scope": form["scope"]})

        return Handler
