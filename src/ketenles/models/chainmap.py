"""A chain as a network: partners are nodes, information flows are arrows.

The map answers three questions a chain manager asks: who exchanges what with
whom, who stands in the centre, and what breaks when one partner drops out.
Flows are directed (sender to receiver) and carry a label naming the data.

>>> chain = build_chain(["Politie", "OM", "Rechtspraak"],
...                     [("Politie", "OM", "proces-verbaal"), ("OM", "Rechtspraak", "dagvaarding")])
>>> centrality(chain).centre
('OM',)
>>> result = drop_out(chain, "OM")
>>> result.lost_reach
{'Politie': ('Rechtspraak',)}
>>> result.largest_before, result.largest_after
(3, 1)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ketenles.content import DATA_DIR
from ketenles.errors import ArgumentError
from ketenles.i18n import load_data_yaml, msg
from ketenles.i18n.numbers import format_number

FLOWS_FILE = DATA_DIR / "chainflows.yaml"
FLOW_KEYS = ("from", "to", "label", "description", "source")
DEFAULT_SEED = 7
# Two centrality values closer than this count as equal (floating point noise).
_TIE = 1e-9


@dataclass(frozen=True)
class Flow:
    """One information flow from ``sender`` to ``receiver``."""

    sender: str
    receiver: str
    label: str
    description: str = ""
    source_id: str | None = None

    @property
    def text(self) -> str:
        return msg("chainmap.flow", sender=self.sender, receiver=self.receiver, label=self.label)


@dataclass(frozen=True)
class ChainMap:
    """Partners and flows of one chain; build it with :func:`build_chain`."""

    name: str
    partners: tuple[str, ...]
    flows: tuple[Flow, ...]

    def graph(self):
        """A fresh ``networkx.DiGraph``; parallel flows share one edge with a ``flows`` list."""
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_nodes_from(self.partners)
        for flow in self.flows:
            if graph.has_edge(flow.sender, flow.receiver):
                graph[flow.sender][flow.receiver]["flows"].append(flow)
            else:
                graph.add_edge(flow.sender, flow.receiver, flows=[flow])
        return graph

    def flows_of(self, partner: str) -> tuple[Flow, ...]:
        """Every flow that ``partner`` sends or receives."""
        check_partner(self, partner)
        return tuple(f for f in self.flows if partner in (f.sender, f.receiver))


def short_name(name: str) -> str:
    """The abbreviation in brackets if a name has one, for labels in a drawing.

    >>> short_name("Openbaar Ministerie (OM)"), short_name("Politie")
    ('OM', 'Politie')
    """
    match = re.search(r"\(([^()]+)\)\s*$", name)
    return match.group(1) if match else name


def _names_hint(names: Sequence[str], value: object) -> str:
    text = msg("chainmap.expect.flow_partner", names=", ".join(names))
    close = difflib.get_close_matches(str(value), list(names), n=1) if isinstance(value, str) else []
    return text + (msg("cases.error.did_you_mean", name=close[0]) if close else "")


def _check_partners(partners: object) -> tuple[str, ...]:
    from ketenles.content.cases import Partner

    if isinstance(partners, (str, bytes)) or not isinstance(partners, Sequence) or len(partners) < 2:
        raise ArgumentError("partners", partners, msg("chainmap.expect.partners"))
    names: list[str] = []
    for i, partner in enumerate(partners):
        name = partner.name if isinstance(partner, Partner) else partner
        if not isinstance(name, str) or not name.strip() or name.strip() in names:
            raise ArgumentError(f"partners[{i}]", partner, msg("chainmap.expect.partners"))
        names.append(name.strip())
    return tuple(names)


def _check_flow(i: int, flow: object, names: tuple[str, ...], sources: set[str] | None) -> Flow:
    where = f"flows[{i}]"
    if isinstance(flow, Flow):
        fields = {"from": flow.sender, "to": flow.receiver, "label": flow.label,
                  "description": flow.description, "source": flow.source_id}
    elif isinstance(flow, Mapping):
        unknown = [k for k in flow if k not in FLOW_KEYS]
        if unknown or not all(k in flow for k in FLOW_KEYS[:3]):
            raise ArgumentError(where, dict(flow), msg("chainmap.expect.flows"))
        fields = dict(flow)
    elif isinstance(flow, (tuple, list)) and len(flow) in (3, 4):
        fields = dict(zip(FLOW_KEYS, flow, strict=False))  # description optional
    else:
        raise ArgumentError(where, flow, msg("chainmap.expect.flows"))
    for key in ("from", "to"):
        if fields[key] not in names:
            raise ArgumentError(f"{where}['{key}']", fields[key], _names_hint(names, fields[key]))
    if fields["from"] == fields["to"]:
        raise ArgumentError(where, fields["from"], msg("chainmap.expect.self_flow"))
    label = fields["label"]
    if not isinstance(label, str) or not label.strip():
        raise ArgumentError(f"{where}['label']", label, msg("chainmap.expect.label"))
    description = fields.get("description") or ""
    if not isinstance(description, str):
        raise ArgumentError(f"{where}['description']", description, msg("chainmap.expect.description"))
    source = fields.get("source")
    if source is not None and sources is not None and source not in sources:
        raise ArgumentError(f"{where}['source']", source,
                            msg("chainmap.expect.source", known=", ".join(sorted(sources))))
    return Flow(fields["from"], fields["to"], label.strip(), description.strip(), source)


def build_chain(partners: Sequence[str], flows: Sequence = (), name: str | None = None,
                *, sources: set[str] | None = None) -> ChainMap:
    """Validate partners and flows and return a :class:`ChainMap`.

    ``partners``: at least two distinct names (or a case's ``Partner`` objects).
    ``flows``: dicts ``{"from", "to", "label"[, "description", "source"]}`` or
    tuples ``(from, to, label[, description])``; both ends must be partners.
    ``sources``: the source ids a flow's ``source`` may name (``None``: not checked).
    """
    names = _check_partners(partners)
    if isinstance(flows, (str, bytes, Mapping)) or not isinstance(flows, Sequence):
        raise ArgumentError("flows", flows, msg("chainmap.expect.flows"))
    checked: list[Flow] = []
    seen: set[tuple[str, str, str]] = set()
    for i, flow in enumerate(flows):
        clean = _check_flow(i, flow, names, sources)
        key = (clean.sender, clean.receiver, clean.label)
        if key in seen:
            raise ArgumentError(f"flows[{i}]", flow, msg("chainmap.expect.unique_flow"))
        seen.add(key)
        checked.append(clean)
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ArgumentError("name", name, msg("cases.expect.text"))
    return ChainMap(name or msg("chainmap.your_chain"), names, tuple(checked))


@lru_cache(maxsize=1)
def builtin_flows() -> dict[str, tuple[dict, ...]]:
    """The flows of the bundled cases, ``{case_id: (flow dict, ...)}``."""
    data = load_data_yaml(FLOWS_FILE.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise ArgumentError(str(FLOWS_FILE.name), type(data).__name__, msg("chainmap.expect.flow_file"))
    return {case_id: tuple(flows) for case_id, flows in data.items()}


def chain_from_case(case, flows: Sequence | None = None) -> ChainMap:
    """The chain map of a case: its partners, with ``flows`` or the built-in flows.

    A case file lists partners but no flows. For the bundled cases the course
    supplies flows (``data/chainflows.yaml``); for other cases pass ``flows``,
    or get a map without arrows. A flow's ``source`` must be one of the case's.
    """
    from ketenles.content.cases import Case

    if not isinstance(case, Case):
        raise ArgumentError("case", case, msg("widgets.expect.case"))
    chosen = builtin_flows().get(case.id, ()) if flows is None else flows
    return build_chain(case.partners, chosen, name=case.name,
                       sources={s.id for s in case.sources})


def check_chain(chain: object) -> ChainMap:
    if not isinstance(chain, ChainMap):
        raise ArgumentError("chain", chain, msg("chainmap.expect.chain"))
    return chain


def check_partner(chain: ChainMap, partner: object) -> str:
    if not isinstance(partner, str) or partner not in chain.partners:
        text = msg("chainmap.expect.partner", names=", ".join(chain.partners))
        close = difflib.get_close_matches(str(partner), chain.partners, n=1) if isinstance(partner, str) else []
        raise ArgumentError("partner", partner,
                            text + (msg("cases.error.did_you_mean", name=close[0]) if close else ""))
    return partner


def _join(names: Sequence[str]) -> str:
    return msg("chainmap.join").join(names)


@dataclass(frozen=True)
class Centrality:
    """Per partner: flows in and out, degree and betweenness centrality (both 0 to 1).

    ``centre`` holds the partner(s) with the highest betweenness; when nobody
    passes information on between others, those with the highest degree.
    ``basis`` says which rule chose them: ``broker``, ``degree`` or ``none``.
    """

    incoming: dict[str, int]
    outgoing: dict[str, int]
    degree: dict[str, float]
    betweenness: dict[str, float]
    centre: tuple[str, ...]
    basis: str

    def lines(self) -> tuple[str, ...]:
        return tuple(
            msg("chainmap.centrality.line", name=p, flows=self.incoming[p] + self.outgoing[p],
                incoming=self.incoming[p], outgoing=self.outgoing[p],
                degree=format_number(self.degree[p], decimals=2),
                betweenness=format_number(self.betweenness[p], decimals=2))
            for p in self.degree
        )

    def explanation(self) -> tuple[str, ...]:
        """Who stands in the centre and why, and the seminar's view on the centre."""
        if self.basis == "none":
            return (msg("chainmap.centre.none"),)
        top = self.centre[0]
        if self.basis == "broker":
            head = msg("chainmap.centre.broker", names=_join(self.centre),
                       betweenness=format_number(self.betweenness[top], decimals=2))
        else:
            head = msg("chainmap.centre.degree", names=_join(self.centre),
                       degree=format_number(self.degree[top], decimals=2))
        return (head, msg("chainmap.centre.seminar"))


def _top(values: Mapping[str, float]) -> tuple[str, ...]:
    best = max(values.values())
    return tuple(p for p, v in values.items() if best - v <= _TIE)


def centrality(chain: ChainMap) -> Centrality:
    """Degree and betweenness centrality of every partner, and who stands in the centre."""
    import networkx as nx

    graph = check_chain(chain).graph()
    n = len(chain.partners)
    neighbours = graph.to_undirected(as_view=True)
    # Degree on the undirected graph: how many partners one exchanges with at all,
    # whatever the direction, so the value stays between 0 and 1.
    degree = {p: len(neighbours[p]) / (n - 1) for p in chain.partners}
    betweenness = {p: float(v) for p, v in nx.betweenness_centrality(graph, normalized=True).items()}
    betweenness = {p: betweenness[p] for p in chain.partners}
    incoming = {p: sum(f.receiver == p for f in chain.flows) for p in chain.partners}
    outgoing = {p: sum(f.sender == p for f in chain.flows) for p in chain.partners}
    if max(betweenness.values()) > _TIE:
        centre, basis = _top(betweenness), "broker"
    elif chain.flows:
        centre, basis = _top(degree), "degree"
    else:
        centre, basis = (), "none"
    return Centrality(incoming, outgoing, degree, betweenness, centre, basis)


@dataclass(frozen=True)
class DropOut:
    """What happens to a chain when ``partner`` drops out."""

    chain_name: str
    partner: str
    broken_flows: tuple[Flow, ...]
    lost_reach: dict[str, tuple[str, ...]]
    isolated: tuple[str, ...]
    largest_before: int
    largest_after: int
    parts_before: int
    parts_after: int

    @property
    def lost_pairs(self) -> tuple[tuple[str, str], ...]:
        """``(sender, receiver)`` pairs that had a route and no longer have one."""
        return tuple((a, b) for a, bs in self.lost_reach.items() for b in bs)

    def _broken_text(self) -> str:
        if not self.broken_flows:
            return msg("chainmap.dropout.broken_none", name=self.partner)
        return msg("chainmap.dropout.broken", count=len(self.broken_flows),
                   flows="; ".join(f.text for f in self.broken_flows))

    def _lost_lines(self) -> tuple[str, ...]:
        if not self.lost_reach:
            return (msg("chainmap.dropout.lost_none"),)
        return tuple(msg("chainmap.dropout.lost", sender=a, receivers=_join(bs))
                     for a, bs in self.lost_reach.items())

    def _largest_text(self) -> str:
        if self.largest_after == self.largest_before:
            key = "largest_same"
        elif self.largest_after == self.largest_before - 1 and self.parts_after <= self.parts_before:
            key = "largest_only_partner"
        else:
            key = "largest_shrinks"
        return msg(f"chainmap.dropout.{key}", name=self.partner, before=self.largest_before,
                   after=self.largest_after, parts=self.parts_after, parts_before=self.parts_before)

    def explanation(self) -> tuple[str, ...]:
        """The consequences in Dutch, one sentence per line."""
        lines = [msg("chainmap.dropout.heading", name=self.partner), self._broken_text(),
                 *self._lost_lines()]
        if self.isolated:
            lines.append(msg("chainmap.dropout.isolated", names=_join(self.isolated)))
        lines.append(self._largest_text())
        return tuple(lines)

    def summary(self) -> str:
        return msg("chainmap.dropout.summary", name=self.partner, broken=self._broken_text(),
                   lost=" ".join(self._lost_lines()), largest=self._largest_text())


def _parts(graph) -> tuple[int, int]:
    import networkx as nx

    sizes = [len(c) for c in nx.weakly_connected_components(graph)]
    return (max(sizes), len(sizes)) if sizes else (0, 0)


def drop_out(chain: ChainMap, partner: str) -> DropOut:
    """Remove ``partner`` and report broken flows, lost routes and the largest connected part.

    A route is lost when information could get from one remaining partner to
    another (directly or via others) before, and cannot any more.
    """
    import networkx as nx

    partner = check_partner(check_chain(chain), partner)
    before = chain.graph()
    after = before.copy()
    after.remove_node(partner)
    lost: dict[str, tuple[str, ...]] = {}
    for sender in after.nodes:
        reach_before = nx.descendants(before, sender) - {partner}
        missing = reach_before - nx.descendants(after, sender)
        if missing:
            lost[sender] = tuple(p for p in chain.partners if p in missing)
    isolated = tuple(p for p in after.nodes if before.degree(p) > 0 and after.degree(p) == 0)
    largest_before, parts_before = _parts(before)
    largest_after, parts_after = _parts(after)
    return DropOut(
        chain_name=chain.name, partner=partner,
        broken_flows=tuple(f for f in chain.flows if partner in (f.sender, f.receiver)),
        lost_reach=lost, isolated=isolated,
        largest_before=largest_before, largest_after=largest_after,
        parts_before=parts_before, parts_after=parts_after,
    )


def layout(chain: ChainMap, seed: int = DEFAULT_SEED) -> dict[str, tuple[float, float]]:
    """Positions for a drawing, the same on every run for the same ``seed``."""
    import networkx as nx

    check_chain(chain)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ArgumentError("seed", seed, msg("chainmap.expect.seed"))
    # A larger optimal distance k than the default 1/sqrt(n) leaves room for the
    # labels under the nodes.
    k = 2.0 / len(chain.partners) ** 0.5
    positions = nx.spring_layout(chain.graph().to_undirected(), seed=seed, k=k, iterations=200)
    return {p: (float(positions[p][0]), float(positions[p][1])) for p in chain.partners}
