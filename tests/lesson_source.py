"""Read a lesson notebook the way the lesson tests need it: code, folded text, quizzes, cases."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nbformat
from paths import REPO

import ketenles
from ketenles import lessons


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
