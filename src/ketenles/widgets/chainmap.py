"""The chain map explorer: a drawing of the chain and what breaks when a partner drops out."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ketenles.content.cases import Case
from ketenles.display import charts
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models.chainmap import (
    DEFAULT_SEED,
    ChainMap,
    DropOut,
    build_chain,
    centrality,
    chain_from_case,
    check_chain,
    check_partner,
    drop_out,
    layout,
    short_name,
)


class ChainMapExplorer(widgets.VBox):
    """Draw a chain and let one partner drop out.

    >>> from ketenles import load_case
    >>> explorer = ChainMapExplorer(case=load_case("suwi-keten"))
    >>> explorer.dropdown.value = "BKWI"; explorer.result.largest_after
    1

    Give either ``chain`` (from :func:`ketenles.models.chainmap.build_chain`) or ``case``
    (with optional ``flows``; the bundled cases have built-in flows).
    ``.removed`` is the partner that dropped out (``None`` for nobody) and
    ``.result`` the :class:`~ketenles.models.chainmap.DropOut` (``None`` for nobody).
    """

    def __init__(self, chain: ChainMap | None = None, case: Case | None = None,
                 flows=None, seed: int = DEFAULT_SEED):
        if chain is not None and case is not None:
            raise ArgumentError("case", case, msg("chainmap.expect.chain"))
        if chain is None and case is None:
            raise ArgumentError("chain", chain, msg("chainmap.expect.chain"))
        if case is not None:
            chain = chain_from_case(case, flows)
        elif flows is not None:
            chain = build_chain(check_chain(chain).partners, flows, name=chain.name)
        self.chain = check_chain(chain)
        self.positions = layout(self.chain, seed)  # once, so partners stay put when one drops out
        self.centrality = centrality(self.chain)
        nobody = msg("chainmap.widget.nobody")
        self.dropdown = widgets.Dropdown(
            options=[(nobody, None), *[(p, p) for p in self.chain.partners]], value=None,
            description=msg("chainmap.widget.dropdown"), description_allow_html=False,
            style={"description_width": "10em"}, layout=widgets.Layout(width="36em"),
        )
        self.drawing = widgets.HTML(layout=widgets.Layout(min_height="360px"))
        self.centre_box = widgets.HTML(self._centre_html())
        self.consequences = widgets.HTML()
        heading = widgets.HTML(
            f"<h4>{html.escape(msg('chainmap.widget.heading'))}: {html.escape(self.chain.name)}</h4>"
            f"<p>{html.escape(msg('chainmap.widget.instructions'))}</p>"
        )
        super().__init__([heading, self.drawing, self.centre_box, self.dropdown, self.consequences])
        self.result: DropOut | None = None
        self.dropdown.observe(self._on_change, names="value")
        self.refresh()

    @property
    def removed(self) -> str | None:
        """The partner that dropped out, or ``None``."""
        return self.dropdown.value

    def remove(self, partner: str | None) -> None:
        """Let ``partner`` drop out (``None``: everybody back), as the dropdown does."""
        if partner is not None:
            check_partner(self.chain, partner)
        self.dropdown.value = partner

    def _on_change(self, change) -> None:
        self.refresh()

    def refresh(self) -> None:
        partner = self.removed
        self.result = drop_out(self.chain, partner) if partner is not None else None
        self.drawing.value = charts.to_html(self._figure(), self._alt())
        self.consequences.value = self._consequences_html()

    def _figure(self):
        removed = self.removed
        pairs = list(dict.fromkeys((f.sender, f.receiver) for f in self.chain.flows))
        kept = [e for e in pairs if removed not in e]
        broken = [e for e in pairs if removed in e]
        title = (msg("chainmap.drawing.title", name=self.chain.name) if removed is None else
                 msg("chainmap.drawing.title_dropout", name=self.chain.name, partner=short_name(removed)))
        legend = {key: msg(f"chainmap.drawing.{word}") for key, word in
                  (("node", "partner"), ("faded_node", "removed"), ("edge", "flow"), ("dashed_edge", "broken"))}
        return charts.network(
            self.positions, kept, title=title, xlabel=msg("chainmap.drawing.xlabel"), legend=legend,
            labels={p: short_name(p) for p in self.chain.partners}, dashed_edges=broken,
            faded_nodes=[removed] if removed is not None else [],
        )

    def _alt(self) -> str:
        parts = [msg("chainmap.drawing.alt", name=self.chain.name, partners=len(self.chain.partners),
                     flows=len(self.chain.flows))]
        parts += [f.text + "." for f in self.chain.flows]
        if self.result is not None:
            parts += [msg("chainmap.drawing.alt_removed", partner=self.result.partner), self.result.summary()]
        return " ".join(parts)

    def _centre_html(self) -> str:
        esc = html.escape
        lines = "".join(f"<p>{esc(line)}</p>" for line in self.centrality.explanation())
        details = "".join(f"<li>{esc(line)}</li>" for line in self.centrality.lines())
        extra = "" if self.chain.flows else f"<p>{esc(msg('chainmap.no_flows'))}</p>"
        return (f"<h5>{esc(msg('chainmap.widget.centre_heading'))}</h5>{extra}{lines}"
                f"<ul>{details}</ul><p><small>{esc(msg('chainmap.centrality.explain'))}</small></p>")

    def _consequences_html(self) -> str:
        esc = html.escape
        head = f"<h5>{esc(msg('chainmap.widget.dropout_heading'))}</h5>"
        if self.result is None:
            return head + f"<p>{esc(msg('chainmap.widget.dropout_none'))}</p>"
        lines = self.result.explanation()
        return head + f"<p><strong>{esc(lines[0])}</strong></p><ul>" + "".join(
            f"<li>{esc(line)}</li>" for line in lines[1:]) + "</ul>"
