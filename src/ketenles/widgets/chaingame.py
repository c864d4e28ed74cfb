"""The chain game for a self-learner: one chain, the student's organisation against computer partners.

The same model as the class game (:mod:`ketenles.models.chaingame`); the
computer partners are those that take a dropped student's seat in class.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ketenles.content.cases import load_case
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number
from ketenles.models.chaingame import MESSAGES, Chain, GameSetup, Move, MoveError, Options, bot_move, rules
from ketenles.models.chaingame.rules import MAX_LINKS, MIN_LINKS
from ketenles.models.cooperation import STRATEGY_IDS

_K = "chaingame.widget."


class ChainGame(widgets.VBox):
    """Play one chain of ``case`` as its first organisation, against computer partners.

    >>> game = ChainGame("suwi-keten", rounds=2, seed=1)
    >>> _ = game.play(8, True)
    >>> _ = game.play(8, True)
    >>> game.finished, len(game.chain.rounds)
    (True, 2)

    ``size``: organisations in the chain (3..5, at most the case's partners);
    ``options``: names from ``OPTION_NAMES`` (``"noise"``, ``"informal_contact"``,
    ``"regie"``, ``"contract"``); ``partners``: the computer partners' strategy
    (``STRATEGY_IDS``); ``seed`` makes the game reproducible.
    """

    def __init__(self, case: str = "suwi-keten", *, size: int = 3, rounds: int = 6, options=(),
                 partners: str = "tit_for_tat", seed: int = 0):
        chosen = load_case(case)
        if isinstance(size, bool) or not isinstance(size, int) \
                or not MIN_LINKS <= size <= min(MAX_LINKS, len(chosen.partners)):
            raise ArgumentError("size", size, msg("chaingame.expect.roles", low=MIN_LINKS,
                                                  high=min(MAX_LINKS, len(chosen.partners))))
        if partners not in STRATEGY_IDS:
            raise ArgumentError("partners", partners, msg("chaingame.widget.expect_partners",
                                                          ids=", ".join(STRATEGY_IDS)))
        self.partners = partners
        self._setup = GameSetup(tuple(p.name for p in chosen.partners[:size]), rounds,
                                Options.from_names(list(options)), seed, chosen.id)
        self.chain = Chain(self._setup)

        self.effort = widgets.IntSlider(value=5, min=0, max=rules.CAPACITY, description=msg(_K + "effort"),
                                        style={"description_width": "12em"}, layout=widgets.Layout(width="34em"))
        self.share = widgets.Checkbox(value=True, description=msg(_K + "share"), indent=False)
        self.norm = widgets.BoundedIntText(value=rules.DEFAULT_NORM, min=0, max=rules.CAPACITY,
                                           description=msg(_K + "norm"), style={"description_width": "12em"})
        self.message = widgets.Dropdown(options=[(msg(_K + "no_message"), "")] + [
            (msg(f"chaingame.messages.{k}"), k) for k in MESSAGES], description=msg(_K + "message"),
            style={"description_width": "12em"}, layout=widgets.Layout(width="34em"))
        self.send = widgets.Button(description=msg(_K + "send"), tooltip=msg(_K + "send"))
        self.restart_button = widgets.Button(description=msg(_K + "restart"), tooltip=msg(_K + "restart"))
        self.intro = widgets.HTML()
        self.status = widgets.HTML()
        self.results = widgets.HTML()
        # A control of an option that is off is not shown at all (not merely hidden).
        optional = [control for control, on in ((self.norm, self._setup.options.regie),
                                                (self.message, self._setup.options.informal_contact)) if on]
        super().__init__([widgets.HTML(f"<h4>{html.escape(msg(_K + 'heading', case=chosen.name))}</h4>"),
                          self.intro, self.effort, self.share, *optional,
                          widgets.HBox([self.send, self.restart_button]), self.status, self.results])
        self.send.on_click(lambda _: self._click())
        self.restart_button.on_click(lambda _: self.restart())
        self.refresh()

    @property
    def finished(self) -> bool:
        return self.chain.finished

    @property
    def total(self) -> float:
        return self.chain.totals[0] if self.chain.rounds else 0.0

    def play(self, effort: int, share: bool, norm: int | None = None, message: str | None = None):
        """Play the next round with the student's move; the computer partners move too."""
        partners = [bot_move(self.chain, seat, self.partners) for seat in range(1, self._setup.size)]
        result = self.chain.play_round([Move(effort, share, norm, message), *partners])
        self.refresh()
        return result

    def restart(self) -> None:
        self.chain = Chain(self._setup)
        self.refresh()

    def _click(self) -> None:
        options = self._setup.options
        try:
            self.play(self.effort.value, self.share.value, self.norm.value if options.regie else None,
                      (self.message.value or None) if options.informal_contact else None)
        except (MoveError, ValueError) as error:
            self.status.value = f"<p role='alert'>{html.escape(str(error))}</p>"

    def refresh(self) -> None:
        setup, chain = self._setup, self.chain
        roles = setup.roles
        active = [msg(f"chaingame.options.{n}") for n in setup.options.active]
        self.intro.value = "<p>" + html.escape(msg(_K + "intro", role=roles[0], partners=", ".join(roles[1:]),
                                                   rounds=setup.rounds)) + (
            " " + html.escape(msg(_K + "options", list=", ".join(active))) if active else "") + "</p>"
        self.send.disabled = chain.finished
        if chain.finished:
            text = msg(_K + "finished", total=format_number(self.total, decimals=1))
        else:
            text = msg(_K + "your_turn", round=chain.next_round, rounds=setup.rounds)
            if chain.norm is not None:
                text += " " + msg("chaingame.page.norm_now", norm=chain.norm)
        self.status.value = f"<p role='status'>{html.escape(text)}</p>"
        self.results.value = "".join(self._round_table(r) for r in reversed(chain.rounds))

    def _round_table(self, result) -> str:
        roles = self._setup.roles
        head = "".join(f"<th scope='col'>{html.escape(msg(f'chaingame.page.{k}'))}</th>"
                       for k in ("col_role", "col_effort", "col_shared", "col_message", "col_note"))
        rows = []
        for seat, link in enumerate(result.links):
            notes = []
            if link.misunderstood:
                notes.append(msg("chaingame.page.talked_through", effort=link.intended.effort)
                             if link.talked_through else msg("chaingame.page.misunderstood"))
            if not link.received_data:
                notes.append(msg("chaingame.page.no_data"))
            if link.fined:
                notes.append(msg("chaingame.page.fined"))
            who = roles[seat] + (f" ({msg('chaingame.page.you')})" if seat == 0 else "")
            note = msg(f"chaingame.messages.{link.intended.message}") if link.intended.message else ""
            shared = msg("chaingame.page.yes" if link.intended.share else "chaingame.page.no")
            rows.append(f"<tr><th scope='row'>{html.escape(who)}</th><td>{link.arrived}</td>"
                        f"<td>{html.escape(shared)}</td>"
                        f"<td>{html.escape(note)}</td><td>{html.escape('; '.join(notes))}</td></tr>")
        caption = msg("chaingame.page.round_caption", round=result.number,
                      output=format_number(result.output, decimals=1),
                      points=format_number(result.points[0], decimals=1), weakest=roles[result.weakest_link])
        return (f"<table class='ketenspel-ronde'><caption>{html.escape(caption)}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
