"""Exchange permissions between real Unix accounts: a student stays out of another's inbound and feedback.

Two accounts made with ``useradd`` (as tests/course/test_jupyterhub_accounts.py
does) stand for two students on a hub; the exchange is a shared folder with
mode 1777, as course/deployment/README.md says. nbgrader itself runs as root
here (this machine's Python lives where other accounts cannot run it), and each
submission is then given to its student's account, with the modes nbgrader's
submit set. What each student can do is tried as that student, with ``runuser``:
list ``inbound/`` or ``feedback/``, write into another student's submission
(to plant a link there), read another student's submission.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess

import pytest
from grading_class import ASSIGNMENT, make_course
from nbgrader_sim import COURSE_ID

pytestmark = pytest.mark.slow


def as_user(user: str, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", user, "--", *command], capture_output=True, text=True, timeout=60,
                          cwd="/")


@pytest.fixture(scope="module")
def exchange(tmp_path_factory):
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("real accounts need root and useradd")
    suffix = secrets.token_hex(3)
    users = {"a": f"xa{suffix}", "b": f"xb{suffix}"}
    made = []
    tmp = tmp_path_factory.mktemp("accounts")
    os.chmod(tmp, 0o755)
    try:
        for name in users.values():
            subprocess.run(["useradd", "-M", "-s", "/bin/sh", name], check=True, capture_output=True)
            made.append(name)
        course = make_course(tmp)
        for path in (tmp, course.exchange.parent):
            os.chmod(path, 0o755)
        os.chmod(course.exchange, 0o1777)
        course.lecturer("release_assignment", ASSIGNMENT)
        for account in users.values():
            course.fetch(account, ASSIGNMENT)
            course.submit(account, ASSIGNMENT)
            inbound = course.exchange / COURSE_ID / "inbound"
            folder = next(inbound.glob(f"{account}+{ASSIGNMENT}+*"))
            entry = pwd.getpwnam(account)
            for path in [folder, *folder.rglob("*")]:
                os.chown(path, entry.pw_uid, entry.pw_gid)
        course.lecturer("collect", ASSIGNMENT)
        for step in ("autograde", "generate_feedback", "release_feedback"):
            course.lecturer(step, ASSIGNMENT, "--student", users["a"])
        yield course, users
    finally:
        for name in made:
            subprocess.run(["userdel", "-f", name], capture_output=True)


def test_a_student_cannot_list_inbound_or_feedback(exchange):
    course, users = exchange
    for folder in ("inbound", "feedback"):
        listing = as_user(users["b"], "ls", str(course.exchange / COURSE_ID / folder))
        assert listing.returncode != 0 and "Permission denied" in listing.stderr, folder


def test_a_student_cannot_plant_anything_in_another_students_submission(exchange):
    course, users = exchange
    folder = next((course.exchange / COURSE_ID / "inbound").glob(f"{users['a']}+{ASSIGNMENT}+*"))
    link = as_user(users["b"], "ln", "-s", "/etc/passwd", str(folder / "plant"))
    write = as_user(users["b"], "sh", "-c", f"echo x > '{folder / ASSIGNMENT}.ipynb'")
    assert link.returncode != 0 and write.returncode != 0
    assert not (folder / "plant").exists()


def test_a_student_cannot_write_into_the_feedback_folder(exchange):
    course, users = exchange
    feedback = course.exchange / COURSE_ID / "feedback"
    pages = list(feedback.glob("*.html"))
    assert len(pages) == 1 and len(pages[0].stem) == 32  # named by a hash of the student's own secret
    plant = as_user(users["b"], "ln", "-s", str(pages[0]), str(feedback / ("0" * 32 + ".html")))
    overwrite = as_user(users["b"], "sh", "-c", f"echo x > '{pages[0]}'")
    assert plant.returncode != 0 and overwrite.returncode != 0
