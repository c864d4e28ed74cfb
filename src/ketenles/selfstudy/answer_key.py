"""Right or wrong for self-learners, without the answer in their notebook.

A self-learner has no lecturer and no hidden tests, but wants to know whether an
answer is right. The self-learners' version of a *practice* assignment carries,
per graded question, a salted SHA-256 digest of each normalised model answer
(in the notebook's metadata, with the hint of the hidden test and the lesson
section to reread). The self-check normalises the student's value the same way
and compares digests: it can say "right" or "not yet, reread section X" and
never holds the answer itself.

A digest hides the answer from reading, not from guessing: a question with four
letters can be tried four times. That is fine for practice, and why an exam
(``kind: exam`` in ``assignments/<name>/selfstudy.yaml``) never gets digests.

The model answers come from the source's solution regions (plain literals, as
CONTRIBUTING.md asks); what the hidden tests compare is read from their
``checks.check_equal`` / ``checks.check_same_items`` calls.
"""

from __future__ import annotations

import ast
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ketenles.grading.course import DEFAULT_ASSIGNMENTS
from ketenles.grading.markers import DEFAULT as MARKERS

METADATA_KEY = "selfcheck_keys"  # nb.metadata.ketenles.selfcheck_keys
EQUAL, SAME_ITEMS = "equal", "same_items"
_CHECKS = {"check_equal": EQUAL, "check_same_items": SAME_ITEMS, "check_recorded": EQUAL}
RECORDED_KEY = "__recorded__"  # in the dump: the recorded predictions (ketenles.models.predictions)
_SOLUTION = MARKERS.solution_block
_HIDDEN = MARKERS.hidden_block


def settings(name: str, assignments: Path = DEFAULT_ASSIGNMENTS) -> dict:
    """``assignments/<name>/selfstudy.yaml`` (kind and lesson sections); an exam when in doubt."""
    import yaml

    path = Path(assignments) / name / "selfstudy.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    if isinstance(data, dict):
        return data
    if not Path(assignments).is_dir():
        # An install without sources (the hub image): the shipped student version tells.
        # Only a practice version carries the self-check's digests.
        return {"kind": "practice" if _shipped_student_version_has_keys(name) else "exam"}
    return {"kind": "exam"}


def _shipped_student_version_has_keys(name: str) -> bool:
    import nbformat

    from ketenles.content.bundle import course_path
    from ketenles.errors import ArgumentError

    try:
        path = course_path("notebooks") / "opdrachten" / name / f"{name}.ipynb"
    except ArgumentError:
        return False
    if not path.is_file():
        return False
    return bool(nbformat.read(path, as_version=4).metadata.get("ketenles", {}).get(METADATA_KEY))


def is_exam(name: str, assignments: Path = DEFAULT_ASSIGNMENTS) -> bool:
    """Whether ``name`` is an exam: no right/wrong verdicts and never a worked solution."""
    return settings(name, assignments).get("kind") != "practice"


def normalise(value: object, kind: str = EQUAL) -> object:
    """The form two answers are compared in: text trimmed and lower-case, lists element by element."""
    if isinstance(value, str):
        return value.strip().lower()
    if isinstance(value, (list, tuple)):
        items = [normalise(item) for item in value]
        return sorted(items, key=repr) if kind == SAME_ITEMS else items
    return value


def digest(salt: str, value: object, kind: str = EQUAL) -> str:
    text = json.dumps(normalise(value, kind), ensure_ascii=False, sort_keys=True, default=repr)
    return hashlib.sha256(f"{salt}\n{text}".encode()).hexdigest()


@dataclass(frozen=True)
class HiddenCheck:
    variable: str
    kind: str
    hint_key: str
    item: str | None = None  # a recorded prediction (check_recorded): judged on the recorded value


def _recorded_check(node: ast.Call) -> HiddenCheck:
    """``check_recorded(name, value, expected, hint, item=...)``: a list as expected compares items."""
    item = next((k.value.value for k in node.keywords if k.arg == "item" and isinstance(k.value, ast.Constant)), None)
    kind = SAME_ITEMS if isinstance(node.args[2], (ast.List, ast.Tuple)) else EQUAL
    return HiddenCheck(node.args[0].value, kind, node.args[3].value, item)


def hidden_checks(source: str) -> list[HiddenCheck]:
    """The equality checks in a test cell's hidden tests that a digest can stand for."""
    found = []
    for block in _HIDDEN.findall(source):
        for node in ast.walk(ast.parse(block)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in _CHECKS and len(node.args) >= 4
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[3], ast.Constant)):
                found.append(_recorded_check(node) if node.func.attr == "check_recorded" else
                             HiddenCheck(node.args[0].value, _CHECKS[node.func.attr], node.args[3].value))
    return found


def model_answers(nb) -> dict[str, object]:
    """``{variable: value}`` assigned as plain literals in the source's solution regions."""
    values = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for region in _SOLUTION.findall(cell.source):
            for node in ast.parse(region).body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    try:
                        values[node.targets[0].id] = ast.literal_eval(node.value)
                    except ValueError:
                        continue  # not a literal: no digest, the question keeps its format check
    return values


def build_keys(name: str, assignments: Path = DEFAULT_ASSIGNMENTS) -> dict[str, dict]:
    """``{test grade id: {answers, lesson, section}}`` for a practice assignment; ``{}`` for an exam."""
    import nbformat

    if is_exam(name, assignments):
        return {}
    sections = settings(name, assignments).get("sections", {})
    nb = nbformat.read(Path(assignments) / name / f"{name}.ipynb", as_version=4)
    models = model_answers(nb)
    keys = {}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        checks = hidden_checks(cell.source) if cell.cell_type == "code" else []
        if not grade_id or not checks or any(c.variable not in models for c in checks):
            continue
        answers = []
        for check in checks:
            salt = hashlib.sha256(f"ketenles:{name}:{grade_id}:{check.variable}".encode()).hexdigest()[:16]
            answers.append({"variable": check.variable, "kind": check.kind, "salt": salt,
                            "digest": digest(salt, models[check.variable], check.kind), "hint": check.hint_key,
                            **({"item": check.item} if check.item else {})})
        where = sections.get(grade_id)
        keys[grade_id] = {"answers": answers, **({"lesson": lesson_title(where["lesson"]), "section": where["section"]}
                                                 if where else {})}
    return keys


def lesson_title(lesson: str) -> str:
    """"Les 1 — Wat is een keten?": the title heading of lesson notebook ``lesson`` (its id)."""
    import nbformat

    from ketenles.content.bundle import course_path

    nb = nbformat.read(course_path("notebooks") / f"{lesson}.ipynb", as_version=4)
    first = next(c.source for c in nb.cells if c.cell_type == "markdown")
    return first.splitlines()[0].lstrip("# ").strip()


def keys_of(nb) -> dict[str, dict]:
    """The digests a self-learners' version carries (``{}`` for other notebooks)."""
    return dict(nb.metadata.get("ketenles", {}).get(METADATA_KEY, {}))


def wrong_hints(key: dict, values: dict[str, object]) -> list[str]:
    """Hint keys of the answers of one question that do not match their digest (``[]``: all right)."""
    return [a["hint"] for a in key["answers"]
            if a["variable"] not in values or digest(a["salt"], values[a["variable"]], a["kind"]) != a["digest"]]


# Printed by the cell the self-check appends to the copy it runs, then read back.
ANSWERS_MARKER = "KETENLES-ANTWOORDEN "


def dump_cell(variables: list[str], recorded: dict[str, str] | None = None) -> str:
    """Code that prints the student's values of ``variables`` as one JSON line.

    ``recorded`` (``{variable: item}``) adds, under :data:`RECORDED_KEY`, the
    predictions recorded for those items (None where nothing is recorded).
    """
    names = json.dumps(sorted(set(variables)))
    code = "import json as _k_json\n"
    values = f"{{_k: globals().get(_k) for _k in {names}}}"
    if recorded:
        code += "from ketenles.models.predictions import recorded_values as _k_recorded\n"
        values = f"{{**{values}, {RECORDED_KEY!r}: _k_recorded({dict(sorted(recorded.items()))!r})}}"
    return code + f"print({ANSWERS_MARKER!r} + _k_json.dumps({values}, default=repr))"


def read_dump(cell) -> dict[str, object]:
    for output in cell.get("outputs", []):
        for line in output.get("text", "").splitlines():
            if line.startswith(ANSWERS_MARKER):
                return json.loads(line[len(ANSWERS_MARKER):])
    return {}
