"""Students who try to game autograde gain nothing, learn nothing secret, leave nothing behind.

One course, one `ketenles autograde --workers 2` run over an adversarial class
(tests/attack_class.py: 31 attacks, 10 of them on the grading machine itself)
and four honest students. For every attack: the exact score its answers deserve
(or, for a submission that breaks the sandbox's limits or kills its own runner,
a report by name with a Dutch reason), no secret line in its feedback or in the
outputs of its autograded notebook, no process left afterwards, and the grading
machine's shared memory back where it was. The peak memory of the grading
processes (and of the in-memory folders) during the run is measured and
printed. A control run shows that plain `nbgrader autograde` falls for several
of the same attacks, so these tests can fail.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import threading
import time
from pathlib import Path

import psutil
import pytest
from attack_class import (
    CANARY,
    TESTS,
    attacks,
    feedback_text,
    leftover_processes,
    notebook,
    output_text,
    place_extra_files,
)
from grading_class import ASSIGNMENT, POINTS, SOURCE, answered, make_course, scores, submit
from nbgrader_sim import secret_lines

import ketenles
from ketenles.cli import main

pytestmark = pytest.mark.slow

HONEST = ("complete", "partial", "wrong", "empty")
ATTACK_NAMES = [a.name for a in attacks("", 0)]
LIMITS = """
c.ExecutePreprocessor.timeout = 10
c.SandboxedExecute.memory_mb = 1024
c.SandboxedExecute.cpu_seconds = 15
c.SandboxedExecute.max_processes = 32
c.SandboxedExecute.max_outputs = 1000
c.SandboxedExecute.max_output_bytes = 500_000
c.SandboxedExecute.wall_seconds = 120
c.SandboxedExecute.tmp_mb = 64
c.SandboxedExecute.disk_mb = 128
c.SandboxedExecute.check_memory_mb = 512
"""
PLAIN_NBGRADER = """
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute", "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor", "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades", "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata"]
"""


class Listener:
    """A TCP server on 127.0.0.1 that records whether anyone connected."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stop.set()
        self.thread.join()
        self.sock.close()


def meminfo() -> dict[str, int]:
    """/proc/meminfo in MB."""
    values = {}
    for line in Path("/proc/meminfo").read_text().splitlines():
        name, rest = line.split(":", 1)
        values[name] = int(rest.split()[0]) // 1024
    return values


class MemorySampler:
    """Peak memory of this process and all its descendants (the grading processes), and of tmpfs."""

    def __init__(self):
        self.peak_rss = 0
        self.peak_shmem_rise = 0
        self.shmem_before = meminfo()["Shmem"]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self):
        me = psutil.Process()
        while not self.stop.wait(0.2):
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            self.peak_rss = max(self.peak_rss, total)
            self.peak_shmem_rise = max(self.peak_shmem_rise, meminfo()["Shmem"] - self.shmem_before)

    def close(self):
        self.stop.set()
        self.thread.join()


def build_class(course, listener_port: int):
    root = course.root
    (root / "docent-geheim.txt").write_text(f"{CANARY} wachtwoord van de docent\n", encoding="utf-8")
    students = {kind: None for kind in HONEST}
    the_attacks = {a.name: a for a in attacks(str(root), listener_port)}
    roster = root / "studenten.csv"
    names = [*HONEST, *the_attacks]
    roster.write_text("id,first_name,last_name,email\n" + "".join(
        f"{s},Geheimvoornaam{i},Achternaam{i},{s}-geheim@example.org\n" for i, s in enumerate(names)), encoding="utf-8")
    course.lecturer("db", "student", "import", str(roster))
    for kind in students:
        submit(course, kind, answered(course, kind))
    for attack in the_attacks.values():
        path = submit(course, attack.name, notebook(course, attack))
        place_extra_files(path.parent, attack)
    return the_attacks


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attacks")
    home = tmp / "docent-home"
    home.mkdir()
    (home / "notities.txt").write_text(f"{CANARY} privé\n", encoding="utf-8")
    checks_file = Path(ketenles.__file__).parent / "grading" / "checks.py"
    checks_hash = hashlib.sha256(checks_file.read_bytes()).hexdigest()
    listener = Listener()
    saved = {k: os.environ.get(k) for k in ("HOME", "KETENLES_GEHEIM")}
    os.environ.update(HOME=str(home), KETENLES_GEHEIM=CANARY)
    try:
        course = make_course(tmp / "class", LIMITS)
        the_attacks = build_class(course, listener.port)
        cwd = os.getcwd()
        os.chdir(course.root)
        try:
            from contextlib import redirect_stderr, redirect_stdout
            from io import StringIO

            out, err = StringIO(), StringIO()
            sampler = MemorySampler()
            start = time.perf_counter()
            try:
                with redirect_stdout(out), redirect_stderr(err):
                    code = main(["autograde", ASSIGNMENT, "--workers", "2"])
            finally:
                sampler.close()
            seconds = time.perf_counter() - start
        finally:
            os.chdir(cwd)
        time.sleep(4)  # a process left behind would now try to change the gradebook
        left = leftover_processes()
        for proc in left:  # never leave them on a shared machine, but report them
            proc.kill()
        feedback = course.lecturer("generate_feedback", ASSIGNMENT, check=False)
        shmem_after = meminfo()["Shmem"]
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        listener.close()
    return {"course": course, "attacks": the_attacks, "code": code, "out": out.getvalue(), "err": err.getvalue(),
            "left": left, "feedback": feedback, "connections": listener.connections, "seconds": seconds,
            "checks_hash": checks_hash, "checks_file": checks_file, "peak_rss_mb": sampler.peak_rss >> 20,
            "peak_shmem_rise_mb": sampler.peak_shmem_rise, "shmem_rise_mb": shmem_after - sampler.shmem_before}


def _secrets(course_root: Path) -> list[str]:
    return [*secret_lines(SOURCE), CANARY, "Geheimvoornaam", "-geheim@example.org", "verwacht:",
            str(course_root), "BEGIN HIDDEN TESTS"]


def _own_source(course, student: str) -> str:
    """What the student wrote: cell sources and the targets of links they submitted."""
    import nbformat

    folder = course.root / "submitted" / student / ASSIGNMENT
    nb = nbformat.read(folder / f"{ASSIGNMENT}.ipynb", as_version=4)
    links = [os.readlink(p) for p in folder.rglob("*") if p.is_symlink()]
    return "\n".join([c.source for c in nb.cells] + links)


@pytest.mark.parametrize("name", ATTACK_NAMES)
def test_attack_gets_exactly_the_deserved_score(attacked, name):
    attack = attacked["attacks"][name]
    got = scores(attacked["course"].root / "gradebook.db")
    if attack.deserved is None:
        assert f"{name}: NIET nagekeken" in attacked["err"] + attacked["out"]
        assert all(got[(name, cell)][0] is None for cell in TESTS)
    else:
        assert tuple(got[(name, cell)][0] for cell in TESTS) == attack.deserved, name
    assert all(got[(name, cell)][1] is None for cell in (*TESTS, "q4_diagnose"))  # no manual score appeared


@pytest.mark.parametrize("name", ATTACK_NAMES)
def test_attack_leaks_nothing(attacked, name):
    course = attacked["course"]
    own = _own_source(course, name)
    secrets = [s for s in _secrets(course.root) if s not in own]
    texts = {}
    graded = course.root / "autograded" / name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    if graded.exists():
        texts["autograded"] = output_text(graded)
    page = course.root / "feedback" / name / ASSIGNMENT / f"{ASSIGNMENT}.html"
    if page.exists():
        texts["feedback"] = feedback_text(page)
    # Every other file released with the feedback, or kept next to the autograded notebook.
    for kind in ("feedback", "autograded"):
        for path in (course.root / kind / name).rglob("*"):
            if path.is_file() and path.suffix not in (".html", ".ipynb"):
                texts[f"{kind}/{path.name}"] = path.read_text(encoding="utf-8", errors="replace")
    assert texts or attacked["attacks"][name].deserved is None
    leaked = [(where, s) for where, text in texts.items() for s in secrets if s in text]
    assert leaked == []


def test_no_process_is_left_behind(attacked):
    assert attacked["left"] == []


def test_the_grading_machines_memory_is_back_and_was_bounded(attacked):
    """fill_shm and fill_tmp tried 4 GB each; the in-memory folders have 64 MB (course config in LIMITS)."""
    got = scores(attacked["course"].root / "gradebook.db")
    lines = [f"{name}: {tuple(got[(name, cell)][0] for cell in TESTS)}" for name in ATTACK_NAMES]
    print("\n".join(lines))
    print(f"peak RSS of the grading processes: {attacked['peak_rss_mb']} MB; peak rise of shared memory "
          f"(tmpfs): {attacked['peak_shmem_rise_mb']} MB; after the run: {attacked['shmem_rise_mb']} MB; "
          f"run: {attacked['seconds']:.0f} s")
    # Shared memory is the whole machine's (other programs use it too): the margins allow for them,
    # an unbounded tmpfs would be gigabytes.
    assert attacked["shmem_rise_mb"] < 200
    # Two workers, each a sandbox with 2 x 64 MB of tmpfs and a 128 MB home folder, and a spare.
    assert attacked["peak_shmem_rise_mb"] < 2 * (2 * 64 + 128) + 300
    assert attacked["peak_rss_mb"] < 6000


def test_honest_students_are_graded_exactly_as_before(attacked):
    got = scores(attacked["course"].root / "gradebook.db")
    for kind in HONEST:
        assert tuple(got[(kind, cell)][0] for cell in TESTS) == POINTS[kind], kind
        assert f"{kind}: nagekeken" in attacked["err"]


def test_limit_breakers_are_reported_by_name_in_dutch(attacked):
    text = attacked["err"] + attacked["out"]
    assert "cpu_burn: NIET nagekeken — de kernel heeft zijn limiet aan rekentijd" in text
    assert "signal_parent: NIET nagekeken" in text
    assert "big_output: nagekeken. (Let op: de uitvoer van het notebook was te groot en is ingekort.)" in text
    assert attacked["code"] == 1  # the lecturer is told that some were not graded
    page = attacked["course"].root / "feedback" / "big_output" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    assert page.stat().st_size < 2_000_000


def test_hidden_test_failure_shows_the_checks_own_dutch_message(attacked):
    page = attacked["course"].root / "feedback" / "evil_eq" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    text = feedback_text(page)
    assert "'factoren' moet een lijst zijn" in text
    assert "Traceback (most recent call last)" not in text and "----> " not in text


def test_gradebook_python_environment_and_network_are_untouched(attacked):
    from ketenles.grading.gradebook.integrity import check_gradebook

    report = check_gradebook(attacked["course"].root, ASSIGNMENT)
    assert report.ok
    assert hashlib.sha256(attacked["checks_file"].read_bytes()).hexdigest() == attacked["checks_hash"]
    import sysconfig

    assert not (Path(sysconfig.get_paths()["purelib"]) / "sitecustomize.py").exists()
    assert attacked["connections"] == 0


# --- control: plain nbgrader falls for these attacks ----------------------------------

def test_plain_nbgrader_falls_for_several_attacks(tmp_path):
    course = make_course(tmp_path / "plain", "c.ExecutePreprocessor.timeout = 10\n" + PLAIN_NBGRADER)
    root = course.root
    (root / "docent-geheim.txt").write_text(f"{CANARY} wachtwoord van de docent\n", encoding="utf-8")
    control = [a for a in attacks(str(root), 0) if a.in_control]
    for attack in control:
        path = submit(course, attack.name, notebook(course, attack))
        place_extra_files(path.parent, attack)
    course.lecturer("autograde", ASSIGNMENT, check=False)
    got = scores(root / "gradebook.db")
    gamed = set()
    for attack in control:
        points = tuple(got.get((attack.name, cell), (None,))[0] for cell in TESTS)
        if attack.deserved is not None and sum(p or 0 for p in points) > sum(attack.deserved):
            gamed.add(attack.name)
        graded = root / "autograded" / attack.name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        if graded.exists():
            text = output_text(graded)
            # Besides the notebook, files nbgrader copied into autograded/ (and so into feedback/).
            text += "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in graded.parent.rglob("*")
                              if p.is_file() and p.suffix != ".ipynb")
            if any(s in text for s in (CANARY, "verwacht:", "BEGIN HIDDEN TESTS")):
                gamed.add(attack.name)
    print("plain nbgrader fell for:", sorted(gamed))
    # nbgrader 0.9.6 itself resists a patched showtraceback (its fix of PR 1324), not the others.
    assert len(gamed) >= 3, gamed
    assert "patch_helpers" in gamed, gamed
    assert "hardlinks" in gamed, gamed  # a hard link's content reaches autograded/ and the feedback
