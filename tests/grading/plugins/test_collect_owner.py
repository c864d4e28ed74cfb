"""Who submitted what, on one machine: collect refuses a submission under someone else's name.

The lecturer (here root) releases; anna fetches and submits. An impostor
account (``nobody``) then puts a newer, empty notebook in the exchange under
anna's name, as ``nbgrader submit --student anna`` from that account would.
``nbgrader collect --update`` keeps anna's own work and says so in Dutch; and
the course's own config makes nbgrader warn about nothing (issue 10: it used to
warn about ``CollectApp.check_owner`` and ``display_data_priority``).
The same refusal between real Unix accounts on a JupyterHub: test_jupyterhub.py.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil

import nbformat
import pytest
from grading_class import ASSIGNMENT, make_course
from nbgrader_sim import COURSE_ID, answer, run, solutions

pytestmark = pytest.mark.slow

# Warnings nbgrader or traitlets give about the project's own configuration.
CONFIG_WARNING = re.compile(r"Config option|Outdated config|check_owner|not recognized|cheating attempt", re.I)


@pytest.fixture(scope="module")
def exchange_class(tmp_path_factory):
    if os.geteuid() != 0:
        pytest.skip("giving a file to another account needs root")
    impostor = pwd.getpwnam("nobody")
    course = make_course(tmp_path_factory.mktemp("owner"))
    course.lecturer("release_assignment", ASSIGNMENT)
    folder = course.fetch("anna", ASSIGNMENT)
    answer(folder / f"{ASSIGNMENT}.ipynb", solutions(course.root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"))
    course.submit("anna", ASSIGNMENT)
    collect = course.lecturer("collect", ASSIGNMENT)
    course.lecturer("autograde", ASSIGNMENT)
    feedback = course.lecturer("generate_feedback", ASSIGNMENT)
    genuine = (course.root / "submitted" / "anna" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8")

    # The impostor submits an empty copy, later, under anna's name.
    empty = course.home("empty")
    course.fetch("empty", ASSIGNMENT)
    run(["nbgrader", "submit", ASSIGNMENT, "--course", COURSE_ID, "--student", "anna",
         f"--Exchange.root={course.exchange}"], cwd=empty, home=empty)
    inbound = course.exchange / COURSE_ID / "inbound"
    newest = max(inbound.glob(f"anna+{ASSIGNMENT}+*"), key=lambda p: p.name.split("+")[2])
    for path in [newest, *newest.rglob("*")]:
        os.chown(path, impostor.pw_uid, impostor.pw_gid)
    update = course.lecturer("collect", "--update", ASSIGNMENT)
    yield course, collect, feedback, update, genuine
    shutil.rmtree(course.exchange, ignore_errors=True)


def test_collect_and_feedback_give_no_warnings_about_our_config(exchange_class):
    _, collect, feedback, _, _ = exchange_class
    for step in (collect, feedback):
        assert not CONFIG_WARNING.search(step.stdout + step.stderr), step.stderr


def test_submission_under_another_name_is_refused_and_named(exchange_class):
    course, _, _, update, genuine = exchange_class
    log = update.stdout + update.stderr
    assert "Geweigerd" in log and "nobody" in log and "anna" in log
    submitted = course.root / "submitted" / "anna" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert submitted.read_text(encoding="utf-8") == genuine
    nb = nbformat.read(submitted, as_version=4)
    assert any("dominant_probleem" in c.source and "None" not in c.source for c in nb.cells)


def test_the_collecting_account_is_read_from_the_process_not_the_environment(monkeypatch):
    # A hub's spawner sets $USER to the hub user's name even when the server runs as
    # another account (trial mode: everyone is root); trusting $USER then refused
    # every submission of that hub (the lecturer "docent" never owns a file).
    from ketenles.grading.plugins.exchange import OwnerCheckedCollect, collecting_account

    monkeypatch.setenv("USER", "docent")
    monkeypatch.setenv("LOGNAME", "docent")
    me = pwd.getpwuid(os.geteuid()).pw_name
    assert collecting_account() == me
    assert OwnerCheckedCollect().trusted_owners == [me]
