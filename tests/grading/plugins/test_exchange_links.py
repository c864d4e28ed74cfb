"""Links and special files a student adds to their submission in the exchange reach nobody.

A student owns their folder in ``inbound/`` and can change it after submitting.
anna adds a link to the course's source notebook, a link to bob's submission, a
hard link to the source notebook and a FIFO. ``nbgrader collect`` with the
course's config copies only anna's own files and names each one it skipped;
autograde, feedback and anna's fetched feedback then hold nothing of the source
or of bob. Plain nbgrader's collect (control) copies the links' targets.
"""

from __future__ import annotations

import os
import shutil

import pytest
from attack_class import feedback_text, output_text
from grading_class import ASSIGNMENT, SOURCE, make_course
from nbgrader_sim import COURSE_ID, answer, run, secret_lines

pytestmark = pytest.mark.slow

PLANTED = ("bron.ipynb", "bob", "kopie.ipynb", "wachtrij")
PLAIN_COLLECT = "c.ExchangeFactory.collect = 'nbgrader.exchange.default.collect.ExchangeCollect'"
BOB_ANSWER = 'dominant_probleem = "c"  # antwoord-van-bob'


def _class(tmp, extra_config: str = "", fifo: bool = True):
    course = make_course(tmp, extra_config)
    course.lecturer("release_assignment", ASSIGNMENT)
    for student in ("anna", "bob"):
        folder = course.fetch(student, ASSIGNMENT)
        answers = {"q1_probleem": 'dominant_probleem = "a"' if student == "anna" else BOB_ANSWER}
        answer(folder / f"{ASSIGNMENT}.ipynb", answers)
        course.submit(student, ASSIGNMENT)
    inbound = course.exchange / COURSE_ID / "inbound"
    anna = next(inbound.glob(f"anna+{ASSIGNMENT}+*"))
    bob = next(inbound.glob(f"bob+{ASSIGNMENT}+*"))
    source = course.root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    (anna / "bron.ipynb").symlink_to(source)
    (anna / "bob").symlink_to(bob)
    os.link(source, anna / "kopie.ipynb")
    if fifo:
        os.mkfifo(anna / "wachtrij")
    return course


def _leaks(text: str) -> list[str]:
    return [s for s in [*secret_lines(SOURCE), "BEGIN HIDDEN TESTS", "antwoord-van-bob"] if s in text]


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    course = _class(tmp_path_factory.mktemp("links"))
    collect = course.lecturer("collect", ASSIGNMENT)
    course.lecturer("autograde", ASSIGNMENT, "--student", "anna")
    course.lecturer("generate_feedback", ASSIGNMENT, "--student", "anna")
    course.lecturer("release_feedback", ASSIGNMENT, "--student", "anna")
    home = course.home("anna")
    run(["nbgrader", "fetch_feedback", ASSIGNMENT, "--course", COURSE_ID, f"--Exchange.root={course.exchange}"],
        cwd=home, home=home)
    yield course, collect
    shutil.rmtree(course.exchange, ignore_errors=True)


def test_collect_copies_only_the_students_own_files(collected):
    course, _ = collected
    folder = course.root / "submitted" / "anna" / ASSIGNMENT
    names = sorted(p.name for p in folder.rglob("*"))
    assert not set(PLANTED) & set(names), names
    assert f"{ASSIGNMENT}.ipynb" in names
    assert not any(p.is_symlink() for p in folder.rglob("*"))


def test_collect_names_every_skipped_file(collected):
    _, collect = collected
    log = collect.stdout + collect.stderr
    skipped = [line for line in log.splitlines() if "Overgeslagen" in line]
    for name in PLANTED:
        assert any(f"/{name} (" in line for line in skipped), (name, skipped)


def test_nothing_of_the_source_or_another_student_reaches_autograded_or_feedback(collected):
    course, _ = collected
    texts = {}
    for where in (course.root / "autograded" / "anna", course.root / "feedback" / "anna",
                  course.home("anna") / ASSIGNMENT / "feedback"):
        for path in where.rglob("*"):
            if path.suffix == ".ipynb":  # the autograded notebook holds the tests: its outputs count
                texts[str(path)] = output_text(path)
            elif path.suffix == ".html":
                texts[str(path)] = feedback_text(path)
            elif path.is_file():
                texts[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    assert any(p.endswith(".html") and "feedback" in p and "homes" in p for p in texts), sorted(texts)
    assert {path: _leaks(text) for path, text in texts.items() if _leaks(text)} == {}


def test_plain_nbgrader_collect_copies_the_links_targets(tmp_path):
    """Control: nbgrader's own collect follows the links into submitted/ (no FIFO: it would fail on it)."""
    course = _class(tmp_path, PLAIN_COLLECT, fifo=False)
    course.lecturer("collect", ASSIGNMENT)
    folder = course.root / "submitted" / "anna" / ASSIGNMENT
    copied = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file())
    assert "BEGIN HIDDEN TESTS" in copied and "antwoord-van-bob" in copied
    shutil.rmtree(course.exchange, ignore_errors=True)
