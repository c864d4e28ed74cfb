"""Pairs of chain partners that follow the same strategy, side by side, for lessons.

A lesson asks: which pair keeps cooperating under misunderstandings? Each
strategy plays a copy of itself with :func:`~ketenles.models.cooperation.play_match`
and the pairs appear in one small table (points per round, rounds in which both
cooperated), in the order given, so a student can check a prediction at a glance.

>>> table = same_strategy_pairs(["tit_for_tat", "defector"], rounds=10, repetitions=1)
>>> [round(r.mean_scores[0], 2) for r in table.results]
[3.0, 1.0]
>>> print(table)  # doctest: +ELLIPSIS
Elk paar speelde 1 keer een spel tegen een partner met dezelfde strategie. ...
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ketenles.display.views import HTMLView
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number, format_percent
from ketenles.models.cooperation import MatchResult, explain_conditions, play_match, strategy

MAX_PAIRS = 8


@dataclass(frozen=True)
class PairTable:
    """The matches behind the table (plain values for tests) and the table itself."""

    results: tuple[MatchResult, ...]

    @property
    def view(self) -> HTMLView:
        e = html.escape
        first = self.results[0]
        caption = msg("pairs.caption", repetitions=first.repetitions,
                      conditions=explain_conditions(first.conditions))
        reward = format_number(first.conditions.reward)
        head = "".join(f"<th scope='col'>{e(msg(f'pairs.columns.{k}', reward=reward))}</th>"
                       for k in ("pair", "score", "mutual"))
        rows = "".join(
            f"<tr><th scope='row'>{e(r.names[0])}</th>"
            f"<td>{e(format_number(sum(r.mean_scores) / 2, decimals=2))}</td>"
            f"<td>{e(format_percent(r.mutual_cooperation))}</td></tr>"
            for r in self.results)
        return HTMLView(f"<table><caption>{e(caption)}</caption><thead><tr>{head}</tr></thead>"
                        f"<tbody>{rows}</tbody></table>")

    def _repr_html_(self) -> str:
        return self.view.html

    def __str__(self) -> str:
        return str(self.view)


def same_strategy_pairs(strategy_ids, *, repetitions: int = 200, seed=1, **settings) -> PairTable:
    """Play each strategy against a copy of itself under the same conditions.

    ``strategy_ids``: a list of 1 to 8 strategy ids (see ``cooperation.STRATEGY_IDS``).
    ``repetitions``, ``seed`` and ``settings`` (``noise``, ``rounds``, ...) go to
    :func:`~ketenles.models.cooperation.play_match`; every pair gets the same seed, so
    the comparison does not depend on the order of the list.
    """
    if isinstance(strategy_ids, str) or not hasattr(strategy_ids, "__iter__"):
        raise ArgumentError("strategy_ids", strategy_ids, msg("pairs.expect.list", high=MAX_PAIRS))
    ids = list(strategy_ids)
    if not 1 <= len(ids) <= MAX_PAIRS:
        raise ArgumentError("strategy_ids", strategy_ids, msg("pairs.expect.list", high=MAX_PAIRS))
    players = [strategy(s) for s in ids]  # an unknown id raises a Dutch error here
    return PairTable(tuple(play_match(p, p, repetitions=repetitions, seed=seed, **settings)
                           for p in players))
