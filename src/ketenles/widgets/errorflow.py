"""The error traveller: edit a chain's information flows and see where an error goes."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ketenles.display import charts
from ketenles.errors import ArgumentError, KetenlesError
from ketenles.i18n import msg
from ketenles.models import progress
from ketenles.models.chainmap import DEFAULT_SEED, layout, short_name
from ketenles.models.errorflow import (
    ARRANGEMENTS,
    Outcome,
    Scenario,
    best_check,
    compare,
    edit_flows,
    missing_link,
    scenario,
)

_WIDE = widgets.Layout(width="36em")
_STYLE = {"description_width": "10em"}


def _flow_key(flow) -> tuple[str, str, str]:
    return (flow.sender, flow.receiver, flow.label)


class ErrorFlowExplorer(widgets.VBox):
    """Choose where an error enters, edit the flows, and compare four arrangements.

    >>> explorer = ErrorFlowExplorer("brp-adres")
    >>> explorer.outcome.reached
    5
    >>> explorer.arrangement.value = "ketenregister"; explorer.outcome.still_wrong
    ()

    ``scenario_id``: a chain of ``data/infoketens.yaml`` (or pass a
    :class:`~ketenles.models.errorflow.Scenario`). ``oefening``: the exercise id saved
    in the self-learner's progress once the student has changed the map and chosen
    an arrangement.
    """

    def __init__(self, scenario_id: str | Scenario = "brp-adres", oefening: str | None = None,
                 seed: int = DEFAULT_SEED):
        self.scenario = scenario_id if isinstance(scenario_id, Scenario) else scenario(scenario_id)
        if oefening is not None:
            progress.check_exercise_id(oefening, "oefening")
        self.exercise_id = oefening
        self.progress_note: str | None = None
        self.chain = self.scenario.chain
        self.original = {_flow_key(f) for f in self.chain.flows}
        self.positions = layout(self.chain, seed)  # once, so partners stay put while the map changes
        partners = list(self.chain.partners)

        def dropdown(key: str, options, value):
            return widgets.Dropdown(options=options, value=value, description=msg(f"errorflow.widget.{key}"),
                                    description_allow_html=False, style=_STYLE, layout=_WIDE)

        self.origin = dropdown("origin", partners, self.scenario.origin)
        self.arrangement = dropdown(
            "arrangement", [(msg(f"errorflow.arrangement.{a}.name"), a) for a in ARRANGEMENTS], "geen")
        self.at = dropdown("at", self._at_options(), None)
        self.at.disabled = True
        self.sender = dropdown("sender", partners, partners[0])
        self.receiver = dropdown("receiver", partners, partners[1])
        self.label = widgets.Text(description=msg("errorflow.widget.label"), description_allow_html=False,
                                  placeholder=msg("errorflow.widget.label_placeholder"), style=_STYLE, layout=_WIDE)
        self.add_button = widgets.Button(description=msg("errorflow.widget.add"),
                                         tooltip=msg("errorflow.widget.add_tooltip"), icon="plus")
        self.existing = dropdown("existing", self._flow_options(), None)
        self.remove_button = widgets.Button(description=msg("errorflow.widget.remove"),
                                            tooltip=msg("errorflow.widget.remove_tooltip"), icon="minus")
        self.missing_button = widgets.Button(description=msg("errorflow.widget.missing"),
                                             tooltip=msg("errorflow.widget.missing_tooltip"), icon="unlink",
                                             layout=widgets.Layout(width="auto"))
        self.edit_status = widgets.HTML()
        self.drawing = widgets.HTML(layout=widgets.Layout(min_height="360px"))
        self.result_box = widgets.HTML()
        self.compare_box = widgets.HTML()
        self.missing_box = widgets.HTML()
        esc = html.escape
        heading = widgets.HTML(
            f"<h4>{esc(msg('errorflow.widget.heading'))}: {esc(self.chain.name)}</h4>"
            f"<p>{esc(msg('errorflow.widget.error', error=self.scenario.error.strip()))}</p>"
            f"<p><small>{esc(msg('errorflow.widget.note', note=self.scenario.note.strip()))}</small></p>"
            f"<p>{esc(msg('errorflow.widget.instructions'))}</p>")
        editor = widgets.VBox([
            widgets.HTML(f"<h5>{esc(msg('errorflow.widget.flows_heading'))}</h5>"),
            self.sender, self.receiver, self.label, self.add_button,
            self.existing, widgets.HBox([self.remove_button, self.missing_button]),
            self.edit_status, self.missing_box,
        ])
        super().__init__([heading, self.origin, self.arrangement, self.at, self.drawing, self.result_box,
                          self.compare_box, editor])
        self.outcome: Outcome = compare(self.chain, self.origin.value, "geen", labels=self.scenario.labels)
        for control in (self.origin, self.arrangement, self.at):
            control.observe(self._on_change, names="value")
        self.add_button.on_click(lambda _b: self._safely(self.add_flow, self.sender.value, self.receiver.value,
                                                         self.label.value))
        self.remove_button.on_click(lambda _b: self._safely(self._remove_selected))
        self.missing_button.on_click(lambda _b: self._safely(self._missing_selected))
        self.refresh()

    # --- what a student does ------------------------------------------------------------

    def add_flow(self, sender: str, receiver: str, label: str) -> None:
        """Put a flow on the map, as the **Voeg stroom toe** button does."""
        if not isinstance(label, str) or not label.strip() or sender == receiver:
            raise ArgumentError("label", label, msg("errorflow.expect.new_flow"))
        self._set_chain(edit_flows(self.chain, add=[(sender, receiver, label.strip())]))
        self.label.value = ""

    def remove_flow(self, sender: str, receiver: str, label: str) -> None:
        """Take a flow off the map, as the **Verwijder stroom** button does."""
        self._set_chain(edit_flows(self.chain, remove=[(sender, receiver, label)]))

    def choose(self, arrangement: str, at: str | None = None) -> Outcome:
        """Pick an arrangement (and for ``afspraak`` the partner that checks), as the dropdowns do."""
        if arrangement not in ARRANGEMENTS:
            compare(self.chain, self.origin.value, arrangement)  # raises the Dutch message
        with self.hold_trait_notifications():
            self.arrangement.value = arrangement
            self.at.options = self._at_options()
            self.at.value = at
        self.refresh()
        return self.outcome

    @property
    def edited(self) -> tuple[int, int]:
        """``(added, removed)``: flows the student put on and took off the map."""
        now = {_flow_key(f) for f in self.chain.flows}
        return len(now - self.original), len(self.original - now)

    # --- internals -------------------------------------------------------------------

    def _safely(self, action, *args) -> None:
        try:
            action(*args)
        except KetenlesError as error:
            self.edit_status.value = f"<p role='alert'>{html.escape(str(error))}</p>"

    def _remove_selected(self) -> None:
        if self.existing.value is not None:
            self.remove_flow(*self.existing.value)

    def _missing_selected(self) -> None:
        if self.existing.value is None:
            return
        sender, receiver, _label = self.existing.value
        lines = missing_link(self.chain, sender, receiver).explanation()
        self.missing_box.value = f"<p><strong>{html.escape(lines[0])}</strong></p><ul>" + "".join(
            f"<li>{html.escape(line)}</li>" for line in lines[1:]) + "</ul>"

    def _set_chain(self, chain) -> None:
        self.chain = chain
        self.existing.options = self._flow_options()
        self.existing.value = None
        self.missing_box.value = ""
        added, removed = self.edited
        self.edit_status.value = "<p>" + html.escape(msg("errorflow.widget.edited", flows=len(chain.flows),
                                                          added=added, removed=removed)) + "</p>"
        self.refresh()

    def _flow_options(self):
        return [(f.text, _flow_key(f)) for f in self.chain.flows]

    def _at_options(self):
        return [("—", None), *[(p, p) for p in self.chain.partners if p != self.origin.value]]

    def _on_change(self, change) -> None:
        if change["owner"] is self.origin:
            self.at.options = self._at_options()
            self.at.value = None
        self.refresh()

    def _labels(self):
        # An added flow carries the error too when its label is one the error rides on.
        return self.scenario.labels

    def refresh(self) -> None:
        arrangement = self.arrangement.value
        self.at.disabled = arrangement != "afspraak"
        at = self.at.value if arrangement == "afspraak" else None
        esc = html.escape
        if arrangement == "afspraak" and at is None:
            self.outcome = compare(self.chain, self.origin.value, "geen", labels=self._labels())
            hint = f"<p>{esc(msg('errorflow.expect.at', names=', '.join(self._at_names())))}</p>"
        else:
            self.outcome = compare(self.chain, self.origin.value, arrangement, at=at, labels=self._labels())
            hint = ""
        self.drawing.value = charts.to_html(self._figure(), self._alt())
        lines = (*self.outcome.trace.explanation(), *self.outcome.explanation())
        self.result_box.value = (f"<h5>{esc(msg('errorflow.widget.result_heading'))}</h5>{hint}<ul>"
                                 + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>")
        self.compare_box.value = self._compare_html()
        added, removed = self.edited
        if self.exercise_id and (added or removed) and arrangement != "geen" and self.progress_note is None:
            self.progress_note = progress.record_success(self.exercise_id) or ""

    def _at_names(self) -> list[str]:
        return [p for p in self.chain.partners if p != self.origin.value]

    def _compare_html(self) -> str:
        esc = html.escape
        origin = self.origin.value
        checker = self.at.value if self.at.value is not None else best_check(
            self.chain, origin, labels=self._labels())[0]
        head = "".join(f"<th scope='col'>{esc(c.strip())}</th>"
                       for c in msg("errorflow.widget.compare_columns").split("|"))
        rows = []
        for arrangement in ARRANGEMENTS:
            outcome = compare(self.chain, origin, arrangement, at=checker if arrangement == "afspraak" else None,
                              labels=self._labels())
            name = msg(f"errorflow.arrangement.{arrangement}.name")
            if arrangement == "afspraak":
                name += f" ({short_name(checker)})"
            rows.append(f"<tr><th scope='row'>{esc(name)}</th><td>{outcome.reached}</td>"
                        f"<td>{len(outcome.still_wrong)}</td><td>{outcome.rounds}</td></tr>")
        return (f"<h5>{esc(msg('errorflow.widget.compare_heading'))}</h5>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")

    def _figure(self):
        trace = self.outcome.trace
        carried = {(f.sender, f.receiver) for f in trace.carried}
        pairs = list(dict.fromkeys((f.sender, f.receiver) for f in self.chain.flows))
        labels = {p: short_name(p) for p in self.chain.partners}
        labels[trace.origin] = msg("errorflow.drawing.source_label", name=short_name(trace.origin))
        for p in trace.caught:
            labels[p] = msg("errorflow.drawing.caught_label", name=short_name(p))
        legend = {"node": msg("errorflow.drawing.partner"), "faded_node": msg("errorflow.drawing.reached"),
                  "edge": msg("errorflow.drawing.flow"), "dashed_edge": msg("errorflow.drawing.carried")}
        return charts.network(
            self.positions, [e for e in pairs if e not in carried], title=msg("errorflow.drawing.title",
                                                                               name=self.chain.name),
            xlabel=msg("errorflow.drawing.xlabel"), legend=legend, labels=labels,
            dashed_edges=[e for e in pairs if e in carried], faded_nodes=list(trace.reached))

    def _alt(self) -> str:
        parts = [msg("errorflow.drawing.alt", name=self.chain.name, partners=len(self.chain.partners),
                     flows=len(self.chain.flows), origin=self.outcome.trace.origin)]
        parts += [f.text + "." for f in self.chain.flows]
        parts += list(self.outcome.trace.explanation())
        return " ".join(parts)
