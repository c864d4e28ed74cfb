"""Grades back to the LMS (Brightspace, Canvas) through LTI Advantage, and LMS roles (issue 22).

**Login** is jupyterhub-ltiauthenticator's LTI 1.3 launch (course/deployment/README.md,
"Inloggen via de leeromgeving"); lti_roles.py maps the launch's LTI roles to the
course's roles at every login, so the hub knows lecturers from students.

**Grade return** uses the LTI Advantage Assignment and Grade Services (AGS): the
tool (this course) gets an access token from the platform with a JWT signed by its
own RSA key (OAuth 2 client credentials, ``private_key_jwt``), makes one line item
per assignment and one for the course grade (maximum 10), and posts every student's
grade as a score. The grades are the export's: the 1-10 part grade with the
course's written minimum and late rule, and the course grade (course_grade.py).
A student whose work is not completely graded gets no score and is named.

The LMS's settings are in ``lms.yaml`` in the course folder::

    issuer: https://brightspace.example.nl           # the platform's issuer
    client_id: 1234abcd                              # given when the tool was registered
    token_url: https://auth.brightspace.com/core/connect/token
    lineitems: https://.../lineitems                 # the course's AGS endpoint (see README)
    private_key: ~/.ketenles/lti-private.pem         # the tool's key (its public half is registered)
    key_id: ketenles-1

Each student's LMS user id is nbgrader's ``lms_user_id`` of the student, or the
``lms_id`` column of the ``--studentnummers`` CSV.
"""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ketenles.errors import KetenlesError
from ketenles.grading.gradebook.lti_roles import role_of  # noqa: F401 - the roles live there (hub side)
from ketenles.i18n import msg

SCOPES = ("https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
          "https://purl.imsglobal.org/spec/lti-ags/scope/score")
LINEITEM_CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json"
LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
SCORE = "application/vnd.ims.lis.v1.score+json"
COURSE_ITEM = "ketenles-eindcijfer"


@dataclass(frozen=True)
class Platform:
    issuer: str
    client_id: str
    token_url: str
    lineitems: str
    private_key: str  # PEM text
    key_id: str = "ketenles"


def load_platform(path: str | Path) -> Platform:
    import yaml

    source = Path(path).expanduser()
    if not source.is_file():
        raise KetenlesError(msg("grading_workflow.lti.missing", path=source))
    data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    needed = ("issuer", "client_id", "token_url", "lineitems", "private_key")
    missing = [key for key in needed if not data.get(key)]
    if missing:
        raise KetenlesError(msg("grading_workflow.lti.incomplete", path=source, keys=", ".join(missing)))
    key_file = Path(str(data["private_key"])).expanduser()
    if not key_file.is_absolute():
        key_file = source.parent / key_file
    if not key_file.is_file():
        raise KetenlesError(msg("grading_workflow.lti.no_key", path=key_file))
    return Platform(str(data["issuer"]), str(data["client_id"]), str(data["token_url"]), str(data["lineitems"]),
                    key_file.read_text(encoding="utf-8"), str(data.get("key_id", "ketenles")))


class AgsClient:
    """The few AGS calls the grade return needs, over plain HTTPS (urllib)."""

    def __init__(self, platform: Platform, timeout: float = 30):
        self.platform = platform
        self.timeout = timeout
        self._token: str | None = None

    def _assertion(self) -> str:
        import jwt

        now = int(time.time())
        claims = {"iss": self.platform.client_id, "sub": self.platform.client_id, "aud": self.platform.token_url,
                  "iat": now, "exp": now + 300, "jti": uuid.uuid4().hex}
        return jwt.encode(claims, self.platform.private_key, algorithm="RS256",
                          headers={"kid": self.platform.key_id})

    def token(self) -> str:
        if self._token is None:
            body = urllib.parse.urlencode({
                "grant_type": "client_credentials",
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": self._assertion(), "scope": " ".join(SCOPES)}).encode()
            answer = self._call("POST", self.platform.token_url, body, "application/x-www-form-urlencoded",
                                authorised=False)
            self._token = answer["access_token"]
        return self._token

    def _call(self, method: str, url: str, body: bytes | None = None, content_type: str | None = None,
              accept: str = "application/json", authorised: bool = True):
        headers = {"Accept": accept}
        if content_type:
            headers["Content-Type"] = content_type
        if authorised:
            headers["Authorization"] = f"Bearer {self.token()}"
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            raise KetenlesError(msg("grading_workflow.lti.refused", url=url, status=error.code,
                                    reason=error.read().decode("utf-8", "replace")[:300])) from None
        except OSError as error:
            raise KetenlesError(msg("grading_workflow.lti.unreachable", url=url, reason=error)) from None
        return json.loads(text) if text.strip() else {}

    def line_items(self) -> list[dict]:
        return self._call("GET", self.platform.lineitems, accept=LINEITEM_CONTAINER)

    def line_item(self, resource_id: str, label: str, maximum: float = 10) -> dict:
        """The line item with this ``resourceId``, made when the LMS does not have it yet."""
        for item in self.line_items():
            if item.get("resourceId") == resource_id:
                return item
        body = json.dumps({"label": label, "scoreMaximum": maximum, "resourceId": resource_id,
                           "tag": "ketenles"}).encode()
        return self._call("POST", self.platform.lineitems, body, LINEITEM, accept=LINEITEM)

    def post_score(self, item: dict, user_id: str, score: float, maximum: float = 10, comment: str = "") -> None:
        url = item["id"].split("?", 1)
        scores = url[0].rstrip("/") + "/scores" + (f"?{url[1]}" if len(url) > 1 else "")
        body = {"userId": user_id, "scoreGiven": score, "scoreMaximum": maximum,
                "activityProgress": "Completed", "gradingProgress": "FullyGraded",
                "timestamp": datetime.now(timezone.utc).isoformat(timespec="milliseconds")}
        if comment:
            body["comment"] = comment
        self._call("POST", scores, json.dumps(body).encode(), SCORE)


@dataclass
class ReturnReport:
    posted: int = 0
    skipped: list[str] = None  # Dutch lines: who got no score and why

    def __post_init__(self):
        self.skipped = self.skipped or []


def return_grades(course: str | Path, platform: Platform, rules, lms_ids: dict[str, str] | None = None,
                  client: AgsClient | None = None) -> ReturnReport:
    """Post every part grade and the course grade to the LMS; return what was posted and skipped."""
    from ketenles.grading.gradebook.course_grade import course_grades

    client = client or AgsClient(platform)
    report = ReturnReport()
    grades = course_grades(course, rules)
    items = {part: client.line_item(f"ketenles-{part}", part) for part in rules.weights}
    items[COURSE_ITEM] = client.line_item(COURSE_ITEM, msg("grading_workflow.lti.course_item"))
    for grade in grades:
        user = (lms_ids or {}).get(grade.student) or grade.lms_user_id
        if not user:
            report.skipped.append(msg("grading_workflow.lti.no_lms_id", student=grade.student))
            continue
        for part, result in grade.parts.items():
            if result.graded:
                client.post_score(items[part], user, result.grade, comment=" ".join(result.notes))
                report.posted += 1
        if grade.grade is None:
            report.skipped.append(msg("grading_workflow.lti.no_course_grade", student=grade.student))
        else:
            client.post_score(items[COURSE_ITEM], user, grade.grade, comment=" ".join(grade.reasons))
            report.posted += 1
    return report
