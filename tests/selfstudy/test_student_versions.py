"""Self-learners' student versions of the assignments: made by nbgrader, in step, without secrets.

The committed ``notebooks/opdrachten/<name>/<name>.ipynb`` must be exactly what
``scripts/make_student_versions.py`` makes from the source today, and must not
hold a solution, hidden test or model answer line of that source.
"""

from __future__ import annotations

import nbformat
import pytest
from nbgrader_sim import answer, hidden_test_lines, secret_lines, solution_lines, solutions
from paths import REPO

from ketenles.errors import ArgumentError
from ketenles.grading.course import assignment_names
from ketenles.selfstudy import solutions as worked
from ketenles.selfstudy.selfcheck import selfcheck
from ketenles.selfstudy.student_version import STUDENT_ROOT, generate, leaks

ASSIGNMENTS = assignment_names(REPO / "assignments")


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("opdrachten")
    generate(out)
    return out


def test_every_assignment_has_a_student_version_under_notebooks():
    assert {"ketenanalyse", "regie-advies", "vertrouwen"} <= set(ASSIGNMENTS)
    for name in ASSIGNMENTS:
        # Reachable from open-course.sh (serves notebooks/) and from Binder (serves the root).
        assert (STUDENT_ROOT / name / f"{name}.ipynb").is_file(), name
    assert STUDENT_ROOT == REPO / "notebooks" / "opdrachten"


@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_committed_student_version_is_what_the_script_makes_from_the_source(regenerated, name):
    committed = (STUDENT_ROOT / name / f"{name}.ipynb").read_text(encoding="utf-8")
    fresh = (regenerated / name / f"{name}.ipynb").read_text(encoding="utf-8")
    assert committed == fresh, f"run: python scripts/make_student_versions.py ({name} is out of step)"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_student_version_holds_no_solution_hidden_test_or_model_answer(name):
    source = REPO / "assignments" / name / f"{name}.ipynb"
    text = (STUDENT_ROOT / name / f"{name}.ipynb").read_text(encoding="utf-8")
    secrets = secret_lines(source)
    assert len(secrets) >= 5, "the source's secrets were not found: the test would prove nothing"
    assert leaks(text, secrets) == []
    # The markers themselves are in the source, so the comparison above can fail.
    assert leaks(source.read_text(encoding="utf-8"), secrets)


def test_leaks_finds_a_marker_and_a_solution_line():
    assert leaks("x\n### BEGIN HIDDEN TESTS\n", []) == ["BEGIN HIDDEN TESTS"]
    assert leaks("a = len(suwi.partners)", ["a = len(suwi.partners)"]) == ["a = len(suwi.partners)"]


@pytest.fixture
def own_copy(tmp_path):
    path = tmp_path / "ketenanalyse.ipynb"
    path.write_bytes((STUDENT_ROOT / "ketenanalyse" / "ketenanalyse.ipynb").read_bytes())
    return path


@pytest.mark.slow
def test_selfcheck_names_questions_as_the_student_sees_them(own_copy, capfd):
    model = solutions(REPO / "assignments" / "ketenanalyse" / "ketenanalyse.ipynb")
    answer(own_copy, {"q1_probleem": model["q1_probleem"], "q2_factoren": model["q2_factoren"],
                      "q3_lezing": "lezing_scan = 3"})
    result = selfcheck(own_copy)
    names = [q.question for q in result.questions]
    assert names == ["Vraag 1 — Het dominante ketenprobleem", "Vraag 2 — Welke succesfactor staat onder druk?",
                     "Vraag 3 — Wat zegt een ketenscan wel en niet?", "Vraag 4 — Jouw diagnose van de Suwi-keten"]
    assert [q.status for q in result.questions] == ["passed", "passed", "failed", "manual"]
    text = str(result)
    assert "opgeslagen" in text and "q1_probleem" not in text
    # The checking kernel's English start-up warnings reach neither the result nor stderr.
    captured = capfd.readouterr()
    assert "WARNING" not in captured.err + captured.out + text


def test_an_answer_run_but_not_saved_is_named():
    from ketenles.selfstudy.selfcheck import unsaved_answers

    nb = nbformat.read(STUDENT_ROOT / "ketenanalyse" / "ketenanalyse.ipynb", as_version=4)
    assert unsaved_answers(nb, ["", "import ketenles", 'dominant_probleem = "b"']) == ["dominant_probleem"]
    saved = next(c.source for c in nb.cells if "dominant_probleem = None" in c.source)
    assert unsaved_answers(nb, [saved]) == []


def test_worked_solution_is_refused_before_an_honest_try(own_copy):
    handout = worked.uitwerking("ketenanalyse", own_copy)
    assert handout.path is None and "Probeer eerst zelf" in str(handout)
    assert not (own_copy.parent / "uitwerking-ketenanalyse.ipynb").exists()
    with pytest.raises(ArgumentError, match="ketenanalyse, regie-advies, vertrouwen"):
        worked.uitwerking("onbekend", own_copy)


def test_worked_solution_after_trying_has_the_model_solutions_but_no_hidden_tests(own_copy):
    answer(own_copy, {"q1_probleem": 'dominant_probleem = "a"', "q2_factoren": "factoren = ['draagvlak_top']",
                      "q3_lezing": 'lezing_scan = "a"', "q4_diagnose": "Mijn diagnose."})
    handout = worked.uitwerking("ketenanalyse", own_copy)
    assert handout.path == own_copy.parent / "uitwerking-ketenanalyse.ipynb"
    text = handout.path.read_text(encoding="utf-8")
    shown = "\n".join(cell.source for cell in nbformat.reads(text, as_version=4).cells)
    source = REPO / "assignments" / "ketenanalyse" / "ketenanalyse.ipynb"
    # The source's note "replaced when handed out" is replaced by a note for self-learners.
    lines = [line for line in solution_lines(source) if not line.startswith("*Modelantwoord")]
    assert len(lines) >= 5
    assert [line for line in lines if line not in shown] == []
    assert [line for line in hidden_test_lines(source) if line in shown] == []
    assert "BEGIN SOLUTION" not in shown and "HIDDEN" not in shown


def test_a_lecturer_can_switch_worked_solutions_off(own_copy, monkeypatch):
    monkeypatch.setenv("KETENLES_UITWERKINGEN", "uit")
    handout = worked.uitwerking("ketenanalyse", own_copy, toch=True)
    assert handout.path is None and "uitgezet" in str(handout)
    assert not worked.available("ketenanalyse")
