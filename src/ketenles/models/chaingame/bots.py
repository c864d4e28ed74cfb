"""Computer partners for the class game, built on the cooperation strategies.

A computer partner takes the place of a student who is missing or dropped out,
and plays the self-learner's partners. It reads the chain through a strategy of
:mod:`ketenles.models.cooperation.strategies`: its own last move counts as
cooperative when it put in at least ``COOPERATIVE`` units and shared; the chain
counts as cooperative when every partner's remembered move was. A cooperating
computer partner puts in ``EFFORT_HIGH`` units (or the regisseur's norm) and
shares; otherwise it puts in ``EFFORT_LOW`` and keeps its data.

Its decision depends only on the rounds played and the round's lot, so after a
server restart it decides exactly as before.

>>> from ketenles.models.chaingame.rules import GameSetup
>>> from ketenles.models.chaingame.chain import Chain
>>> bot_move(Chain(GameSetup(("A", "B", "C"))), 1)
Move(effort=8, share=True, norm=None, message=None)
"""

from __future__ import annotations

import numpy as np

from ketenles.models.chaingame import rules
from ketenles.models.chaingame.chain import Chain, lots
from ketenles.models.chaingame.rules import Move
from ketenles.models.cooperation.strategies import strategy

COOPERATIVE = 5
EFFORT_HIGH = 8
EFFORT_LOW = 3
DEFAULT_STRATEGY = "tit_for_tat"
# bots say what they did, so informal contact is not one-sided
_MESSAGE = {True: "ready", False: "trouble"}


def _cooperative(effort: int, share: bool) -> bool:
    return effort >= COOPERATIVE and share


def bot_move(chain: Chain, seat: int, strategy_id: str = DEFAULT_STRATEGY) -> Move:
    """The move of a computer partner with strategy ``strategy_id`` in ``seat`` for the next round."""
    rule = strategy(strategy_id)
    p = rule.first(1)
    state = rule.start(1)
    for result in chain.rounds:
        own = result.links[seat]
        others = [link for i, link in enumerate(result.links) if i != seat]
        mine = np.array([_cooperative(own.intended.effort, own.intended.share)])
        theirs = np.array([all(_cooperative(link.remembered, link.intended.share) for link in others)])
        p = rule.respond(state, mine, theirs)
    chance = float(np.asarray(p, dtype=float).reshape(-1)[0])
    lot = lots(chain.setup, chain.number, chain.next_round)[seat, 3]
    helps = lot < chance if rule.stochastic else chance >= 0.5
    options = chain.setup.options
    effort = EFFORT_HIGH if helps else EFFORT_LOW
    if helps and chain.norm is not None:
        effort = chain.norm
    # a cooperating regisseur asks for a high norm, a disappointed one lowers it
    norm = (EFFORT_HIGH if helps else EFFORT_LOW) if rules.is_regisseur(chain.setup, seat) else None
    message = _MESSAGE[bool(helps)] if options.informal_contact else None
    return Move(int(effort), bool(helps), norm, message)
