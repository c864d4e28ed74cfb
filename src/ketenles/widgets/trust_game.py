"""The trust game: a student plays round by round against a simulated chain partner."""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from ketenles.display import charts
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number, format_percent
from ketenles.models import progress
from ketenles.models.cooperation import STRATEGY_IDS, _checks, explain, strategy
from ketenles.models.cooperation.game import Game, Round

SURPRISE = "verrassing"
_K = "cooperation_widgets.game."


def _num(value: float) -> str:
    return format_number(value)


def _pct(value: float) -> str:
    return format_percent(value)


def _move(letter: str) -> str:
    return msg("cooperation_widgets.moves.cooperate" if letter == "C"
               else "cooperation_widgets.moves.defect")


class TrustGame(widgets.VBox):
    """Play the iterated prisoner's dilemma against a chain partner, one click per round.

    >>> game = TrustGame("tit_for_tat", rounds=3, seed=1)   # doctest: +SKIP
    >>> game.play("C"); game.play("D"); game.play("C")         # doctest: +SKIP
    >>> game.history, game.scores, game.finished               # doctest: +SKIP
    ([('C', 'C'), ('D', 'C'), ('C', 'D')], (8.0, 8.0), True)

    ``partner``: a strategy id (``STRATEGY_IDS``) or ``"verrassing"``: a
    partner drawn at random and named only when the game ends.
    ``rounds`` (1..200), ``noise``, ``informal_contact``, ``sanction`` and
    ``monitoring`` work as in :class:`ketenles.models.cooperation.Conditions`.
    ``seed`` makes every game (and every surprise partner) reproducible;
    *Opnieuw* starts the next game of that seeded series.
    ``oefening``: the exercise id saved in the self-learner's progress when a game
    is played to the last round (a game never played marks nothing).
    """

    def __init__(self, partner: str = "tit_for_tat", *, rounds: int = 10, noise: float = 0.0,
                 informal_contact: float = 0.0, sanction: float = 0.0, monitoring: float = 1.0,
                 seed=None, oefening: str | None = None):
        if oefening is not None:
            progress.check_exercise_id(oefening, "oefening")
        self.exercise_id = oefening
        self.progress_note: str | None = None
        if not isinstance(partner, str) or partner not in (*STRATEGY_IDS, SURPRISE):
            raise ArgumentError("partner", partner, msg("cooperation_widgets.expect.partner",
                                                        ids=", ".join(STRATEGY_IDS)))
        self._root = _checks.generator(seed)
        self._settings = {"rounds": rounds, "noise": noise, "informal_contact": informal_contact,
                          "sanction": sanction, "monitoring": monitoring}
        self.game: Game = self._new_game(partner)  # checks the settings before any widget exists
        self.you, self.other = msg(_K + "you"), msg(_K + "partner")

        options = [(strategy(sid).name, sid) for sid in STRATEGY_IDS] + [(msg(_K + "surprise"), SURPRISE)]
        self.partner_menu = widgets.Dropdown(
            options=options, value=partner, description=msg(_K + "partner_label"),
            tooltip=msg(_K + "partner_tooltip"), style={"description_width": "8em"},
            layout=widgets.Layout(width="34em"))
        # Tab order = this order: the two moves first, then starting over.
        self.cooperate_button = widgets.Button(
            description=msg(_K + "cooperate_button"), tooltip=msg(_K + "cooperate_tooltip"),
            layout=widgets.Layout(width="11em"))
        self.defect_button = widgets.Button(
            description=msg(_K + "defect_button"), tooltip=msg(_K + "defect_tooltip"),
            layout=widgets.Layout(width="11em"))
        self.restart_button = widgets.Button(
            description=msg(_K + "restart_button"), tooltip=msg(_K + "restart_tooltip"),
            layout=widgets.Layout(width="8em", margin="0 0 0 2em"))
        self.intro_box = widgets.HTML()
        self.status_box = widgets.HTML()
        self.round_box = widgets.HTML()
        self.chart = widgets.HTML(layout=widgets.Layout(min_height="300px"))
        self.summary_box = widgets.HTML()
        heading = widgets.HTML(f"<h4>{html.escape(msg(_K + 'heading'))}</h4>")
        super().__init__([
            heading, self.partner_menu, self.intro_box,
            widgets.HBox([self.cooperate_button, self.defect_button, self.restart_button]),
            self.status_box, self.round_box, self.chart, self.summary_box,
        ])
        self._line = self._build_chart()
        self.cooperate_button.on_click(lambda _: self._click("C"))
        self.defect_button.on_click(lambda _: self._click("D"))
        self.restart_button.on_click(lambda _: self.restart())
        self.partner_menu.observe(self._on_partner, names="value")
        self._chosen = partner
        self.refresh()

    # Plain values for lessons and tests ------------------------------------------
    @property
    def history(self) -> list[tuple[str, str]]:
        """The moves as played: ``[(own, partner), ...]``, "C" or "D"."""
        return self.game.history

    @property
    def scores(self) -> tuple[float, float]:
        """Total points so far: (own, partner)."""
        return self.game.totals

    @property
    def finished(self) -> bool:
        return self.game.finished

    @property
    def partner_id(self) -> str:
        """The partner's strategy id, also when it is a hidden surprise partner."""
        return self.game.partner.id

    @property
    def feedback(self) -> list[str]:
        """The sentences about the last round (empty before round 1)."""
        return self._round_lines(self.game.rounds[-1]) if self.game.rounds else []

    @property
    def summary(self) -> list[str]:
        """The closing explanation (empty until the game is finished)."""
        return self._summary_lines() if self.finished else []

    def play(self, move: str) -> Round:
        """Play one round, as a click on a button does, and show the outcome."""
        result = self.game.play(move)
        if self.finished and self.exercise_id:
            self.progress_note = progress.record_success(self.exercise_id)
        self.refresh()
        return result

    def restart(self) -> None:
        """Start a new game with the same settings; a surprise partner is drawn again."""
        self.game = self._new_game(self._chosen)
        self.progress_note = None
        self.refresh()

    # Internals -------------------------------------------------------------------------
    def _new_game(self, partner: str) -> Game:
        chosen = str(self._root.choice(STRATEGY_IDS)) if partner == SURPRISE else partner
        game_rng = np.random.default_rng(int(self._root.integers(2**63)))
        return Game(chosen, seed=game_rng, **self._settings)

    def _on_partner(self, change) -> None:
        self._chosen = change["new"]
        self.restart()

    def _click(self, move: str) -> None:
        # A finished game ignores further clicks; the status line says what to do.
        if not self.finished:
            self.play(move)

    def _partner_text(self) -> str:
        if self._chosen == SURPRISE and not self.finished:
            return msg(_K + "surprise_hidden")
        return f"'{self.game.partner.name}'"

    def _build_chart(self) -> charts.LineChart:
        from matplotlib.ticker import MaxNLocator

        c, n = self.game.conditions, self.game.conditions.rounds
        worst = min(0.0, c.sucker, c.punishment - (c.sanction if c.monitoring > 0 else 0.0))
        line = charts.LineChart(
            [self.you, self.other], msg(_K + "chart_title"), msg(_K + "chart_x"), msg(_K + "chart_y"),
            xlim=(0, n + max(1.0, 0.15 * n)), ylim=(n * worst, n * c.temptation * 1.05),
            width=6.0, height=3.4, end_labels=True)
        line.ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        return line

    def _intro_lines(self) -> list[str]:
        c = self.game.conditions
        lines = [msg(_K + "intro", rounds=c.rounds, partner=self._partner_text(),
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

    def _round_lines(self, r: Round) -> list[str]:
        c = self.game.conditions
        lines = [msg(_K + "round", number=r.number, rounds=c.rounds, own=_move(r.played[0]),
                     other=_move(r.played[1]))]
        for side, key in ((0, "misunderstood_own"), (1, "misunderstood_other")):
            if r.misunderstood[side]:
                lines.append(msg(_K + key, intended=_move(r.intended[side]), played=_move(r.played[side])))
                if r.talked_through[side]:
                    lines.append(msg(_K + "talked_through"))
        for side, key in ((0, "fined_own"), (1, "fined_other")):
            if r.fined[side]:
                lines.append(msg(_K + key, sanction=_num(c.sanction)))
        own, other = self.scores
        lines.append(msg(_K + "points", own=_num(r.scores[0]), other=_num(r.scores[1]),
                         own_total=_num(own), other_total=_num(other)))
        history = self.history
        lines.append(msg(_K + "moves_so_far", own="".join(a for a, _ in history),
                         other="".join(b for _, b in history)))
        return lines

    def _summary_lines(self) -> list[str]:
        game, c = self.game, self.game.conditions
        partner = game.partner
        lines = [msg(_K + "partner_was", name=partner.name, explanation=partner.explanation)]
        if len(game.rounds) > 1:
            lines.append(msg(_K + "mirror", count=game.mirror_count(), total=len(game.rounds) - 1))
        own, other = self.scores
        lines.append(msg(_K + "best", best=_num(c.rounds * c.reward), own=_num(own), other=_num(other)))
        lines.append(explain(game.as_match(self.you)))
        lines.append(msg(_K + "reflect"))
        return lines

    def _status(self) -> str:
        c = self.game.conditions
        if self.finished:
            return msg(_K + "status_finished", rounds=c.rounds)
        if not self.game.rounds:
            return msg(_K + "status_start")
        return msg(_K + "status_next", number=len(self.game.rounds) + 1, rounds=c.rounds)

    def _alt(self) -> str:
        if not self.game.rounds:
            return msg(_K + "alt_empty")
        own, other = self.scores
        return msg(_K + "alt", number=len(self.game.rounds), own=_num(own), other=_num(other))

    def refresh(self) -> None:
        """Redraw texts and chart from the current game."""
        done = self.finished
        self.cooperate_button.disabled = self.defect_button.disabled = done
        self.intro_box.value = "<p>" + html.escape(" ".join(self._intro_lines())) + "</p>"
        # role=status: a screen reader announces the new text without moving focus.
        self.status_box.value = (f'<p role="status" aria-live="polite"><strong>'
                                 f"{html.escape(self._status())}</strong></p>")
        self.round_box.value = "".join(f"<p>{html.escape(line)}</p>" for line in self.feedback)
        own, other = self.game.cumulative
        x = list(range(len(own)))
        self._line.update(self.you, x, own)
        self._line.update(self.other, x, other)
        self.chart.value = charts.to_html(self._line.to_png(), self._alt())
        if done:
            self.summary_box.value = (
                f"<h5>{html.escape(msg(_K + 'summary_heading'))}</h5>"
                + "".join(f"<p>{html.escape(line)}</p>" for line in [*self.summary, self.progress_note]
                          if line))
        else:
            self.summary_box.value = ""
