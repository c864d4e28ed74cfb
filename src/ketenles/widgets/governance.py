"""The governance advisor: four labelled controls, a fit chart per mode and the reasons."""

from __future__ import annotations

import html
import textwrap

import ipywidgets as widgets

from ketenles.content.cases import Case
from ketenles.display import charts
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number
from ketenles.models.governance import (
    CONTINGENCIES,
    LEVELS,
    MODES,
    TYPICAL_COUNT,
    Advice,
    advise,
    case_profile,
    check_inputs,
    contingency_name,
    level_label,
    mode_name,
    participants_level,
)

# Wide enough for the longest label ("Behoefte aan vaardigheden op ketenniveau") and
# the longest option next to it, so neither is cut off with an ellipsis.
_LABEL_WIDTH = "23em"
_STYLE = {"description_width": _LABEL_WIDTH}
_LAYOUT = {"width": "68em", "max_width": "100%"}
MIN_PARTICIPANTS, MAX_PARTICIPANTS = 2, 100_000


class GovernanceAdvisor(widgets.VBox):
    """Estimate Provan & Kenis' four contingencies and see which governance mode fits.

    >>> from ketenles import load_case
    >>> advisor = GovernanceAdvisor(case=load_case("suwi-keten"))
    >>> advisor.inputs["participants"], advisor.advice.best
    (40, ('nao',))
    >>> advisor.controls["participants"].value = 4; advisor.controls["trust"].value = "hoog"
    >>> advisor.controls["goal_consensus"].value = "hoog"; advisor.advice.best
    ('gedeeld',)

    ``case``: optional; the controls start at the profile of the case's form and
    the advice is compared with that form. ``start``: optional starting inputs
    (as for :func:`ketenles.models.governance.advise`); it wins over the case profile.
    ``blank``: start with nothing chosen and no advice on screen until all four
    are chosen (for a quiz that asks what the advisor says).
    """

    def __init__(self, case: Case | None = None, start: dict | None = None, blank: bool = False):
        if case is not None and not isinstance(case, Case):
            raise ArgumentError("case", case, msg("widgets.expect.case"))
        if not isinstance(blank, bool):
            raise ArgumentError("blank", blank, msg("governance.expect.blank"))
        self.case = case
        self.blank = blank
        self._clamped: tuple[int, int] | None = None
        initial = case_profile(case) if case is not None else {
            "trust": "gemiddeld", "participants": TYPICAL_COUNT["weinig"],
            "goal_consensus": "matig_hoog", "competencies": "gemiddeld"}
        if start is not None:
            check_inputs(start, "start")
            initial = dict(start)
        if isinstance(initial["participants"], str):
            initial["participants"] = TYPICAL_COUNT[initial["participants"]]
        self.controls: dict[str, widgets.ValueWidget] = {}
        for name in CONTINGENCIES:
            if name == "participants":
                # Not a BoundedIntText: that silently turns 0 into 2; refresh() says what it did.
                control = widgets.IntText(value=initial[name], step=1)
            else:
                options = [(level_label(name, level), level) for level in LEVELS[name]]
                if blank:
                    options.insert(0, (msg("governance.widget.choose"), None))
                control = widgets.Dropdown(options=options, value=None if blank else initial[name])
            control.description = contingency_name(name)
            control.description_allow_html = False
            control.style = _STYLE
            control.layout = widgets.Layout(**_LAYOUT)
            self.controls[name] = control
        self.participants_note = widgets.HTML()
        self.chart = widgets.HTML(layout=widgets.Layout(min_height="300px"))
        self.text = widgets.HTML()
        intro = f"<p>{html.escape(msg('governance.widget.instructions'))}</p>"
        # "Nothing chosen yet" is true only until the last choice: refresh() removes it then.
        self.blank_note = widgets.HTML(f"<p>{html.escape(msg('governance.widget.start_blank'))}</p>" if blank else "")
        if case is not None and not blank:
            start = msg("governance.widget.start_from_case", form=mode_name(case.governance_form))
            intro += f"<p>{html.escape(start)}</p>"
        heading = widgets.HTML(f"<h4>{html.escape(msg('governance.widget.heading'))}</h4>{intro}")
        super().__init__([heading, self.blank_note, self.controls["trust"], self.controls["participants"],
                          self.participants_note, self.controls["goal_consensus"],
                          self.controls["competencies"], self.chart, self.text])
        self.advice: Advice | None = None if blank else advise(**self.inputs)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def inputs(self) -> dict[str, object]:
        """The current choices, ready for :func:`ketenles.models.governance.advise`."""
        return {name: control.value for name, control in self.controls.items()}

    @property
    def complete(self) -> bool:
        """Whether all four contingencies have a value (a blank advisor starts without)."""
        return all(value is not None for value in self.inputs.values())

    def _on_change(self, change) -> None:
        box = self.controls["participants"]
        if change is not None and change.get("owner") is box:
            typed = change["new"]
            if not MIN_PARTICIPANTS <= typed <= MAX_PARTICIPANTS:
                used = min(max(typed, MIN_PARTICIPANTS), MAX_PARTICIPANTS)
                self._clamped = (typed, used)
                box.value = used  # observed again: that call redraws
                return
            if self._clamped is not None and typed != self._clamped[1]:
                self._clamped = None
        self.refresh()

    @property
    def participants_message(self) -> str:
        """The line under the participants box: how the number counts, and any correction."""
        band = level_label("participants", participants_level(self.controls["participants"].value))
        lines = [msg("governance.widget.participants_level", level=band)]
        if self._clamped is not None:
            typed, used = self._clamped
            key = "participants_too_few" if typed < MIN_PARTICIPANTS else "participants_too_many"
            lines.insert(0, msg(f"governance.widget.{key}", typed=format_number(typed),
                                used=format_number(used), low=format_number(MIN_PARTICIPANTS),
                                high=format_number(MAX_PARTICIPANTS)))
        return " ".join(lines)

    def refresh(self) -> None:
        self.participants_note.value = (f"<p style='margin-left:{_LABEL_WIDTH}'>"
                                        f"{html.escape(self.participants_message)}</p>")
        if self.complete:
            self.blank_note.value = ""
        if not self.complete:
            self.advice = None
            self.chart.value = ""
            self.text.value = f"<p><strong>{html.escape(msg('governance.widget.incomplete'))}</strong></p>"
            return
        self.advice = advise(**self.inputs)
        self.chart.value = charts.to_html(self._figure(), self.advice.summary())
        self.text.value = self._text_html()

    def _figure(self):
        scores = [self.advice.scores[m] for m in MODES]
        marks = [format_number(s) + (f"\n{msg('governance.chart.best_mark')}" if m in self.advice.best else "")
                 for m, s in zip(MODES, scores, strict=True)]
        return charts.bar_chart(
            [textwrap.fill(mode_name(m), 22) for m in MODES], scores,
            title=msg("governance.chart.title"), xlabel=msg("governance.chart.xlabel"),
            ylabel=msg("governance.chart.ylabel"), vmax=4, annotations=marks,
            emphasis=[m in self.advice.best for m in MODES],
        )

    def _text_html(self) -> str:
        esc = html.escape
        parts = [f"<p><strong>{esc(line)}</strong></p>" if i == 0 else f"<p>{esc(line)}</p>"
                 for i, line in enumerate(self.advice.explanation())]
        if self.case is not None:
            parts.append("<p>" + esc(" ".join(self.advice.compare_with_case(self.case))) + "</p>")
        parts.append(f"<h5>{esc(msg('governance.widget.reasons_heading'))}</h5>")
        for fit in self.advice.fits.values():
            items = "".join(f"<li>{esc(reason)}</li>" for reason in fit.reasons)
            parts.append(f"<p><strong>{esc(fit.name)}</strong> ({format_number(fit.score)} / 4)</p><ul>{items}</ul>")
        parts.append(f"<h5>{esc(msg('governance.widget.tensions_heading'))}</h5><ul>")
        for tension in self.advice.tensions:
            parts.append(f"<li><strong>{esc(tension.name)}.</strong> {esc(tension.explanation)} "
                         f"<em>{esc(tension.seminar)}</em></li>")
        parts.append("</ul>")
        return "".join(parts)
