"""Read a lesson notebook the way the lesson tests need it: code, folded text, quizzes, cases."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

import nbformat
from paths import REPO

import ketenles
from ketenles import lessons


def _parsed(source: str) -> ast.Module:
    try:
        return ast.parse(source)
    except SyntaxError:  # a cell with IPython syntax (a magic): what parses, line by line
        tree = ast.Module(body=[], type_ignores=[])
        for line in source.splitlines():
            try:
                tree.body += ast.parse(line).body
            except SyntaxError:
                continue
        return tree


def calls_in(nb: nbformat.NotebookNode, name: str) -> list[ast.Call]:
    """Every call of ``name`` (``name(...)`` or ``x.name(...)``) in a notebook's code cells.

    Tests check what the code does (which function, which arguments) rather than
    its exact text, so a reformatted cell does not break them.
    """
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(_parsed(cell.source)):
            if isinstance(node, ast.Call):
                func = node.func
                if (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)) == name:
                    found.append(node)
    return found


@dataclass
class LessonSource:
    lesson_id: str
    nb: nbformat.NotebookNode = field(init=False)

    def __post_init__(self):
        self.nb = nbformat.read(REPO / "notebooks" / f"{self.lesson_id}.ipynb", as_version=4)
        self.code = "\n".join(c.source for c in self.nb.cells if c.cell_type == "code")
        self.markdown = "\n".join(c.source for c in self.nb.cells if c.cell_type == "markdown")
        # Line breaks folded, so a sentence can be found whatever the wrapping.
        self.text = " ".join(self.markdown.split())
        self.exercises = self.nb.metadata["ketenles"]["exercises"]
        self.quiz_file = REPO / "src" / "ketenles" / "content" / "data" / "quizzes" / f"{self.lesson_id}.yaml"

    def quiz_ids(self) -> list[str]:
        """The quizzes the lesson shows, in order."""
        return re.findall(rf'lessons\.quiz\("{self.lesson_id}", "([^"]+)"\)', self.code)

    def only(self, quiz_id: str):
        """The single question of a one-question quiz."""
        (question,) = lessons.quiz_questions(self.lesson_id, quiz_id)
        return question

    def section(self, heading: str) -> str:
        """The folded text of one '## heading' section."""
        start = self.text.index(f"## {heading}")
        end = self.text.find("## ", start + 3)
        return self.text[start:end if end > 0 else None]


def case_text(case) -> str:
    """Everything a case file says in prose (case or case id), line breaks folded."""
    if isinstance(case, str):
        case = ketenles.load_case(case)
    parts = [case.summary, case.shared_goal.text, case.dominant_chain_problem.text,
             case.governance.text, *(t.text for t in case.tensions),
             *(p.role for p in case.partners), *(f"{e.when} {e.text}" for e in case.timeline())]
    return " ".join(" ".join(parts).split())
