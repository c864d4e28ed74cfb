"""Answer capture: only plain data crosses from the student's kernel to the checks."""

from __future__ import annotations

import json

import numpy as np
import pytest
from IPython.core.interactiveshell import InteractiveShell

from ketenles.grading.checks import AnswerIncorrect, check_type
from ketenles.grading.sandbox.answers import (
    CAPTURE_MIME,
    Unsupported,
    answer_names,
    bound_names,
    capture_source,
    decode,
)
from ketenles.grading.sandbox.checker import check_all


def _capture(namespace: dict, names: list[str]) -> dict:
    """Run the capture cell as a kernel would, with ``namespace`` as the user's variables."""
    shell = InteractiveShell.instance()
    published = []
    shell.display_pub.publish = lambda data, metadata=None, **kw: published.append(data)
    shell.user_ns.update(namespace)
    try:
        shell.run_cell(capture_source(names))
    finally:
        for name in namespace:
            shell.user_ns.pop(name, None)
    return json.loads(json.dumps(published[-1][CAPTURE_MIME]))  # as it travels: JSON


def test_plain_values_keep_their_exact_types():
    values = {"a": 4, "b": 2.5, "c": "b", "d": ["x", ("y", 1)], "e": {"k": {1, 2}}, "f": None, "g": True,
              "h": np.float64(3.25), "i": np.int64(7), "j": np.array([1.0, 2.0]), "k": float("nan")}
    got, missing = decode(_capture(values, [*values, "ontbreekt"]))
    assert missing == ["ontbreekt"]
    for name in "abcdefg":
        assert got[name] == values[name] and type(got[name]) is type(values[name])
    assert type(got["d"][1]) is tuple
    assert type(got["h"]) is np.float64 and type(got["i"]) is np.int64
    assert np.array_equal(got["j"], values["j"]) and got["k"] != got["k"]


def test_objects_with_their_own_behaviour_arrive_as_unsupported():
    class Antwoord(int):
        def __eq__(self, other):
            raise ValueError(f"verwacht: {other!r}")

    class Tekst(str):
        pass

    got, _ = decode(_capture({"x": Antwoord(4), "y": Tekst("b"), "z": [Antwoord(1)]}, ["x", "y", "z"]))
    assert isinstance(got["x"], Unsupported) and isinstance(got["y"], Unsupported)
    assert isinstance(got["z"][0], Unsupported)
    with pytest.raises(AnswerIncorrect, match="geheel getal"):
        check_type("x", got["x"], int)


@pytest.mark.parametrize("payload", [
    {"values": {"x": {"numpy": "__class__", "value": 1}}},
    {"values": {"x": {"ndarray": "object", "items": {"list": []}}}},
    {"values": {"x": {"list": [{"dict": 5}]}}},
    {"values": {"x": {"int": "9" * 5000}}},
    {"values": {"x": {"eval": "__import__('os')"}}},
    {"values": {"x": {"set": [{"list": []}]}}},
])
def test_forged_payloads_decode_to_unsupported(payload):
    got, _ = decode(payload)
    assert isinstance(got["x"], Unsupported)


def test_nonsense_payloads_give_no_answers():
    assert decode("tekst") == ({}, [])
    one = {"int": "1"}
    assert decode({"values": {"not an identifier": one, "ok": one}, "missing": [3, "y"]}) == ({"ok": 1}, ["y"])
    assert isinstance(decode({"values": {"x": 1}})[0]["x"], Unsupported)  # an untagged number is not the format
    deep = "x"
    for _ in range(100):
        deep = {"list": [deep]}
    assert isinstance(decode({"values": {"x": deep}})[0]["x"], Unsupported)


def test_names_a_test_reads_from_the_student():
    context = bound_names("import ketenles\nfrom ketenles.grading import checks\nsuwi = ketenles.load_case('x')")
    assert context == {"ketenles", "checks", "suwi"}
    test = "checks.check_type('a', a, int)\nfor n, w in [('b', b)]:\n    print(len(w))\n_ref = min(s for s in c)"
    # Loop and comprehension names are listed too; the test overwrites them before it reads them.
    assert set(answer_names(test, context)) == {"a", "b", "c", "w", "s"}


def test_checks_run_on_values_alone_with_the_hidden_part_kept_quiet():
    context = [{"source": "from ketenles.grading import checks"},
               {"grade_id": "t1", "source": "checks.check_type('x', x, int)\n### BEGIN HIDDEN TESTS\n"
                                            "assert x == 7\n### END HIDDEN TESTS"},
               {"grade_id": "t2", "source": "checks.check_type('y', y, int)"}]
    results = check_all(context, {"t1": {"values": {"x": {"int": "3"}}}, "t2": {"values": {}, "missing": ["y"]}})
    (error,) = results["t1"]
    assert error["ename"] == "AssertionError" and "7" not in json.dumps(error)
    assert results["t2"][0]["ename"] == "NameError"


def test_sandbox_hides_the_bundled_source_assignments_of_an_installed_package(tmp_path, monkeypatch):
    import shutil
    import subprocess

    from ketenles.grading.sandbox import bubblewrap as sandbox

    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap is not installed (README prerequisite)")
    package = tmp_path / "ketenles"
    (package / "bundled" / "assignments").mkdir(parents=True)
    (package / "bundled" / "assignments" / "geheim.txt").write_text("uitwerking", encoding="utf-8")
    monkeypatch.setattr(sandbox, "_package", lambda: package)
    work, io_dir = tmp_path / "work", tmp_path / "io"
    work.mkdir()
    io_dir.mkdir()
    command = sandbox.bwrap_command(work, io_dir, ["/usr/bin/ls", "-A", str(package / "bundled"), str(package)])
    proc = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "bundled" in proc.stdout and "assignments" not in proc.stdout and "geheim" not in proc.stdout


def test_a_genuine_array_answer_survives_the_runners_sorted_keys():
    """The runner writes the executed notebook with sorted keys; an array must still arrive as an array."""
    payload = _capture({"a": np.array([[1, 2], [3, 4]]), "s": np.float32(0.5), "t": np.array(["ab", "c"])},
                       ["a", "s", "t"])
    resorted = json.loads(json.dumps(payload, sort_keys=True))
    got, _ = decode(resorted)
    assert type(got["a"]) is np.ndarray and got["a"].tolist() == [[1, 2], [3, 4]]
    assert type(got["s"]) is np.float32 and got["s"] == np.float32(0.5)
    assert got["t"].tolist() == ["ab", "c"]


@pytest.mark.parametrize("value", [
    {"ndarray": "U1000000000", "items": {"list": ["a"] * 50}},  # 4 GB an element
    {"items": {"list": [{"int": "1"}] * 10}, "ndarray": "V100000000"},
    {"ndarray": "float64", "items": {"list": [None] * 150_000}},  # over MAX_ITEMS, under the payload limit
    {"numpy": "__class__", "value": 4},
])
def test_a_forged_answer_whose_decoded_form_is_huge_arrives_as_unreadable(value):
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    got, _ = decode({"values": {"x": value}, "missing": []})
    assert isinstance(got["x"], Unsupported)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KB: no big allocation


def test_grading_kernels_start_without_the_debugger(tmp_path):
    import shutil
    import subprocess
    import sys

    from ketenles.grading.sandbox import bubblewrap as sandbox

    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap is not installed (README prerequisite)")
    probe = [sys.executable, "-I", "-c", "from ipykernel.debugger import _is_debugpy_available as a; print(a)"]
    outside = subprocess.run(probe, capture_output=True, text=True, timeout=60)
    assert outside.stdout.strip() == "True"  # the environment has it: the sandbox is what hides it
    work, io_dir = tmp_path / "work", tmp_path / "io"
    work.mkdir()
    io_dir.mkdir()
    inside = subprocess.run(sandbox.bwrap_command(work, io_dir, probe), env=sandbox.sandbox_env(),
                            capture_output=True, text=True, timeout=60)
    assert inside.returncode == 0, inside.stderr
    assert inside.stdout.strip() == "False"
