"""Where an error in one register travels in a chain, and which arrangement stops it.

Builds on the chain map (:mod:`ketenles.models.chainmap`): partners are nodes,
information flows are arrows from sender to receiver. An error enters at one
partner (a wrong address recorded in the BRP, two suspects mixed up at the
police) and travels along every flow that carries the data on: each receiver
works with it and passes it on. A *missing link* is a flow that does not arrive;
the partners behind it then miss the data altogether.

Four arrangements answer "what would stop it" in different ways:

``geen``          nothing is arranged: the source corrects its own register and tells
                  the partners it sends to directly; copies of copies stay wrong.
``afspraak``      an agreement that one partner checks the data on receipt (and
                  reports doubts back to the source): the error stops there.
``ketenregister`` one chain register that every partner consults instead of copying
                  from each other (the BRP as authentic source, the strafrechtketennummer,
                  a verwijsindex): the error still reaches every user, but one
                  correction at the source reaches all of them at once.
``regie``         a chain director who knows the flows traces the error along them and
                  has every partner correct it, one step of the chain at a time.

>>> chain = build_chain(["Gemeente", "BRP", "UWV", "BKWI"],
...                     [("Gemeente", "BRP", "adres"), ("BRP", "UWV", "adres"), ("UWV", "BKWI", "uitkering")])
>>> trace = trace_error(chain, "Gemeente")
>>> trace.reached
{'BRP': 1, 'UWV': 2, 'BKWI': 3}
>>> trace_error(chain, "Gemeente", checks=["UWV"]).reached, trace_error(chain, "Gemeente", checks=["UWV"]).caught
({'BRP': 1}, ('UWV',))
>>> compare(chain, "Gemeente", "ketenregister").still_wrong
()
>>> compare(chain, "Gemeente", "geen").still_wrong
('UWV', 'BKWI')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ketenles.content import DATA_DIR
from ketenles.errors import ArgumentError
from ketenles.i18n import load_data_yaml, msg
from ketenles.models.chainmap import ChainMap, Flow, build_chain, check_chain, check_partner

ARRANGEMENTS = ("geen", "afspraak", "ketenregister", "regie")
SCENARIO_FILE = DATA_DIR / "infoketens.yaml"


def _join(names: Sequence[str]) -> str:
    return msg("chainmap.join").join(names)


def _check_partners(chain: ChainMap, names: object, field: str) -> tuple[str, ...]:
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise ArgumentError(field, names, msg("errorflow.expect.partners", names=", ".join(chain.partners)))
    return tuple(check_partner(chain, n) for n in names)


def _check_labels(chain: ChainMap, labels: object) -> frozenset[str] | None:
    if labels is None:
        return None
    known = sorted({f.label for f in chain.flows})
    if isinstance(labels, str) or not isinstance(labels, Iterable):
        raise ArgumentError("labels", labels, msg("errorflow.expect.labels", labels=", ".join(known)))
    chosen = frozenset(labels)
    unknown = sorted(str(x) for x in chosen - set(known))
    if unknown:
        raise ArgumentError("labels", unknown[0], msg("errorflow.expect.labels", labels=", ".join(known)))
    return chosen


@dataclass(frozen=True)
class ErrorTrace:
    """Where an error that entered at ``origin`` went.

    ``reached``: every partner that received the error and works with it, with the
    number of steps from the origin (the shortest route). ``paths``: that route.
    ``carried``: the flows the error travelled along. ``caught``: partners that
    received it but stopped it with a check on receipt. ``untouched``: the others.
    """

    chain_name: str
    origin: str
    reached: dict[str, int]
    paths: dict[str, tuple[str, ...]]
    carried: tuple[Flow, ...]
    caught: tuple[str, ...]
    untouched: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many partners work with the wrong data (the origin not counted)."""
        return len(self.reached)

    @property
    def longest(self) -> int:
        """The most steps the error travelled (0 when it reached nobody)."""
        return max(self.reached.values(), default=0)

    def explanation(self) -> tuple[str, ...]:
        """In Dutch: where the error went, by step, who stopped it and who stayed clear."""
        lines = [msg("errorflow.trace.heading", origin=self.origin, count=self.count)]
        for step in range(1, self.longest + 1):
            names = [p for p, s in self.reached.items() if s == step]
            lines.append(msg("errorflow.trace.step", step=step, names=_join(names)))
        if self.caught:
            lines.append(msg("errorflow.trace.caught", names=_join(self.caught)))
        if self.untouched:
            lines.append(msg("errorflow.trace.untouched", names=_join(self.untouched)))
        return tuple(lines)


def trace_error(chain: ChainMap, origin: str, *, labels: Iterable[str] | None = None,
                checks: Iterable[str] = ()) -> ErrorTrace:
    """Follow an error from ``origin`` along the flows, breadth first.

    ``labels``: only flows with one of these labels carry the error (``None``: every
    flow; an address error does not travel with a flow of case files).
    ``checks``: partners that check the data on receipt; they stop the error.
    """
    chain = check_chain(chain)
    origin = check_partner(chain, origin)
    chosen = _check_labels(chain, labels)
    checkers = set(_check_partners(chain, checks, "checks"))
    reached: dict[str, int] = {}
    paths: dict[str, tuple[str, ...]] = {origin: (origin,)}
    caught: list[str] = []
    carried: list[Flow] = []
    frontier = [origin]
    step = 0
    while frontier:
        step += 1
        following: list[str] = []
        for sender in frontier:
            for flow in chain.flows:
                if flow.sender != sender or (chosen is not None and flow.label not in chosen):
                    continue
                receiver = flow.receiver
                if receiver == origin:
                    continue
                carried.append(flow)
                if receiver in reached or receiver in caught:
                    continue
                if receiver in checkers:
                    caught.append(receiver)
                    continue
                reached[receiver] = step
                paths[receiver] = (*paths[sender], receiver)
                following.append(receiver)
        frontier = following
    del paths[origin]
    untouched = tuple(p for p in chain.partners if p != origin and p not in reached and p not in caught)
    ordered = {p: reached[p] for p in chain.partners if p in reached}
    return ErrorTrace(chain.name, origin, ordered, {p: paths[p] for p in ordered},
                      tuple(dict.fromkeys(carried)), tuple(p for p in chain.partners if p in caught), untouched)


@dataclass(frozen=True)
class MissingLink:
    """What a flow that does not arrive costs: who no longer gets data from whom."""

    sender: str
    receiver: str
    flows: tuple[Flow, ...]
    lost_reach: dict[str, tuple[str, ...]]

    @property
    def cut_off(self) -> tuple[str, ...]:
        """Partners that no longer receive anything that started at ``sender``."""
        return self.lost_reach.get(self.sender, ())

    def explanation(self) -> tuple[str, ...]:
        lines = [msg("errorflow.missing.heading", sender=self.sender, receiver=self.receiver,
                     labels=", ".join(f.label for f in self.flows))]
        if not self.lost_reach:
            lines.append(msg("errorflow.missing.detour"))
        # Per receiver rather than per sender: "who misses what" is the question a chain asks.
        for receiver, senders in self.missed_by().items():
            lines.append(msg("errorflow.missing.lost", receiver=receiver, senders=_join(senders)))
        return tuple(lines)

    def missed_by(self) -> dict[str, tuple[str, ...]]:
        """Per partner that misses data: the partners whose data no longer reaches it."""
        out: dict[str, list[str]] = {}
        for sender, receivers in self.lost_reach.items():
            for receiver in receivers:
                out.setdefault(receiver, []).append(sender)
        return {r: tuple(s) for r, s in out.items()}


def missing_link(chain: ChainMap, sender: str, receiver: str) -> MissingLink:
    """Drop every flow from ``sender`` to ``receiver`` and report the routes that are lost."""
    import networkx as nx

    chain = check_chain(chain)
    sender, receiver = check_partner(chain, sender), check_partner(chain, receiver)
    flows = tuple(f for f in chain.flows if (f.sender, f.receiver) == (sender, receiver))
    if not flows:
        raise ArgumentError("receiver", receiver, msg("errorflow.expect.link", sender=sender, receiver=receiver))
    before = chain.graph()
    after = before.copy()
    after.remove_edge(sender, receiver)
    lost: dict[str, tuple[str, ...]] = {}
    for partner in chain.partners:
        missing = nx.descendants(before, partner) - nx.descendants(after, partner)
        if missing:
            lost[partner] = tuple(p for p in chain.partners if p in missing)
    return MissingLink(sender, receiver, flows, lost)


@dataclass(frozen=True)
class Outcome:
    """An error under one arrangement: how far it gets and who is still wrong after repair.

    ``still_wrong``: partners that keep working with the wrong data after the source
    has corrected its register. ``rounds``: the steps a correction needs to reach
    every partner that is repaired at all.
    """

    arrangement: str
    at: str | None
    trace: ErrorTrace
    still_wrong: tuple[str, ...]
    rounds: int

    @property
    def reached(self) -> int:
        return self.trace.count

    def explanation(self) -> tuple[str, ...]:
        name = msg(f"errorflow.arrangement.{self.arrangement}.name")
        lines = [msg("errorflow.outcome.heading", arrangement=name, reached=self.reached,
                     still=len(self.still_wrong), rounds=self.rounds),
                 msg(f"errorflow.arrangement.{self.arrangement}.effect", at=self.at or "")]
        if self.still_wrong:
            lines.append(msg("errorflow.outcome.still_wrong", names=_join(self.still_wrong)))
        else:
            lines.append(msg("errorflow.outcome.all_repaired"))
        return tuple(lines)


def compare(chain: ChainMap, origin: str, arrangement: str, *, at: str | None = None,
            labels: Iterable[str] | None = None) -> Outcome:
    """The error from ``origin`` under ``arrangement`` (one of :data:`ARRANGEMENTS`).

    ``at``: for ``afspraak``, the partner that checks on receipt.
    """
    if arrangement not in ARRANGEMENTS:
        raise ArgumentError("arrangement", arrangement, msg("errorflow.expect.arrangement",
                                                            names=", ".join(ARRANGEMENTS)))
    chain = check_chain(chain)
    if arrangement == "afspraak":
        if at is None:
            raise ArgumentError("at", at, msg("errorflow.expect.at", names=", ".join(chain.partners)))
        at = check_partner(chain, at)
        if at == origin:
            raise ArgumentError("at", at, msg("errorflow.expect.at_origin"))
    elif at is not None:
        raise ArgumentError("at", at, msg("errorflow.expect.at_only_agreement"))
    trace = trace_error(chain, origin, labels=labels, checks=(at,) if at else ())
    if arrangement in ("ketenregister", "regie"):
        still: tuple[str, ...] = ()
        # One correction in the register reaches every user at once; a director
        # passes it on one step of the chain at a time.
        rounds = (1 if trace.count else 0) if arrangement == "ketenregister" else trace.longest
    else:
        # The source tells the partners it sends to itself; nobody tells the others.
        still = tuple(p for p, step in trace.reached.items() if step > 1)
        rounds = 1 if trace.count else 0
    return Outcome(arrangement, at, trace, still, rounds)


def best_check(chain: ChainMap, origin: str, *, labels: Iterable[str] | None = None) -> tuple[str, ...]:
    """The partners where one check on receipt leaves the fewest partners reached."""
    chain = check_chain(chain)
    origin = check_partner(chain, origin)
    counts = {p: trace_error(chain, origin, labels=labels, checks=(p,)).count
              for p in chain.partners if p != origin}
    best = min(counts.values())
    return tuple(p for p, c in counts.items() if c == best)


@dataclass(frozen=True)
class Scenario:
    """A course chain for the exercise: its map, where the error starts and which data it rides on."""

    id: str
    chain: ChainMap
    origin: str
    labels: tuple[str, ...] | None
    error: str
    note: str


@lru_cache(maxsize=1)
def _scenarios() -> dict:
    data = load_data_yaml(SCENARIO_FILE.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ArgumentError(SCENARIO_FILE.name, type(data).__name__, msg("errorflow.expect.scenario_file"))
    return data


def scenario_ids() -> tuple[str, ...]:
    return tuple(_scenarios())


def scenario(scenario_id: str) -> Scenario:
    """A bundled scenario from ``data/infoketens.yaml``."""
    data = _scenarios()
    if scenario_id not in data:
        raise ArgumentError("scenario_id", scenario_id, msg("errorflow.expect.scenario", names=", ".join(data)))
    entry = data[scenario_id]
    chain = build_chain(entry["partners"], entry["flows"], name=entry["name"])
    labels = tuple(entry["labels"]) if entry.get("labels") else None
    check_partner(chain, entry["origin"])
    _check_labels(chain, labels)
    return Scenario(scenario_id, chain, entry["origin"], labels, entry["error"], entry["note"])


def edit_flows(chain: ChainMap, *, add: Sequence = (), remove: Sequence[tuple[str, str, str]] = ()) -> ChainMap:
    """A new map with flows added (``(from, to, label)``) and removed (same triple).

    Removing a flow the map does not have is an error, so a typing mistake shows.
    """
    chain = check_chain(chain)
    kept = list(chain.flows)
    for i, triple in enumerate(remove):
        match = [f for f in kept if (f.sender, f.receiver, f.label) == tuple(triple)]
        if not match:
            raise ArgumentError(f"remove[{i}]", triple, msg("errorflow.expect.remove"))
        kept.remove(match[0])
    return build_chain(chain.partners, [*kept, *add], name=chain.name)
