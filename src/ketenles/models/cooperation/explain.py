"""Explain a simulation result in Dutch, for use in lessons.

>>> from ketenles.models.cooperation.match import play_match
>>> print(explain(play_match("tit_for_tat", "defector", rounds=10)))  # doctest: +ELLIPSIS
Leer om leer (tit for tat) behaalde gemiddeld 0,90 punten per ronde ...
"""

from __future__ import annotations

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number, format_percent
from ketenles.models.cooperation.conditions import Conditions
from ketenles.models.cooperation.evolution import EvolutionResult
from ketenles.models.cooperation.match import MatchResult
from ketenles.models.cooperation.tournament import TournamentResult

# Mutual cooperation in at least this share of rounds counts as "found each other".
HIGH_MUTUAL = 0.8
LOW_MUTUAL = 0.5
# The winner "exploited" the other only if it cooperated clearly less often.
EXPLOIT_GAP = 0.05


def _num(value: float) -> str:
    return format_number(value, decimals=2)


def _pct(value: float) -> str:
    # One decimal for small shares, so 0.5% does not read as "never".
    return format_percent(value, decimals=1 if 0 < value < 0.01 else 0)


def explain(result) -> str:
    """A short Dutch paragraph: who won, why, and what the conditions did."""
    if isinstance(result, MatchResult):
        return _match(result)
    if isinstance(result, TournamentResult):
        return _tournament(result)
    if isinstance(result, EvolutionResult):
        return _evolution(result)
    raise ArgumentError("result", result, msg("cooperation.expect.result"))


def explain_conditions(conditions: Conditions) -> str:
    """What the settings mean, one sentence per setting that is switched on."""
    if not isinstance(conditions, Conditions):
        raise ArgumentError("conditions", conditions, msg("cooperation.expect.conditions"))
    c = conditions
    lines = [msg("cooperation.explain.patience_fixed", rounds=c.rounds) if c.continuation is None
             else msg("cooperation.explain.patience_random", continuation=_num(c.continuation),
                      mean=format_number(c.expected_rounds, decimals=0))]
    if c.is_plain:
        lines.append(msg("cooperation.explain.conditions_plain"))
    if c.noise > 0:
        lines.append(msg("cooperation.explain.noise", noise=_pct(c.noise)))
        if c.informal_contact > 0:
            lines.append(msg("cooperation.explain.informal", share=_pct(c.informal_contact)))
    if c.sanction > 0 and c.monitoring > 0:
        lines.append(msg("cooperation.explain.contract", sanction=_num(c.sanction),
                         monitoring=_pct(c.monitoring)))
    if c.power > 0:
        lines.append(msg("cooperation.explain.power", power=_num(c.power)))
    return " ".join(lines)


def _mid(name: str) -> str:
    """A name as it reads inside a sentence: the student's "Jij" becomes "jij"; other names stay."""
    return msg("cooperation_widgets.game.you_mid") if name == msg("cooperation_widgets.game.you") else name


def _match(r: MatchResult) -> str:
    rounds = (str(r.rounds[0]) if len(set(r.rounds)) == 1
              else "~" + format_number(sum(r.rounds) / len(r.rounds), decimals=0))
    # One game needs no "averaged over 1 repetition(s)"; several games do.
    key = "cooperation.explain.match_single" if r.repetitions == 1 else "cooperation.explain.match"
    lines = [msg(key, first=r.names[0], second=_mid(r.names[1]),
                 score_first=_num(r.mean_scores[0]), score_second=_num(r.mean_scores[1]),
                 repetitions=r.repetitions, rounds=rounds)]
    a, b = r.mean_scores
    if abs(a - b) < 1e-9:
        lines.append(msg("cooperation.explain.match_equal"))
    elif r.names[0] == r.names[1]:
        # A strategy against itself: a difference in points is chance, not a winner.
        lines.append(msg("cooperation.explain.match_self"))
    else:
        w, lo = (0, 1) if a > b else (1, 0)
        lines.append(msg("cooperation.explain.match_winner", winner=r.names[w]))
        if r.cooperation_rates[w] < r.cooperation_rates[lo] - EXPLOIT_GAP:
            lines.append(msg("cooperation.explain.exploited", winner=_mid(r.names[w])))
    lines.append(msg("cooperation.explain.cooperation", first=r.names[0], second=_mid(r.names[1]),
                     rate_first=_pct(r.cooperation_rates[0]),
                     rate_second=_pct(r.cooperation_rates[1]), mutual=_pct(r.mutual_cooperation)))
    if r.mutual_cooperation >= HIGH_MUTUAL:
        lines.append(msg("cooperation.explain.mutual_high"))
    elif r.mutual_cooperation >= LOW_MUTUAL:
        # Mostly cooperating, but noise or retaliation cost points: not a failure.
        lines.append(msg("cooperation.explain.mutual_mixed", reward=_num(r.conditions.reward)))
    elif max(a, b) < r.conditions.reward:
        lines.append(msg("cooperation.explain.mutual_low", reward=_num(r.conditions.reward)))
    lines.append(explain_conditions(r.conditions))
    return " ".join(lines)


def _tournament(r: TournamentResult) -> str:
    order = [r.players.index(p) for p in r.ranking]
    first, second, last = order[0], order[1], order[-1]
    lines = [msg("cooperation.explain.tournament", count=len(r.players), winner=r.names[first],
                 score=_num(r.scores[first]), last=r.names[last], last_score=_num(r.scores[last])),
             msg("cooperation.explain.ranking", ranking=", ".join(r.names[i] for i in order))]
    difference = r.scores[first] - r.scores[second]
    margin = 2 * (r.score_errors[first] ** 2 + r.score_errors[second] ** 2) ** 0.5
    if difference < margin:
        lines.append(msg("cooperation.explain.close", difference=_num(difference)))
    nice = r.nice[first]
    lines.append(msg("cooperation.explain.winner_nice" if nice else "cooperation.explain.winner_nasty"))
    lines.append(explain_conditions(r.conditions))
    return " ".join(lines)


def _evolution(r: EvolutionResult) -> str:
    last = r.trajectory[-1]
    i = r.players.index(r.winner)
    lines = [msg("cooperation.explain.evolution", generations=r.generations, winner=r.names[i],
                 share=_pct(last[i]))]
    gone = [r.names[r.players.index(p)] for p in r.gone]
    lines.append(msg("cooperation.explain.evolution_gone", names=", ".join(gone)) if gone
                 else msg("cooperation.explain.evolution_none_gone"))
    return " ".join(lines)
