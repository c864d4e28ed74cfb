"""The ketenscan: a self-assessment of a chain on Groothedde's five success factors.

Each factor gets a score from 1 (not at all present) to 5 (fully present). The
model turns the five scores into a profile: the average, the weakest links and
advice grounded in the seminar. It is pure Python, so lessons, widgets,
assignments and tests all use the same rules.

>>> result = score_scan({"gezamenlijk_doel": 4, "persoonlijk_commitment": 2,
...                      "weinig_machtsdruk": 3, "successen_gunnen": 4,
...                      "draagvlak_top": 5})
>>> result.weakest
('persoonlijk_commitment',)
>>> result.mean
3.6
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from ketenles.content.seminar import factor, factor_ids
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number

MIN_SCORE, MAX_SCORE = 1, 5
# Average score bands for the overall verdict; the upper bound is exclusive.
LEVELS = (("fragiel", 2.5), ("in_opbouw", 3.5), ("sterk", 6.0))


@dataclass(frozen=True)
class ScanResult:
    """The outcome of a ketenscan; every field is a plain Python value."""

    scores: dict[str, int]
    mean: float
    weakest: tuple[str, ...]
    level: str

    @property
    def percentages(self) -> dict[str, float]:
        """Each score on a 0-100 scale (1 -> 0, 5 -> 100)."""
        return {fid: (s - MIN_SCORE) / (MAX_SCORE - MIN_SCORE) * 100 for fid, s in self.scores.items()}

    @property
    def verdict(self) -> str:
        return msg(f"scan.level.{self.level}", mean=format_number(self.mean, decimals=1))

    @property
    def advice(self) -> tuple[str, ...]:
        """One sentence per weakest factor, then why soft factors matter."""
        if not self.weakest:
            return (msg("scan.advice.none_weak"),)
        if len(self.weakest) == len(self.scores):
            # Every factor tied: five pieces of advice would say "everything is the weakest link".
            score = next(iter(self.scores.values()))
            return (msg("scan.advice.all_equal", score=score), msg("scan.advice.seminar"))
        lines = [f"{factor(fid).name}: {factor(fid).advice}" for fid in self.weakest]
        lines.append(msg("scan.advice.seminar"))
        return tuple(lines)

    def summary(self) -> str:
        """The whole profile in sentences: the text alternative of the chart."""
        parts = [
            msg("scan.summary.score", name=factor(fid).name, score=score, max=MAX_SCORE)
            for fid, score in self.scores.items()
        ]
        if self.weakest and len(self.weakest) == len(self.scores):
            weakest_line = msg("scan.summary.all_equal")
        else:
            names = ", ".join(factor(fid).name for fid in self.weakest) or msg("scan.summary.no_weakest")
            weakest_line = msg("scan.summary.weakest", names=names)
        return " ".join([*parts, weakest_line, self.verdict])

    def as_dict(self) -> dict:
        return {"scores": dict(self.scores), "mean": self.mean, "weakest": list(self.weakest),
                "level": self.level}


def check_answers(answers: object, argument: str = "answers") -> dict[str, int]:
    """Validate ketenscan answers and return them in factor order.

    ``answers`` must map every factor id to a whole number from 1 to 5.
    """
    ids = factor_ids()
    if not isinstance(answers, Mapping):
        raise ArgumentError(argument, answers, msg("scan.expect.mapping", ids=", ".join(ids)))
    unknown = [k for k in answers if k not in ids]
    if unknown:
        close = difflib.get_close_matches(str(unknown[0]), ids, n=1)
        hint = msg("cases.error.did_you_mean", name=close[0]) if close else ""
        raise ArgumentError(argument, unknown[0], msg("scan.expect.factor", ids=", ".join(ids)) + hint)
    missing = [fid for fid in ids if fid not in answers]
    if missing:
        raise ArgumentError(argument, dict(answers), msg("scan.expect.complete", missing=", ".join(missing)))
    clean = {}
    for fid in ids:
        value = answers[fid]
        if isinstance(value, bool) or not isinstance(value, int) or not MIN_SCORE <= value <= MAX_SCORE:
            raise ArgumentError(f"{argument}['{fid}']", value, msg("scan.expect.score"))
        clean[fid] = value
    return clean


def score_scan(answers: Mapping[str, int]) -> ScanResult:
    """Score a ketenscan: ``{factor_id: 1..5}`` for all five factors."""
    scores = check_answers(answers)
    mean = round(sum(scores.values()) / len(scores), 2)
    lowest = min(scores.values())
    # A chain that scores the maximum everywhere has no weak link to point at.
    weakest = () if lowest == MAX_SCORE else tuple(f for f, s in scores.items() if s == lowest)
    level = next(name for name, upper in LEVELS if mean < upper)
    return ScanResult(scores=scores, mean=mean, weakest=weakest, level=level)


def compare_scans(first: ScanResult, second: ScanResult) -> dict[str, int]:
    """Per factor, how much ``second`` scores above (+) or below (-) ``first``."""
    for name, value in (("first", first), ("second", second)):
        if not isinstance(value, ScanResult):
            raise ArgumentError(name, value, msg("scan.expect.result"))
    return {fid: second.scores[fid] - first.scores[fid] for fid in factor_ids()}


def compare_with_estimate(
    result: ScanResult, estimate: Mapping[str, int], reasons: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """Feedback on a student's scan against a reference estimate (e.g. a case's).

    A difference of two points or more is explained with the reference's reason;
    a smaller difference counts as agreement, because the estimate is a reading of
    the facts, not a right answer.
    """
    if not isinstance(result, ScanResult):
        raise ArgumentError("result", result, msg("scan.expect.result"))
    reference = check_answers(estimate, "estimate")
    reasons = dict(reasons or {})
    lines = []
    for fid, ref_score in reference.items():
        own = result.scores[fid]
        if abs(own - ref_score) >= 2:
            direction = "higher" if own > ref_score else "lower"
            lines.append(msg(f"scan.compare.{direction}", name=factor(fid).name, own=own, ref=ref_score,
                             reason=reasons.get(fid, "")).strip())
    if not lines:
        return (msg("scan.compare.close"), msg("scan.compare.caveat"))
    return (*lines, msg("scan.compare.caveat"))
