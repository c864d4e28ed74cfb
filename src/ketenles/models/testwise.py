"""What a test-wise student scores on single-answer items without reading the questions.

A student who always picks the longest option, the shortest option, or the same letter
should do no better than one who guesses. This module computes those scores for a set of
items (each: its options in the order shown and the position of the right one), so the
question bank, the lesson quizzes and every drawn exam can be held to the same bound.

Ties count fairly: when the right option is one of ``t`` options of equal (longest or
shortest) length, the strategy scores ``1/t`` on that item, as a student who picks one of
them at random would on average. "Same letter" is the best single position over all
items, since a test-wise student may have learned which letter a test maker favours.

>>> items = [Item(("kort", "een veel langer antwoord", "middel"), 1)] * 4
>>> result = scores(items)
>>> (result.longest, result.shortest, result.chance)
(4.0, 0.0, 1.3333333333333333)
>>> sorted(result.beating_chance())
['longest', 'same_letter']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# How far a strategy may beat guessing: a tenth of the items, and on a short test at least
# one item, so a single lucky coincidence in a drawn exam of a dozen items is not a failure
# while a bank where the longest option is usually right (35 of 47 before issue 19) is.
MARGIN_SHARE = 0.10
MARGIN_MINIMUM = 1.0


@dataclass(frozen=True)
class Item:
    """One single-answer item: the option texts in the order shown, and the right one's index."""

    options: tuple[str, ...]
    correct: int

    def __post_init__(self):
        if len(self.options) < 2 or not 0 <= self.correct < len(self.options):
            raise ValueError(f"an item needs two or more options and a right one: {self!r}")


@dataclass(frozen=True)
class Scores:
    """Expected points of each strategy over a set of items (one point per item)."""

    items: int
    chance: float
    longest: float
    shortest: float
    same_letter: float
    same_letter_position: int

    @property
    def margin(self) -> float:
        return max(MARGIN_MINIMUM, MARGIN_SHARE * self.items)

    @property
    def strategies(self) -> dict[str, float]:
        return {"longest": self.longest, "shortest": self.shortest, "same_letter": self.same_letter}

    def beating_chance(self, margin: float | None = None) -> dict[str, float]:
        """The strategies that beat guessing by more than ``margin`` (default: the stated margin)."""
        margin = self.margin if margin is None else margin
        return {name: score for name, score in self.strategies.items() if score > self.chance + margin}

    def line(self) -> str:
        """A one-line summary for a lecturer's terminal and the closing note of a build."""
        letter = "abcdefgh"[self.same_letter_position]
        return (f"{self.items} items: always longest {self.longest:.1f}, always shortest {self.shortest:.1f}, "
                f"always '{letter}' {self.same_letter:.1f}; chance {self.chance:.1f} "
                f"(allowed up to {self.chance + self.margin:.1f})")


def _pick_score(lengths: Sequence[int], correct: int, target: int) -> float:
    tied = [i for i, n in enumerate(lengths) if n == target]
    return 1.0 / len(tied) if correct in tied else 0.0


def scores(items: Iterable[Item]) -> Scores:
    """The chance score and the score of each test-wise strategy over ``items``."""
    items = list(items)
    chance = sum(1.0 / len(item.options) for item in items)
    longest = shortest = 0.0
    positions = max((len(item.options) for item in items), default=0)
    per_position = [0.0] * positions
    for item in items:
        lengths = [len(" ".join(text.split())) for text in item.options]
        longest += _pick_score(lengths, item.correct, max(lengths))
        shortest += _pick_score(lengths, item.correct, min(lengths))
        per_position[item.correct] += 1.0
    best = max(range(positions), key=lambda i: per_position[i]) if positions else 0
    return Scores(len(items), chance, longest, shortest, per_position[best] if positions else 0.0, best)
