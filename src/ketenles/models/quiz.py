"""Quiz questions whose feedback always explains why.

Five types: :class:`SingleChoice`, :class:`MultipleChoice`, :class:`Matching`,
:class:`Ordering` and :class:`Numeric`. A question checks its own definition when
it is made (a slip by the author raises a Dutch ``ArgumentError``) and grades a
student's answer with ``check(answer) -> Feedback``. An empty answer is not an
error: the feedback then asks the student to choose. Quizzes can also be written
in YAML, see :mod:`ketenles.models.quiz_yaml`.

>>> q = SingleChoice(
...     prompt="Wie noemde vertrouwen doorslaggevend?",
...     options={"froger": "John Froger", "winters": "Anneleen Winters"},
...     correct="froger",
...     explanations={"froger": "Ja, Froger zei dat letterlijk.",
...                   "winters": "Winters sprak over dilemma's van de publieke manager."})
>>> q.check("froger").correct, q.check("winters").score
(True, 0.0)
>>> q.check(None).status
'empty'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import NumberTextError, format_number, parse_number


@dataclass(frozen=True)
class Feedback:
    """The outcome of checking one answer; every field is a plain value.

    ``status`` is one of ``correct``, ``partial``, ``wrong``, ``empty`` (nothing
    chosen yet) or ``incomplete`` (an answer that cannot be graded yet, such as
    an ordering with an item twice).
    """

    correct: bool
    score: float
    messages: tuple[str, ...]
    status: str
    basis: str = ""  # how a partial score was counted, e.g. "4 van de 5 paren in de goede volgorde"

    @classmethod
    def graded(cls, score: float, messages: Iterable[str], basis: str = "") -> Feedback:
        score = min(1.0, max(0.0, float(score)))
        status = "correct" if score == 1.0 else "partial" if score > 0 else "wrong"
        return cls(score == 1.0, score, tuple(messages), status, basis if status == "partial" else "")

    @classmethod
    def not_graded(cls, status: str, messages: Iterable[str]) -> Feedback:
        return cls(False, 0.0, tuple(messages), status)

    @property
    def heading(self) -> str:
        """Words and a symbol, e.g. '✔ Goed': never a colour alone."""
        return msg(f"quiz.status.{self.status}")

    def text(self) -> str:
        return "\n".join(filter(None, [self.heading, self.basis, *self.messages]))

    def as_dict(self) -> dict:
        return {"correct": self.correct, "score": self.score, "messages": list(self.messages),
                "status": self.status, "basis": self.basis}


# -- validation helpers for question definitions ------------------------------
_SLUG = re.compile(r"[^a-z0-9]+")


def _text(argument: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ArgumentError(argument, value, msg("quiz.expect.text"))
    return value.strip()


def _key(argument: str, value: object) -> str:
    # YAML turns `1:` into an int key; both mean the same option.
    if isinstance(value, bool) or not isinstance(value, (str, int)) or str(value).strip() == "":
        raise ArgumentError(argument, value, msg("quiz.expect.key"))
    return str(value).strip()


def _labelled(argument: str, value: object, minimum: int) -> dict[str, str]:
    """Options or items: a mapping ``{key: text}`` or a list of texts (key = text)."""
    if isinstance(value, Mapping):
        pairs = [(_key(argument, k), _text(f"{argument}['{k}']", v)) for k, v in value.items()]
    elif isinstance(value, Sequence) and not isinstance(value, str):
        pairs = [(t, t) for t in (_text(f"{argument}[{i}]", v) for i, v in enumerate(value))]
    else:
        raise ArgumentError(argument, value, msg("quiz.expect.options", minimum=minimum))
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ArgumentError(argument, value, msg("quiz.expect.unique_keys"))
    if len(result) < minimum:
        raise ArgumentError(argument, value, msg("quiz.expect.options", minimum=minimum))
    texts = list(result.values())
    if len(set(texts)) != len(texts):
        raise ArgumentError(argument, value, msg("quiz.expect.unique_texts"))
    return result


def _member(argument: str, value: object, labelled: Mapping[str, str]) -> str:
    """A key of ``labelled``, given as key or as its text."""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        text = str(value).strip()
        if text in labelled:
            return text
        for key, label in labelled.items():
            if label == text:
                return key
    raise ArgumentError(argument, value, msg("quiz.expect.one_of", keys=", ".join(labelled)))


def _per_key(argument: str, value: object, keys: Iterable[str]) -> dict[str, str]:
    """One explanation per key: feedback must always be able to say why."""
    keys = list(keys)
    if not isinstance(value, Mapping):
        raise ArgumentError(argument, value, msg("quiz.expect.explanations", keys=", ".join(keys)))
    clean = {_key(argument, k): v for k, v in value.items()}
    unknown = [k for k in clean if k not in keys]
    if unknown:
        raise ArgumentError(argument, unknown[0], msg("quiz.expect.one_of", keys=", ".join(keys)))
    missing = [k for k in keys if k not in clean]
    if missing:
        raise ArgumentError(argument, value, msg("quiz.expect.explanation_missing",
                                                 missing=", ".join(missing)))
    return {k: _text(f"{argument}['{k}']", clean[k]) for k in keys}


def _bare(text: str) -> str:
    """A label without its final full stop, so 'label: explanation' reads well."""
    return text.rstrip(" .")


def _listing(labels) -> str:
    """Labels in a sentence: each without its own full stop, separated by semicolons."""
    return "; ".join(_bare(label) for label in labels)


def _question_id(value: object, prompt: str) -> str:
    if value is None:
        slug = _SLUG.sub("-", prompt.lower()).strip("-")[:40].strip("-")
        return slug or "vraag"
    if not isinstance(value, str) or not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z_.-]{0,79}", value):
        raise ArgumentError("id", value, msg("quiz.expect.id"))
    return value


def is_empty(answer: object) -> bool:
    """No answer given: None, blank text, or an empty collection."""
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, Mapping):
        return all(is_empty(v) for v in answer.values())
    if isinstance(answer, (list, tuple, set, frozenset)):
        return all(is_empty(v) for v in answer)
    return False


class Question:
    """Common ground of all question types: an id, a prompt and ``check``."""

    kind: ClassVar[str] = ""
    id: str
    prompt: str

    def check(self, answer: object) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def answer_key(self) -> object:  # pragma: no cover - abstract
        """The correct answer, in the same form ``check`` accepts."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r}, prompt={self.prompt[:40]!r})"


class SingleChoice(Question):
    """One right option; ``explanations`` says for every option why it is (not) right."""

    kind = "single_choice"

    def __init__(self, *, prompt: str, options: Mapping[str, str] | Sequence[str], correct: str,
                 explanations: Mapping[str, str], id: str | None = None):
        self.prompt = _text("prompt", prompt)
        self.options = _labelled("options", options, minimum=2)
        self.correct = _member("correct", correct, self.options)
        self.explanations = _per_key("explanations", explanations, self.options)
        self.id = _question_id(id, self.prompt)

    @property
    def answer_key(self) -> str:
        return self.correct

    def check(self, answer: object) -> Feedback:
        if is_empty(answer):
            return Feedback.not_graded("empty", (msg("quiz.empty.single"),))
        key = _member("answer", answer, self.options)
        right = key == self.correct
        part = msg("quiz.part.right" if right else "quiz.part.wrong",
                   label=_bare(self.options[key]), explanation=self.explanations[key])
        return Feedback.graded(1.0 if right else 0.0, (part,))


class MultipleChoice(Question):
    """One or more right options; the order in which they are ticked never matters.

    Score: (right ticks - wrong ticks) / number of right options, at least 0, so
    ticking everything does not pay.
    """

    kind = "multiple_choice"

    def __init__(self, *, prompt: str, options: Mapping[str, str] | Sequence[str],
                 correct: Iterable[str], explanations: Mapping[str, str], id: str | None = None):
        self.prompt = _text("prompt", prompt)
        self.options = _labelled("options", options, minimum=2)
        if isinstance(correct, (str, int)) or not isinstance(correct, Iterable):
            raise ArgumentError("correct", correct, msg("quiz.expect.correct_set"))
        self.correct = frozenset(_member("correct", c, self.options) for c in correct)
        if not self.correct:
            raise ArgumentError("correct", correct, msg("quiz.expect.correct_set"))
        self.explanations = _per_key("explanations", explanations, self.options)
        self.id = _question_id(id, self.prompt)

    @property
    def answer_key(self) -> list[str]:
        return [k for k in self.options if k in self.correct]

    def check(self, answer: object) -> Feedback:
        if is_empty(answer):
            return Feedback.not_graded("empty", (msg("quiz.empty.multiple"),))
        if isinstance(answer, (str, int)):
            answer = [answer]  # one ticked option given on its own
        if isinstance(answer, Mapping) or not isinstance(answer, Iterable):
            raise ArgumentError("answer", answer, msg("quiz.expect.answer_list"))
        chosen = {_member("answer", a, self.options) for a in answer if not is_empty(a)}
        hits = len(chosen & self.correct)
        false = len(chosen - self.correct)
        missed = len(self.correct - chosen)
        parts = [
            msg("quiz.part.right" if key in self.correct else "quiz.part.wrong",
                label=_bare(self.options[key]), explanation=self.explanations[key])
            for key in self.options if key in chosen  # option order: same text for any tick order
        ]
        if missed:
            parts.append(msg("quiz.multiple.missed_one" if missed == 1 else "quiz.multiple.missed_many",
                             count=missed))
        basis = msg("quiz.basis.multiple", hits=hits, total=len(self.correct), false=false)
        return Feedback.graded(max(0.0, (hits - false) / len(self.correct)), parts, basis)


class Matching(Question):
    """Link every item to one choice, e.g. each seminar claim to its speaker.

    A choice may belong to several items. ``explanations`` has one text per item.
    Score: the fraction of items linked right.
    """

    kind = "matching"
    # A first wrong try gets a hint (which links are wrong), not the explanations that give them away.
    hints_first = True

    def __init__(self, *, prompt: str, items: Mapping[str, str] | Sequence[str],
                 choices: Mapping[str, str] | Sequence[str], correct: Mapping[str, str],
                 explanations: Mapping[str, str], id: str | None = None):
        self.prompt = _text("prompt", prompt)
        self.items = _labelled("items", items, minimum=2)
        self.choices = _labelled("choices", choices, minimum=2)
        if not isinstance(correct, Mapping):
            raise ArgumentError("correct", correct, msg("quiz.expect.matching", keys=", ".join(self.items)))
        pairs = {_member("correct", k, self.items): v for k, v in correct.items()}
        missing = [k for k in self.items if k not in pairs]
        if missing:
            raise ArgumentError("correct", correct, msg("quiz.expect.matching", keys=", ".join(missing)))
        self.correct = {k: _member(f"correct['{k}']", pairs[k], self.choices) for k in self.items}
        self.explanations = _per_key("explanations", explanations, self.items)
        self.id = _question_id(id, self.prompt)

    @property
    def answer_key(self) -> dict[str, str]:
        return dict(self.correct)

    def check(self, answer: object, reveal: bool = True) -> Feedback:
        """``reveal=False`` (a first try): a wrong link is marked, its explanation waits for the next try."""
        if is_empty(answer):
            return Feedback.not_graded("empty", (msg("quiz.empty.matching"),))
        if not isinstance(answer, Mapping):
            raise ArgumentError("answer", answer, msg("quiz.expect.matching", keys=", ".join(self.items)))
        given = {_member("answer", k, self.items): v for k, v in answer.items()}
        parts, right = [], 0
        for key, label in self.items.items():
            value = given.get(key)
            if is_empty(value):
                parts.append(msg("quiz.matching.open", item=_bare(label)))
                continue
            choice = _member(f"answer['{key}']", value, self.choices)
            if choice == self.correct[key]:
                right += 1
                parts.append(msg("quiz.part.right", label=_bare(label), explanation=self.explanations[key]))
            elif reveal:
                parts.append(msg("quiz.matching.wrong", item=_bare(label), choice=self.choices[choice],
                                 explanation=self.explanations[key]))
            else:
                parts.append(msg("quiz.matching.wrong_hint", item=_bare(label), choice=self.choices[choice]))
        if right < len(self.items) and not reveal:
            parts.append(msg("quiz.hint_first"))
        basis = msg("quiz.basis.matching", right=right, total=len(self.items))
        return Feedback.graded(right / len(self.items), parts, basis)


class Ordering(Question):
    """Put items in the right order; ``items`` is given in that right order.

    Score: the fraction of item pairs in the right relative order (Kendall), so
    one item out of place costs little and the reversed order scores 0.
    """

    kind = "ordering"
    hints_first = True  # see Matching

    def __init__(self, *, prompt: str, items: Mapping[str, str] | Sequence[str], explanation: str,
                 item_explanations: Mapping[str, str] | None = None, id: str | None = None):
        self.prompt = _text("prompt", prompt)
        self.items = _labelled("items", items, minimum=2)
        self.explanation = _text("explanation", explanation)
        self.item_explanations: dict[str, str] = {}
        if item_explanations is not None:
            if not isinstance(item_explanations, Mapping):
                raise ArgumentError("item_explanations", item_explanations,
                                    msg("quiz.expect.explanations", keys=", ".join(self.items)))
            for k, v in item_explanations.items():
                key = _member("item_explanations", k, self.items)
                self.item_explanations[key] = _text(f"item_explanations['{k}']", v)
        self.id = _question_id(id, self.prompt)

    @property
    def answer_key(self) -> list[str]:
        return list(self.items)

    def check(self, answer: object, reveal: bool = True) -> Feedback:
        """``reveal=False`` (a first try): misplaced items are marked, the explanations wait for the next try."""
        if is_empty(answer):
            return Feedback.not_graded("empty", (msg("quiz.empty.ordering"),))
        if isinstance(answer, (str, Mapping)) or not isinstance(answer, Sequence):
            raise ArgumentError("answer", answer, msg("quiz.expect.order", count=len(self.items)))
        if len(answer) > len(self.items):
            raise ArgumentError("answer", answer, msg("quiz.expect.order", count=len(self.items)))
        order = [None if is_empty(a) else _member("answer", a, self.items) for a in answer]
        order += [None] * (len(self.items) - len(order))
        problems = []
        doubles = [k for k in self.items if order.count(k) > 1]
        if doubles:
            problems.append(msg("quiz.ordering.double", items=_listing(self.items[k] for k in doubles)))
        unplaced = [k for k in self.items if k not in order]
        if unplaced:
            problems.append(msg("quiz.ordering.unplaced", items=_listing(self.items[k] for k in unplaced)))
        if problems:
            return Feedback.not_graded("incomplete", problems)
        rank = {k: i for i, k in enumerate(self.items)}
        n = len(order)
        pairs_right = sum(rank[order[i]] < rank[order[j]] for i in range(n) for j in range(i + 1, n))
        all_right = all(rank[key] == index for index, key in enumerate(order))
        show = reveal or all_right
        parts = []
        for position, key in enumerate(order, start=1):
            extra = self.item_explanations.get(key, "") if show else ""
            extra = extra[:1].upper() + extra[1:]  # it follows "Plek 2: item." as a sentence of its own
            template = "quiz.ordering.right" if rank[key] == position - 1 else "quiz.ordering.wrong"
            parts.append(msg(template, position=position, item=_bare(self.items[key]), explanation=extra).strip())
        parts.append(self.explanation if show else msg("quiz.hint_first"))
        pairs = n * (n - 1) // 2
        misplaced = sum(rank[key] != index for index, key in enumerate(order))
        basis = msg("quiz.basis.ordering", right=pairs_right, pairs=pairs, misplaced=misplaced, total=n)
        return Feedback.graded(pairs_right / pairs, parts, basis)


def read_answer(value: object) -> float | None:
    """A quiz answer as a number: a float, an int, or text in the course language; None if unreadable.

    Text is read by :func:`ketenles.i18n.numbers.parse_number`, so '3,5' and '1.250,75' work
    in Dutch (and '2.5', which cannot be a Dutch grouping).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = parse_number(value)
        except NumberTextError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


class Numeric(Question):
    """A number, right when within ``tolerance`` of ``correct`` (both ends included)."""

    kind = "numeric"

    def __init__(self, *, prompt: str, correct: float, explanation: str, tolerance: float = 0.0,
                 unit: str = "", too_low: str | None = None, too_high: str | None = None,
                 id: str | None = None):
        self.prompt = _text("prompt", prompt)
        for name, value in (("correct", correct), ("tolerance", tolerance)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ArgumentError(name, value, msg("quiz.expect.number"))
        if tolerance < 0:
            raise ArgumentError("tolerance", tolerance, msg("quiz.expect.tolerance"))
        self.correct, self.tolerance = float(correct), float(tolerance)
        if not isinstance(unit, str):
            raise ArgumentError("unit", unit, msg("quiz.expect.unit"))
        self.unit = unit.strip()
        self.explanation = _text("explanation", explanation)
        self.too_low = None if too_low is None else _text("too_low", too_low)
        self.too_high = None if too_high is None else _text("too_high", too_high)
        self.id = _question_id(id, self.prompt)

    @property
    def answer_key(self) -> float:
        return self.correct

    def accepts(self, value: float) -> bool:
        # A hair of slack so that correct + tolerance itself, computed in floats, counts.
        slack = 1e-9 * max(1.0, abs(self.correct), self.tolerance)
        return abs(value - self.correct) <= self.tolerance + slack

    def check(self, answer: object) -> Feedback:
        if is_empty(answer):
            return Feedback.not_graded("empty", (msg("quiz.empty.numeric"),))
        if isinstance(answer, bool):
            raise ArgumentError("answer", answer, msg("quiz.expect.number"))
        value = read_answer(answer)
        if value is None:
            return Feedback.not_graded("incomplete", (msg("quiz.numeric.unreadable", got=str(answer)),))
        shown = f"{format_number(value)} {self.unit}".strip()
        if self.accepts(value):
            return Feedback.graded(1.0, (msg("quiz.numeric.right", value=shown), self.explanation))
        low = value < self.correct
        hint = (self.too_low if low else self.too_high) or self.explanation
        return Feedback.graded(0.0, (msg("quiz.numeric.low" if low else "quiz.numeric.high",
                                         value=shown), hint))


QUESTION_TYPES: dict[str, type[Question]] = {
    cls.kind: cls for cls in (SingleChoice, MultipleChoice, Matching, Ordering, Numeric)
}


def _who_said(source) -> str:
    if source.group:
        return msg("quiz.seminar.explanation_group")
    return msg("quiz.seminar.explanation", name=source.name, role=source.role)


def claims_matching(claim_ids: Sequence[str], *, prompt: str | None = None,
                    id: str | None = None) -> Matching:
    """A matching question: link seminar claims (see ``seminar.claims()``) to their speakers.

    >>> q = claims_matching(["vertrouwen_doorslaggevend", "geen_recept"])
    >>> q.check({"vertrouwen_doorslaggevend": "froger", "geen_recept": "aanwezigen"}).score
    1.0
    """
    from ketenles.content import seminar

    if isinstance(claim_ids, str) or not isinstance(claim_ids, Sequence) or len(claim_ids) < 2:
        raise ArgumentError("claim_ids", claim_ids, msg("quiz.expect.claims"))
    by_id = {c.id: c for c in seminar.claims()}
    for cid in claim_ids:
        if cid not in by_id:
            raise ArgumentError("claim_ids", cid, msg("quiz.expect.one_of", keys=", ".join(by_id)))
    used = {by_id[c].speaker_id for c in claim_ids}
    # Offer every source with several claims, so two claims never give the answer away,
    # and Helder, who led the discussion but made no claim of her own: telling her apart
    # from the attendees, whose conclusions they are, is part of the exercise.
    speakers = [s for s in seminar.speakers() if s.id in used or len(s.claim_ids) != 1]
    return Matching(
        prompt=prompt or msg("quiz.seminar.prompt"),
        items={c: by_id[c].text for c in claim_ids},
        choices={s.id: s.name for s in speakers},
        correct={c: by_id[c].speaker_id for c in claim_ids},
        explanations={c: _who_said(seminar.speaker(by_id[c].speaker_id)) for c in claim_ids},
        id=id or "sprekers-koppelen",
    )
