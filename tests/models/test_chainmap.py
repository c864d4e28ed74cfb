"""The chain map: building, centrality, what breaks when a partner drops out, bad input."""

from __future__ import annotations

import networkx as nx
import pytest
from catalogue_match import contains
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenles import chainmap
from ketenles.content.cases import load_case
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models.chainmap import (
    Flow,
    build_chain,
    builtin_flows,
    centrality,
    chain_from_case,
    drop_out,
    layout,
    short_name,
)

LINE = build_chain(["A", "B", "C", "D"], [("A", "B", "x"), ("B", "C", "y"), ("C", "D", "z")])


def test_a_line_has_its_middle_partners_in_the_centre():
    result = centrality(LINE)
    assert result.basis == "broker"
    assert set(result.centre) == {"B", "C"}
    assert result.betweenness["A"] == result.betweenness["D"] == 0
    assert result.degree == {"A": 1 / 3, "B": 2 / 3, "C": 2 / 3, "D": 1 / 3}
    assert result.incoming["B"] == result.outgoing["B"] == 1


def test_dropping_a_middle_partner_cuts_the_line():
    result = drop_out(LINE, "B")
    assert [f.label for f in result.broken_flows] == ["x", "y"]
    assert result.lost_reach == {"A": ("C", "D")}
    assert result.isolated == ("A",)
    assert (result.largest_before, result.largest_after) == (4, 2)
    assert (result.parts_before, result.parts_after) == (1, 2)
    text = " ".join(result.explanation())
    assert contains(text, "chainmap.dropout.lost", sender="A", receivers="C, D")
    assert "krimpt van 4 naar 2" in text


def test_dropping_an_end_partner_keeps_the_rest_connected():
    result = drop_out(LINE, "D")
    assert result.lost_reach == {}
    assert result.largest_after == 3
    assert msg("chainmap.dropout.lost_none") in result.explanation()
    assert "alleen D zelf is weg" in result.summary()


def test_an_alternative_route_keeps_partners_reachable():
    chain = build_chain(["A", "B", "C"], [("A", "B", "x"), ("B", "C", "y"), ("A", "C", "z")])
    result = drop_out(chain, "B")
    assert len(result.broken_flows) == 2
    assert result.lost_reach == {}


def test_centre_by_degree_when_nobody_passes_information_on():
    star_in = build_chain(["Hub", "P", "Q"], [("P", "Hub", "a"), ("Q", "Hub", "b")])
    result = centrality(star_in)
    assert result.basis == "degree" and result.centre == ("Hub",)
    empty = build_chain(["P", "Q"], [])
    assert centrality(empty).centre == () and centrality(empty).basis == "none"
    assert centrality(empty).explanation() == (msg("chainmap.centre.none"),)


def test_parallel_flows_share_one_edge_but_are_all_kept():
    chain = build_chain(["P", "Q"], [("P", "Q", "a"), {"from": "P", "to": "Q", "label": "b"}])
    graph = chain.graph()
    assert graph.number_of_edges() == 1
    assert [f.label for f in graph["P"]["Q"]["flows"]] == ["a", "b"]
    assert len(drop_out(chain, "Q").broken_flows) == 2


def test_strafrechtketen_has_the_om_in_the_centre_and_falls_apart_without_it():
    chain = chain_from_case(load_case("strafrechtketen"))
    assert chain.name == "Strafrechtketen"
    assert centrality(chain).centre == ("Openbaar Ministerie (OM)",)
    flow = next(f for f in chain.flows if f.sender == "Politie" and f.receiver == "Openbaar Ministerie (OM)")
    assert flow.label == "proces-verbaal" and flow.source_id == "rekenkamer-2012"
    result = drop_out(chain, "Openbaar Ministerie (OM)")
    assert "Rechtspraak" in result.lost_reach["Politie"]
    assert result.largest_after < result.largest_before - 1


def test_suwi_keten_depends_on_bkwi():
    chain = chain_from_case(load_case("suwi-keten"))
    assert centrality(chain).centre == ("BKWI",)
    result = drop_out(chain, "BKWI")
    assert result.largest_after == 1
    assert set(result.isolated) == {"UWV", "Sociale Verzekeringsbank (SVB)", "Gemeenten"}


def test_builtin_flows_are_described_and_sourced_from_their_case():
    flows = builtin_flows()
    assert set(flows) == {"strafrechtketen", "suwi-keten"}
    for case_id, items in flows.items():
        case = load_case(case_id)
        chain = chain_from_case(case)  # validates names and sources against the case
        assert len(chain.flows) == len(items)
        assert all(f.description and f.source_id in {s.id for s in case.sources} for f in chain.flows)


def test_a_case_with_explicit_flows_uses_those():
    case = load_case("suwi-keten")
    chain = chain_from_case(case, flows=[("UWV", "Gemeenten", "test")])
    assert [f.label for f in chain.flows] == ["test"]
    no_flows = chain_from_case(case, flows=[])
    assert no_flows.flows == () and len(no_flows.partners) == 4


def test_layout_is_fixed_by_the_seed():
    chain = chain_from_case(load_case("strafrechtketen"))
    assert layout(chain) == layout(chain)
    assert set(layout(chain)) == set(chain.partners)
    assert layout(chain, seed=1) != layout(chain, seed=2)


def test_short_names_use_the_abbreviation():
    assert short_name("Dienst Justitiële Inrichtingen (DJI)") == "DJI"
    assert short_name("Gemeenten") == "Gemeenten"


@pytest.mark.parametrize(
    ("partners", "flows", "argument"),
    [
        ("Politie, OM", [], "partners"),
        (["Politie"], [], "partners"),
        (["Politie", "Politie"], [], "partners[1]"),
        (["Politie", ""], [], "partners[1]"),
        (["Politie", 3], [], "partners[1]"),
        (["P", "Q"], "P->Q", "flows"),
        (["P", "Q"], [("P", "R", "x")], "flows[0]['to']"),
        (["P", "Q"], [("P", "Q")], "flows[0]"),
        (["P", "Q"], [("P", "P", "x")], "flows[0]"),
        (["P", "Q"], [("P", "Q", "")], "flows[0]['label']"),
        (["P", "Q"], [("P", "Q", "x"), ("P", "Q", "x")], "flows[1]"),
        (["P", "Q"], [{"van": "P", "naar": "Q", "label": "x"}], "flows[0]"),
        (["P", "Q"], [("P", "Q", "x", 5)], "flows[0]['description']"),
    ],
)
def test_bad_chains_are_refused_with_a_dutch_message(partners, flows, argument):
    with pytest.raises(ArgumentError) as info:
        build_chain(partners, flows)
    assert info.value.argument == argument
    assert "Toegestaan" in str(info.value)


def test_a_misspelt_partner_gets_a_suggestion():
    with pytest.raises(ArgumentError, match="Bedoelde je 'Rechtspraak'"):
        build_chain(["OM", "Rechtspraak"], [("OM", "Rechtspaak", "zaak")])
    with pytest.raises(ArgumentError, match="Bedoelde je 'BKWI'"):
        drop_out(chain_from_case(load_case("suwi-keten")), "BKW")


def test_other_bad_calls_are_refused():
    with pytest.raises(ArgumentError):
        centrality("strafrechtketen")
    with pytest.raises(ArgumentError):
        chain_from_case("suwi-keten")
    with pytest.raises(ArgumentError, match="bron"):
        chain_from_case(load_case("suwi-keten"),
                        flows=[{"from": "UWV", "to": "BKWI", "label": "x", "source": "krant"}])
    with pytest.raises(ArgumentError):
        layout(LINE, seed="7")
    with pytest.raises(ArgumentError):
        LINE.flows_of("E")


# --- properties on random chains ----------------------------------------------------


@st.composite
def chains(draw):
    n = draw(st.integers(2, 9))
    names = [f"P{i}" for i in range(n)]
    pairs = [(a, b) for a in names for b in names if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(len(pairs), 20)))
    return build_chain(names, [(a, b, f"{a}-{b}") for a, b in chosen])


@settings(max_examples=150, deadline=None)
@given(chains())
def test_centralities_are_between_zero_and_one(chain):
    result = centrality(chain)
    for partner in chain.partners:
        assert 0 <= result.degree[partner] <= 1
        assert 0 <= result.betweenness[partner] <= 1 + 1e-9
    assert sum(result.incoming.values()) == sum(result.outgoing.values()) == len(chain.flows)
    assert set(result.centre) <= set(chain.partners)
    assert bool(result.centre) == bool(chain.flows)


@settings(max_examples=150, deadline=None)
@given(chains(), st.data())
def test_drop_out_consequences_are_consistent(chain, data):
    partner = data.draw(st.sampled_from(chain.partners))
    result = drop_out(chain, partner)
    # Exactly the partner's own flows break.
    assert set(result.broken_flows) == {f for f in chain.flows if partner in (f.sender, f.receiver)}
    # The largest connected part never grows, and loses at most what it had.
    assert 0 < result.largest_after <= result.largest_before <= len(chain.partners)
    # A lost route really existed before and really is gone now.
    graph = chain.graph()
    after = graph.copy()
    after.remove_node(partner)
    for sender, receiver in result.lost_pairs:
        assert partner not in (sender, receiver)
        assert nx.has_path(graph, sender, receiver)
        assert not nx.has_path(after, sender, receiver)
    # A partner on no shortest route (betweenness 0) is on no only route either.
    if centrality(chain).betweenness[partner] == 0:
        assert result.lost_reach == {}
    assert result.explanation()[0] == msg("chainmap.dropout.heading", name=partner)


@settings(max_examples=50, deadline=None)
@given(chains())
def test_a_partner_without_flows_can_drop_out_harmlessly(chain):
    lonely = build_chain([*chain.partners, "Los"], list(chain.flows))
    result = drop_out(lonely, "Los")
    assert result.broken_flows == () and result.lost_reach == {} and result.isolated == ()
    assert result.largest_after == result.largest_before


def test_flows_are_plain_values():
    flow = Flow("A", "B", "x")
    assert flow.text == "A → B (x)"
    assert chainmap.check_chain(LINE) is LINE


def test_every_bundled_case_gives_a_chain_map():
    from ketenles.content.cases import load_cases

    for case in load_cases():
        chain = chain_from_case(case)
        assert chain.partners == tuple(p.name for p in case.partners)
        for partner in chain.partners:
            assert drop_out(chain, partner).partner == partner


def test_centrality_words_are_dutch_and_explained():
    from ketenles.i18n import catalogue

    texts = [v for k, v in catalogue("nl").items() if k.startswith("chainmap.")]
    assert not any("degree-centraliteit" in t.lower() for t in texts)
    assert "aandeel directe verbindingen" in catalogue("nl")["chainmap.centrality.line"]
    assert "van 0 (met niemand) tot 1 (met iedereen)" in catalogue("nl")["chainmap.centrality.explain"]
