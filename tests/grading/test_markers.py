"""One module knows nbgrader's solution and hidden-test markers, and reads a course's own."""

from __future__ import annotations

import ast

from paths import REPO, SRC

from ketenles.grading.markers import DEFAULT, Markers, course_markers


def test_blocks_are_found_and_stripped_with_the_default_markers():
    source = "antwoord = None\n### BEGIN SOLUTION\nantwoord = 42\n### END SOLUTION\n"
    assert DEFAULT.solution_block.findall(source) == ["antwoord = 42\n"]
    hidden = "check(x)\n" + DEFAULT.block("hidden", "assert x == 7") + "\n"
    assert DEFAULT.hidden_block.sub("", hidden) == "check(x)\n"
    assert DEFAULT.found_in(hidden) == ["BEGIN HIDDEN TESTS", "END HIDDEN TESTS"]
    assert DEFAULT.found_in("x = 1") == []


def test_a_course_with_its_own_markers_is_read_from_its_config(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        "c.ClearSolutions.begin_solution_delimeter = 'BEGIN UITWERKING'\n"
        "c.ClearSolutions.end_solution_delimeter = 'END UITWERKING'\n"
        "c.ClearHiddenTests.begin_test_delimeter = 'BEGIN VERBORGEN'\n", encoding="utf-8")
    markers = course_markers(tmp_path)
    assert (markers.begin_solution, markers.end_solution) == ("BEGIN UITWERKING", "END UITWERKING")
    assert markers.begin_hidden == "BEGIN VERBORGEN" and markers.end_hidden == DEFAULT.end_hidden
    assert markers.solution_block.findall("x = None\n# BEGIN UITWERKING\nx = 1\n# END UITWERKING\n") == ["x = 1\n"]
    # The default words are not secrets in that course, its own words are.
    assert markers.found_in("# BEGIN VERBORGEN") == ["BEGIN VERBORGEN"]


def test_a_course_without_its_own_markers_uses_nbgraders_defaults(tmp_path):
    assert course_markers(tmp_path) == DEFAULT == Markers()
    assert course_markers(REPO / "course") == DEFAULT  # the shipped config keeps nbgrader's words


def _string_constants(path) -> list[str]:
    """The string literals of a file, without its docstrings (examples there are documentation)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_other_module_spells_the_markers_out():
    files = [*SRC.rglob("*.py"), *(REPO / "tools").rglob("*.py"), *(REPO / "scripts").glob("*.py")]
    spelling = [f"{path.relative_to(REPO)}: {text!r}" for path in files if path.name != "markers.py"
                for text in _string_constants(path) if DEFAULT.found_in(text)]
    assert spelling == []


def test_the_check_finds_a_marker_spelled_out(tmp_path):
    planted = tmp_path / "leaky.py"
    planted.write_text('"""Doc: ### BEGIN SOLUTION is fine here."""\nPATTERN = "### BEGIN HIDDEN TESTS"\n',
                       encoding="utf-8")
    assert _string_constants(planted) == ["### BEGIN HIDDEN TESTS"]
