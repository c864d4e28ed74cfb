"""Which governance mode fits a chain? Provan & Kenis (2008) as a pure model.

Provan & Kenis, *Modes of Network Governance*, JPART 18(2):229-252,
doi:10.1093/jopart/mum015, name three modes and four contingencies that predict
when each mode is effective:

================  ==============  ==============  ==============  ============
mode              trust           participants    goal consensus  competencies
================  ==============  ==============  ==============  ============
gedeeld           hoog            weinig          hoog            laag
leidende_org.     laag (central)  gemiddeld       matig_laag      gemiddeld
nao               gemiddeld       gemiddeld/veel  matig_hoog      hoog
================  ==============  ==============  ==============  ============

Every contingency is an ordered scale. A mode earns 1 point for a contingency
that matches the table, half a point when the input is one step away from it,
and nothing otherwise, so the fit of a mode runs from 0 to 4. The paper gives no
numbers for "few" or "many" participants; the cut-offs below are the course's.

>>> advice = advise(trust="hoog", participants=5, goal_consensus="hoog", competencies="laag")
>>> advice.best
('gedeeld',)
>>> advice.scores["gedeeld"], advice.scores["nao"]
(4.0, 1.5)
>>> profile("nao")["competencies"]
'hoog'
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from ketenles.content.case_schema import GOVERNANCE_FORMS
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number

MODES = GOVERNANCE_FORMS  # the case files' ids: gedeeld, leidende_organisatie, nao
CONTINGENCIES = ("trust", "participants", "goal_consensus", "competencies")
# Each scale runs from low to high; the position is what "one step away" means.
LEVELS: dict[str, tuple[str, ...]] = {
    "trust": ("laag", "gemiddeld", "hoog"),
    "participants": ("weinig", "gemiddeld", "veel"),
    "goal_consensus": ("laag", "matig_laag", "matig_hoog", "hoog"),
    "competencies": ("laag", "gemiddeld", "hoog"),
}
# The paper's table of key predictors of effectiveness per mode.
IDEAL: dict[str, dict[str, tuple[str, ...]]] = {
    "gedeeld": {"trust": ("hoog",), "participants": ("weinig",),
                "goal_consensus": ("hoog",), "competencies": ("laag",)},
    "leidende_organisatie": {"trust": ("laag",), "participants": ("gemiddeld",),
                             "goal_consensus": ("matig_laag",), "competencies": ("gemiddeld",)},
    "nao": {"trust": ("gemiddeld",), "participants": ("gemiddeld", "veel"),
            "goal_consensus": ("matig_hoog",), "competencies": ("hoog",)},
}
# Course cut-offs (not in the paper): up to 8 partners can all sit at one table.
FEW_MAX = 8
MODERATE_MAX = 20
# A typical count per level, for controls that need a number.
TYPICAL_COUNT = {"weinig": 5, "gemiddeld": 12, "veel": 40}
MATCH, PARTIAL, MISMATCH = 1.0, 0.5, 0.0
TENSIONS = ("efficientie_inclusiviteit", "legitimiteit", "flexibiliteit_stabiliteit")


def participants_level(count: int) -> str:
    """The level of a number of participants: ``weinig``, ``gemiddeld`` or ``veel``.

    >>> participants_level(8), participants_level(9), participants_level(21)
    ('weinig', 'gemiddeld', 'veel')
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 2:
        raise ArgumentError("participants", count, _participants_allowed())
    if count <= FEW_MAX:
        return "weinig"
    return "gemiddeld" if count <= MODERATE_MAX else "veel"


def level_label(contingency: str, level: str) -> str:
    """The Dutch description of one level, e.g. ``level_label("trust", "hoog")``."""
    _check_choice("contingency", contingency, CONTINGENCIES)
    _check_choice(contingency, level, LEVELS[contingency])
    return msg(f"governance.levels.{contingency}.{level}", few_max=FEW_MAX,
               moderate_min=FEW_MAX + 1, moderate_max=MODERATE_MAX)


def contingency_name(contingency: str) -> str:
    _check_choice("contingency", contingency, CONTINGENCIES)
    return msg(f"governance.contingencies.{contingency}.name")


def mode_name(mode: str) -> str:
    """The Dutch name of a mode, shared with the case files."""
    _check_choice("mode", mode, MODES, "governance.expect.mode")
    return msg(f"cases.governance_forms.{mode}")


def _participants_allowed() -> str:
    return msg("governance.expect.participants", allowed=", ".join(LEVELS["participants"]))


def _check_choice(argument: str, value: object, allowed: tuple[str, ...],
                  expect: str = "governance.expect.level") -> str:
    if not isinstance(value, str) or value not in allowed:
        text = msg(expect, allowed=", ".join(allowed))
        close = difflib.get_close_matches(str(value), allowed, n=1) if isinstance(value, str) else []
        if close:
            text += msg("cases.error.did_you_mean", name=close[0])
        raise ArgumentError(argument, value, text)
    return value


@dataclass(frozen=True)
class ContingencyFit:
    """How one contingency of the input compares with what one mode needs."""

    mode: str
    contingency: str
    level: str
    ideal: tuple[str, ...]
    score: float

    @property
    def verdict(self) -> str:
        """``match``, ``partial`` or ``mismatch``."""
        return {MATCH: "match", PARTIAL: "partial"}.get(self.score, "mismatch")

    @property
    def reason(self) -> str:
        """One Dutch sentence group: verdict (in words and a symbol), input, the paper's view."""
        ideal = msg("governance.ideal_join").join(level_label(self.contingency, i) for i in self.ideal)
        return msg("governance.reason", verdict=msg(f"governance.verdict.{self.verdict}"),
                   contingency=contingency_name(self.contingency),
                   level=level_label(self.contingency, self.level), ideal=ideal,
                   why=msg(f"governance.why.{self.mode}.{self.contingency}"))


@dataclass(frozen=True)
class ModeFit:
    """The fit of one mode: a score from 0 to 4 and a reason per contingency."""

    mode: str
    items: tuple[ContingencyFit, ...]

    @property
    def score(self) -> float:
        return sum(item.score for item in self.items)

    @property
    def matches(self) -> int:
        """How many of the four contingencies match the paper's table exactly."""
        return sum(item.score == MATCH for item in self.items)

    @property
    def name(self) -> str:
        return mode_name(self.mode)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(item.reason for item in self.items)

    @property
    def seminar_link(self) -> str:
        return msg(f"governance.seminar_link.{self.mode}")


@dataclass(frozen=True)
class Tension:
    """One of the three tensions Provan & Kenis name, linked to the seminar."""

    id: str

    @property
    def name(self) -> str:
        return msg(f"governance.tensions.{self.id}.name")

    @property
    def explanation(self) -> str:
        return msg(f"governance.tensions.{self.id}.explanation")

    @property
    def seminar(self) -> str:
        return msg(f"governance.tensions.{self.id}.seminar")


def tensions() -> tuple[Tension, ...]:
    """Efficiency vs inclusiveness, internal vs external legitimacy, flexibility vs stability."""
    return tuple(Tension(tid) for tid in TENSIONS)


@dataclass(frozen=True)
class Advice:
    """The advisor's outcome; ``inputs``, ``scores`` and ``best`` are plain values."""

    inputs: dict[str, object]
    levels: dict[str, str]
    fits: dict[str, ModeFit]
    best: tuple[str, ...]

    @property
    def scores(self) -> dict[str, float]:
        return {mode: fit.score for mode, fit in self.fits.items()}

    @property
    def matches(self) -> dict[str, int]:
        return {mode: fit.matches for mode, fit in self.fits.items()}

    @property
    def headline(self) -> str:
        score = format_number(self.fits[self.best[0]].score)
        if len(self.best) == 1:
            return msg("governance.advice.best_one", name=mode_name(self.best[0]), score=score)
        names = msg("governance.advice.name_join").join(f"'{mode_name(m)}'" for m in self.best)
        return msg("governance.advice.best_tie", names=names, score=score)

    @property
    def tensions(self) -> tuple[Tension, ...]:
        return tensions()

    def summary(self) -> str:
        """The outcome in sentences: the text alternative of the fit chart."""
        lines = [msg("governance.advice.score_line", name=fit.name, score=format_number(fit.score),
                     matches=fit.matches) for fit in self.fits.values()]
        return " ".join([*lines, self.headline])

    def explanation(self) -> tuple[str, ...]:
        """Headline, how points are counted, the seminar link per best mode, and the caveat."""
        links = [self.fits[mode].seminar_link for mode in self.best]
        return (self.headline, msg("governance.advice.scoring"), *links, msg("governance.advice.caveat"))

    def compare_with_case(self, case) -> tuple[str, ...]:
        """How a case's actual governance form relates to this advice."""
        from ketenles.content.cases import Case

        if not isinstance(case, Case):
            raise ArgumentError("case", case, msg("widgets.expect.case"))
        form = case.governance_form
        verdict = "case_agrees" if form in self.best else "case_differs"
        return (msg("governance.advice.case_form", case=case.name, form=mode_name(form)),
                msg(f"governance.advice.{verdict}", form=mode_name(form)))

    def as_dict(self) -> dict:
        return {"inputs": dict(self.inputs), "levels": dict(self.levels), "scores": self.scores,
                "matches": self.matches, "best": list(self.best)}


def check_inputs(inputs: object, argument: str = "inputs") -> dict[str, str]:
    """Validate the four contingencies; return them as levels (participants as a level too).

    ``inputs`` maps ``trust``, ``goal_consensus`` and ``competencies`` to a level
    id, and ``participants`` to a whole number of at least 2 or a level id.
    """
    if not isinstance(inputs, Mapping):
        raise ArgumentError(argument, inputs, msg("governance.expect.inputs", keys=", ".join(CONTINGENCIES)))
    unknown = [k for k in inputs if k not in CONTINGENCIES]
    missing = [k for k in CONTINGENCIES if k not in inputs]
    if unknown or missing:
        raise ArgumentError(argument, dict(inputs), msg("governance.expect.inputs", keys=", ".join(CONTINGENCIES)))
    levels = {}
    for name in CONTINGENCIES:
        value = inputs[name]
        if name == "participants" and not isinstance(value, str):
            levels[name] = participants_level(value)
        elif name == "participants":
            if value not in LEVELS[name]:
                raise ArgumentError(name, value, _participants_allowed())
            levels[name] = value
        else:
            levels[name] = _check_choice(name, value, LEVELS[name])
    return levels


def _item_score(level: str, ideal: tuple[str, ...], scale: tuple[str, ...]) -> float:
    distance = min(abs(scale.index(level) - scale.index(i)) for i in ideal)
    return MATCH if distance == 0 else PARTIAL if distance == 1 else MISMATCH


def fit_mode(mode: str, levels: Mapping[str, str]) -> ModeFit:
    """The fit of one mode for already validated levels (see :func:`check_inputs`)."""
    _check_choice("mode", mode, MODES, "governance.expect.mode")
    items = tuple(
        ContingencyFit(mode, c, levels[c], IDEAL[mode][c], _item_score(levels[c], IDEAL[mode][c], LEVELS[c]))
        for c in CONTINGENCIES
    )
    return ModeFit(mode, items)


def advise(trust: str, participants: int | str, goal_consensus: str, competencies: str) -> Advice:
    """Score the three modes for one chain and name the best-fitting one(s).

    ``trust`` and ``competencies``: ``laag``, ``gemiddeld`` or ``hoog``;
    ``participants``: a number of partners (2 or more) or ``weinig``/``gemiddeld``/``veel``;
    ``goal_consensus``: ``laag``, ``matig_laag``, ``matig_hoog`` or ``hoog``.
    """
    inputs = {"trust": trust, "participants": participants, "goal_consensus": goal_consensus,
              "competencies": competencies}
    levels = check_inputs(inputs)
    fits = {mode: fit_mode(mode, levels) for mode in MODES}
    top = max(fit.score for fit in fits.values())
    best = tuple(mode for mode, fit in fits.items() if fit.score == top)
    return Advice(inputs=inputs, levels=levels, fits=fits, best=best)


def profile(mode: str) -> dict[str, str]:
    """The paper's row for ``mode`` as advisor inputs: the situation it fits best.

    For the NAO, whose row says "moderate to many" participants, ``veel`` is used.
    """
    _check_choice("mode", mode, MODES, "governance.expect.mode")
    return {c: IDEAL[mode][c][-1] for c in CONTINGENCIES}


def case_profile(case) -> dict[str, str]:
    """Starting inputs for a case: the profile of the governance form it uses.

    A case file records the form, not the four contingencies, so this is the
    situation in which that form would fit, for the student to adjust.
    """
    from ketenles.content.cases import Case

    if not isinstance(case, Case):
        raise ArgumentError("case", case, msg("widgets.expect.case"))
    return profile(case.governance_form)
