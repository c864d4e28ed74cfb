"""The ketenscan exercise: five labelled sliders, a radar chart and advice."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ketenles.content.cases import Case
from ketenles.content.seminar import factors
from ketenles.display import charts
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models import progress
from ketenles.models.scan import MAX_SCORE, MIN_SCORE, ScanResult, check_answers, compare_with_estimate, score_scan


class ScanExercise(widgets.VBox):
    """Fill in the ketenscan for a chain and see its profile update on every change.

    >>> from ketenles import load_case
    >>> exercise = ScanExercise(case=load_case("strafrechtketen"))
    >>> exercise.set_answers({"gezamenlijk_doel": 4, "persoonlijk_commitment": 2, "weinig_machtsdruk": 3,
    ...                       "successen_gunnen": 3, "draagvlak_top": 4})
    >>> exercise.result.weakest
    ('persoonlijk_commitment',)

    ``case``: optional; its course estimate is drawn next to the student's scores.
    ``start``: optional starting answers ``{factor_id: 1..5}``; default 3 everywhere.
    ``oefening``: the exercise id saved in the self-learner's progress once the
    student has moved the sliders away from the start and clicked **Vraag feedback**
    (a case with a course estimate only).
    """

    def __init__(self, case: Case | None = None, start: dict[str, int] | None = None, name: str | None = None,
                 oefening: str | None = None):
        if case is not None and not isinstance(case, Case):
            raise ArgumentError("case", case, msg("widgets.expect.case"))
        if oefening is not None:
            progress.check_exercise_id(oefening, "oefening")
        self.case = case
        self.exercise_id = oefening
        self.progress_note: str | None = None
        self.chain_name = name or (case.name if case else msg("scan.widget.your_chain"))
        initial = check_answers(start, "start") if start is not None else {f.id: 3 for f in factors()}
        self.sliders = {
            f.id: widgets.IntSlider(
                value=initial[f.id], min=MIN_SCORE, max=MAX_SCORE, step=1,
                description=f.short, description_allow_html=False,
                tooltip=f.name, continuous_update=False,
                style={"description_width": "11em"}, layout=widgets.Layout(width="32em"),
            )
            for f in factors()
        }
        self.chart = widgets.HTML(layout=widgets.Layout(min_height="300px"))
        self.advice_box = widgets.HTML()
        self.advice_box.add_class("ketenles-scan-advice")  # a stable hook for browser tests
        heading = widgets.HTML(
            f"<h4>{html.escape(msg('scan.widget.heading'))}: {html.escape(self.chain_name)}</h4>"
            f"<p>{html.escape(msg('scan.widget.instructions'))}</p>"
        )
        self.start = dict(initial)
        self.feedback_button = widgets.Button(description=msg("scan.widget.feedback"),
                                              tooltip=msg("scan.widget.feedback_tooltip"), icon="comment")
        self.feedback_button.on_click(lambda _button: self.ask_feedback())
        self.feedback_box = widgets.HTML()
        self.feedback_box.add_class("ketenles-scan-feedback")
        self.feedback_lines: tuple[str, ...] = ()
        # The course makers' line appears only after the student scored and asked for the
        # comparison: seen earlier, it would be the answer to copy instead of a reading to make.
        self.compared = False
        extra = [self.feedback_button, self.feedback_box] if self._has_estimate else []
        super().__init__([heading, *self.sliders.values(), self.chart, self.advice_box, *extra])
        self.result: ScanResult = score_scan(initial)
        self._radar: charts.RadarChart | None = None
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.refresh()

    @property
    def _has_estimate(self) -> bool:
        return self.case is not None and bool(self.case.scan_estimate)

    @property
    def moved(self) -> bool:
        """Whether any slider is away from where it started."""
        return self.answers != self.start

    def ask_feedback(self) -> tuple[str, ...]:
        """Compare the sliders as they are now with the course's estimate (the button).

        Untouched sliders get no comparison (the start is not the student's reading)
        and mark nothing; otherwise the exercise counts as done.
        """
        if not self._has_estimate:
            return ()
        self.result = score_scan(self.answers)
        self.progress_note = None
        if not self.moved:
            lines: tuple[str, ...] = (msg("scan.compare.untouched"),)
        else:
            reasons = {e.factor_id: e.reason for e in self.case.scan_estimate}
            lines = compare_with_estimate(self.result, self.case.scan_scores(), reasons)
            if not self.compared:
                self.compared, self._radar = True, None  # redraw with the course makers' line
                self.refresh()
            if self.exercise_id:
                self.progress_note = progress.record_success(self.exercise_id)
        self.feedback_lines = lines
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        note = f"<p>{html.escape(self.progress_note)}</p>" if self.progress_note else ""
        self.feedback_box.value = (f"<p><strong>{html.escape(msg('scan.widget.feedback_heading'))}</strong></p>"
                                   f"<ul>{items}</ul>{note}")
        return lines

    @property
    def answers(self) -> dict[str, int]:
        """The current slider positions as ``{factor_id: score}``."""
        return {fid: slider.value for fid, slider in self.sliders.items()}

    def set_answers(self, answers: dict[str, int]) -> None:
        """Move the sliders as a student would; the chart follows once."""
        clean = check_answers(answers)
        with self.hold_trait_notifications():
            for fid, value in clean.items():
                self.sliders[fid].unobserve(self._on_change, names="value")
                self.sliders[fid].value = value
                self.sliders[fid].observe(self._on_change, names="value")
        self.refresh()

    def _on_change(self, change) -> None:
        self.refresh()

    def _build_chart(self) -> charts.RadarChart:
        series = {msg("scan.chart.series"): list(self.result.scores.values())}
        if self._has_estimate and self.compared:
            series[msg("scan.chart.reference")] = [self.case.scan_scores()[f.id] for f in factors()]
        return charts.RadarChart(
            [f.short for f in factors()], series,
            title=msg("scan.chart.title", name=self.chain_name),
            axis_label=msg("scan.chart.axis"), vmin=0, vmax=MAX_SCORE,
        )

    def _alt_text(self) -> str:
        """The student's profile in words, plus the course estimate when it is drawn too."""
        text = self.result.summary()
        if self._has_estimate and self.compared:
            scores = ", ".join(f"{f.name} {self.case.scan_scores()[f.id]}" for f in factors())
            text += " " + msg("scan.chart.reference_alt", scores=scores)
        return text

    def refresh(self) -> None:
        self.result = score_scan(self.answers)
        if self._radar is None:
            self._radar = self._build_chart()
        else:
            self._radar.update(msg("scan.chart.series"), list(self.result.scores.values()))
        self.chart.value = charts.to_html(self._radar.to_png(), self._alt_text())
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.result.advice)
        self.advice_box.value = (
            f"<p><strong>{html.escape(msg('scan.widget.advice_heading'))}</strong></p>"
            f"<p>{html.escape(self.result.verdict)}</p><ul>{items}</ul>"
        )
