"""What a player and the lecturer may see of a game, as plain JSON-ready dicts.

A player sees their own chain only: the partners' roles, whether each partner is
a student or a computer partner, and of every *played* round what came across
from each link (effort, data, message, fine) and their own points. Moves of the
open round stay private until the round is played, and other chains never
appear. The lecturer sees every chain, as figures per round.
"""

from __future__ import annotations

from ketenles.classgame.game import ClassGame, Player
from ketenles.i18n import msg
from ketenles.models.chaingame import MESSAGES, OPTION_NAMES, is_regisseur, rules

FORMAT = "ketenles-chaingame/1"


def _options(game: ClassGame) -> list[dict]:
    return [{"name": name, "label": msg(f"chaingame.options.{name}"),
             "help": msg(f"chaingame.option_help.{name}", norm=rules.CONTRACT_NORM)}
            for name in game.settings.options.active]


def _round_for_player(result, seat: int) -> dict:
    links = []
    for i, link in enumerate(result.links):
        seen = {"seat": i, "arrived": link.arrived, "remembered": link.remembered, "shared": link.intended.share,
                "received_data": link.received_data, "fined": link.fined, "message": link.intended.message,
                "misunderstood": link.misunderstood, "talked_through": link.talked_through}
        if i == seat:
            seen.update(intended=link.intended.effort, points=link.points)
        links.append(seen)
    return {"number": result.number, "norm": result.norm, "weakest": result.weakest,
            "weakest_link": result.weakest_link, "output": result.output, "links": links,
            "points": result.links[seat].points, "trust": result.trust}


def player_view(game: ClassGame, player: Player) -> dict:
    setup = game.settings
    view = {
        "game": {"code": game.code, "status": game.status, "case": setup.case_name, "rounds": setup.rounds,
                 "options": _options(game), "capacity": rules.CAPACITY,
                 "messages": [{"key": k, "text": msg(f"chaingame.messages.{k}")} for k in MESSAGES]
                 if setup.options.informal_contact else []},
        "me": {"name": player.name, "seat": player.seat, "chain": player.chain + 1,
               "role": setup.roles[player.seat], "regisseur": setup.options.regie and player.seat == 0},
    }
    if not game.chains:
        view["chain"] = None
        return view
    state = game.chains[player.chain]
    humans = game.humans(player.chain)
    chain = state.chain
    view["chain"] = {
        "round": chain.next_round if not chain.finished else None,
        "finished": chain.finished,
        "norm": chain.norm,
        "submitted": player.seat in state.pending,
        "waiting": game.size - len(state.pending),
        "links": [{"seat": i, "role": role, "kind": "student" if i in humans else "computer",
                   "you": i == player.seat, "regisseur": is_regisseur(chain.setup, i)}
                  for i, role in enumerate(setup.roles)],
        "history": [_round_for_player(r, player.seat) for r in chain.rounds],
        "total": chain.totals[player.seat] if chain.rounds else 0.0,
    }
    return view


def _chains(game: ClassGame):
    """Each chain of the game as (its state, its model chain, the seats students hold)."""
    for state in game.chains:
        yield state, state.chain, game.humans(state.chain.number)


def lecturer_view(game: ClassGame) -> dict:
    chains = []
    for state, chain, humans in _chains(game):
        chains.append({
            "number": chain.number + 1,
            "round": None if chain.finished else chain.next_round,
            "finished": chain.finished,
            "moved": len(state.pending),
            "players": [{"seat": i, "role": role, "name": humans[i].name if i in humans else None}
                        for i, role in enumerate(game.settings.roles)],
            "rounds": [{"number": r.number, "cooperation": r.cooperation, "trust": r.trust, "output": r.output,
                        "weakest_link": r.weakest_link, "fined": sum(link.fined for link in r.links),
                        "computer": sum(b == "computer" for b in state.by[r.number - 1])}
                       for r in chain.rounds],
        })
    return {
        "code": game.code, "status": game.status, "case": game.settings.case_name,
        "roles": list(game.settings.roles), "rounds": game.settings.rounds,
        "options": _options(game), "bot_after": game.settings.bot_after,
        "players": [{"name": p.name, "chain": p.chain + 1, "seat": p.seat, "role": game.settings.roles[p.seat]}
                    for p in game.players],
        "chains": chains,
    }


def export(game: ClassGame) -> dict:
    """The saved moves of a game, for the debrief: enough to replay every chain through the model."""
    chains = []
    for state, chain, humans in _chains(game):
        chains.append({
            "number": chain.number,
            "setup": chain.setup.as_dict(),
            "players": [{"seat": i, "role": role, "kind": "student" if i in humans else "computer"}
                        for i, role in enumerate(game.settings.roles)],
            "rounds": [{"moves": [link.intended.as_dict() for link in r.links], "by": list(state.by[r.number - 1])}
                       for r in chain.rounds],
            "results": [r.as_dict() for r in chain.rounds],
        })
    return {"format": FORMAT, "code": game.code, "case_id": game.settings.case_id,
            "case": game.settings.case_name, "options": {n: getattr(game.settings.options, n) for n in OPTION_NAMES},
            "status": game.status, "chains": chains}
