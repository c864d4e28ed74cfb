"""The governance advisor: four labelled controls, a fit chart per mode and the reasons."""

from __future__ import annotations

import html
import textwrap

import ipywidgets as widgets

from ketenles.content.cases import Case
from ketenles.display import charts
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
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

_STYLE = {"description_width": "17em"}
_LAYOUT = {"width": "44em"}


def _fmt(score: float) -> str:
    return f"{score:g}".replace(".", ",")


class GovernanceAdvisor(widgets.VBox):
    """Estimate Provan & Kenis' four contingencies and see which governance mode fits.

    >>> advisor = GovernanceAdvisor(case=load_case("suwi-keten"))   # doctest: +SKIP
    >>> advisor.controls["trust"].value = "hoog"; advisor.advice.best  # doctest: +SKIP

    ``case``: optional; the controls start at the profile of the case's form and
    the advice is compared with that form. ``start``: optional starting inputs
    (as for :func:`ketenles.models.governance.advise`); it wins over the case profile.
    """

    def __init__(self, case: Case | None = None, start: dict | None = None):
        if case is not None and not isinstance(case, Case):
            raise ArgumentError("case", case, msg("widgets.expect.case"))
        self.case = case
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
                control = widgets.BoundedIntText(value=initial[name], min=2, max=100000, step=1)
            else:
                options = [(level_label(name, level), level) for level in LEVELS[name]]
                control = widgets.Dropdown(options=options, value=initial[name])
            control.description = contingency_name(name)
            control.description_allow_html = False
            control.style = _STYLE
            control.layout = widgets.Layout(**_LAYOUT)
            self.controls[name] = control
        self.participants_note = widgets.HTML()
        self.chart = widgets.HTML(layout=widgets.Layout(min_height="300px"))
        self.text = widgets.HTML()
        intro = f"<p>{html.escape(msg('governance.widget.instructions'))}</p>"
        if case is not None:
            start = msg("governance.widget.start_from_case", form=mode_name(case.governance_form))
            intro += f"<p>{html.escape(start)}</p>"
        heading = widgets.HTML(f"<h4>{html.escape(msg('governance.widget.heading'))}</h4>{intro}")
        super().__init__([heading, self.controls["trust"], self.controls["participants"],
                          self.participants_note, self.controls["goal_consensus"],
                          self.controls["competencies"], self.chart, self.text])
        self.advice: Advice = advise(**self.inputs)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def inputs(self) -> dict[str, object]:
        """The current choices, ready for :func:`ketenles.models.governance.advise`."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.advice = advise(**self.inputs)
        band = level_label("participants", participants_level(self.controls["participants"].value))
        note = msg("governance.widget.participants_level", level=band)
        self.participants_note.value = f"<p style='margin-left:17em'>{html.escape(note)}</p>"
        self.chart.value = charts.to_html(self._figure(), self.advice.summary())
        self.text.value = self._text_html()

    def _figure(self):
        scores = [self.advice.scores[m] for m in MODES]
        marks = [f"{_fmt(s)}" + (f"\n{msg('governance.chart.best_mark')}" if m in self.advice.best else "")
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
            parts.append(f"<p><strong>{esc(fit.name)}</strong> ({_fmt(fit.score)} / 4)</p><ul>{items}</ul>")
        parts.append(f"<h5>{esc(msg('governance.widget.tensions_heading'))}</h5><ul>")
        for tension in self.advice.tensions:
            parts.append(f"<li><strong>{esc(tension.name)}.</strong> {esc(tension.explanation)} "
                         f"<em>{esc(tension.seminar)}</em></li>")
        parts.append("</ul>")
        return "".join(parts)
