"""What the trust game tells the student, as plain Dutch sentences.

The trust game widget only shows text; which sentences a game calls for (which
catalogue keys, with which numbers, what the summary concludes) is decided here,
from a :class:`~ketenles.models.cooperation.game.Game`, so it can be tested and
read without a widget.

>>> game = Game("tit_for_tat", rounds=2, seed=1)
>>> status(game)
'Kies je zet voor ronde 1 met de knop Samenwerken of Eigen belang.'
>>> game.play("D").played
('D', 'C')
>>> round_lines(game)[0]
'Ronde 1 van 2: jij: eigen belang (D) — partner: samenwerken (C).'
>>> game.play("C").played
('C', 'D')
>>> summary(game, "Jij")[1]
'In 1 van de 1 rondes na de eerste deed je partner wat jij de ronde ervoor deed.'
"""

from __future__ import annotations

from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number, format_percent
from ketenles.models.cooperation.explain import explain
from ketenles.models.cooperation.game import Game

_K = "cooperation_widgets.game."


def _num(value: float) -> str:
    return format_number(value)


def _pct(value: float) -> str:
    return format_percent(value)


def move_name(letter: str) -> str:
    """"C" or "D" in words: *samenwerken* or *eigen belang*."""
    return msg("cooperation_widgets.moves.cooperate" if letter == "C"
               else "cooperation_widgets.moves.defect")


def intro(game: Game, partner_hidden: bool = False) -> list[str]:
    """The rules of this game: rounds, partner, payoffs and the settings that are on.

    ``partner_hidden``: a surprise partner that is not named yet.
    """
    c = game.conditions
    partner = msg(_K + "surprise_hidden") if partner_hidden else f"'{game.partner.name}'"
    lines = [msg(_K + "intro", rounds=c.rounds, partner=partner,
                 reward=_num(c.reward), punishment=_num(c.punishment),
                 temptation=_num(c.temptation), sucker=_num(c.sucker))]
    if c.noise > 0:
        lines.append(msg(_K + "intro_noise", noise=_pct(c.noise)))
        if c.informal_contact > 0:
            lines.append(msg(_K + "intro_informal", share=_pct(c.informal_contact)))
    if c.sanction > 0 and c.monitoring > 0:
        lines.append(msg(_K + "intro_contract", monitoring=_pct(c.monitoring),
                         sanction=_num(c.sanction)))
    return lines


def round_lines(game: Game) -> list[str]:
    """What happened in the last round, the points and the moves so far (empty before round 1)."""
    if not game.rounds:
        return []
    r, c = game.rounds[-1], game.conditions
    lines = [msg(_K + "round", number=r.number, rounds=c.rounds, own=move_name(r.played[0]),
                 other=move_name(r.played[1]))]
    for side, key in ((0, "misunderstood_own"), (1, "misunderstood_other")):
        if r.misunderstood[side]:
            lines.append(msg(_K + key, intended=move_name(r.intended[side]),
                             played=move_name(r.played[side])))
            if r.talked_through[side]:
                lines.append(msg(_K + "talked_through"))
    for side, key in ((0, "fined_own"), (1, "fined_other")):
        if r.fined[side]:
            lines.append(msg(_K + key, sanction=_num(c.sanction)))
    own, other = game.totals
    lines.append(msg(_K + "points", own=_num(r.scores[0]), other=_num(r.scores[1]),
                     own_total=_num(own), other_total=_num(other)))
    history = game.history
    lines.append(msg(_K + "moves_so_far", own="".join(a for a, _ in history),
                     other="".join(b for _, b in history)))
    return lines


def summary(game: Game, person_name: str) -> list[str]:
    """The closing explanation: who the partner was, how often it mirrored, the best
    possible total and what the game shows (empty until the game is finished).

    ``person_name``: how the explanation names the student (the chart's label).
    """
    if not game.finished:
        return []
    c, partner = game.conditions, game.partner
    lines = [msg(_K + "partner_was", name=partner.name, explanation=partner.explanation)]
    if len(game.rounds) > 1:
        lines.append(msg(_K + "mirror", count=game.mirror_count(), total=len(game.rounds) - 1))
    own, other = game.totals
    lines.append(msg(_K + "best", best=_num(c.rounds * c.reward), own=_num(own), other=_num(other)))
    lines.append(explain(game.as_match(person_name)))
    lines.append(msg(_K + "reflect"))
    return lines


def status(game: Game) -> str:
    """What the student can do now: the first move, the next round, or start over."""
    rounds = game.conditions.rounds
    if game.finished:
        return msg(_K + "status_finished", rounds=rounds)
    if not game.rounds:
        return msg(_K + "status_start")
    return msg(_K + "status_next", number=len(game.rounds) + 1, rounds=rounds)


def chart_text(game: Game) -> str:
    """The running totals in words: the text alternative of the game's chart."""
    if not game.rounds:
        return msg(_K + "alt_empty")
    own, other = game.totals
    return msg(_K + "alt", number=len(game.rounds), own=_num(own), other=_num(other))
