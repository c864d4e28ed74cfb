"""Where an error travels in a chain, what a missing link costs, and which arrangement helps."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models.chainmap import build_chain
from ketenles.models.errorflow import (
    ARRANGEMENTS,
    best_check,
    compare,
    edit_flows,
    missing_link,
    scenario,
    scenario_ids,
    trace_error,
)

# A register feeds two users; one of them passes a copy on to a third.
FAN = build_chain(["Bron", "A", "B", "C", "Los"],
                  [("Bron", "A", "adres"), ("Bron", "B", "adres"), ("B", "C", "adres"), ("C", "Los", "dossier")])


def test_an_error_travels_along_the_flows_step_by_step():
    trace = trace_error(FAN, "Bron")
    assert trace.reached == {"A": 1, "B": 1, "C": 2, "Los": 3}
    assert trace.paths["C"] == ("Bron", "B", "C")
    assert trace.caught == () and trace.untouched == ()
    assert trace.count == 4 and trace.longest == 3


def test_an_error_rides_only_on_the_flows_that_carry_its_data():
    trace = trace_error(FAN, "Bron", labels=["adres"])
    assert trace.reached == {"A": 1, "B": 1, "C": 2} and trace.untouched == ("Los",)


def test_a_check_on_receipt_stops_the_error_there_and_not_elsewhere():
    trace = trace_error(FAN, "Bron", checks=["B"])
    assert trace.reached == {"A": 1} and trace.caught == ("B",)
    assert set(trace.untouched) == {"C", "Los"}
    # A check at a partner the error never reaches changes nothing.
    assert trace_error(FAN, "B", checks=["A"]).reached == {"C": 1, "Los": 2}


def test_an_error_upstream_of_the_source_does_not_travel_back():
    chain = build_chain(["Gemeente", "BRP", "UWV"], [("Gemeente", "BRP", "adres"), ("BRP", "UWV", "adres")])
    assert trace_error(chain, "BRP").untouched == ("Gemeente",)


def test_a_parallel_route_defeats_a_single_check():
    chain = build_chain(["Bron", "X", "Y", "Z"],
                        [("Bron", "X", "d"), ("Bron", "Y", "d"), ("X", "Z", "d"), ("Y", "Z", "d")])
    assert "Z" in trace_error(chain, "Bron", checks=["X"]).reached
    assert "Z" not in trace_error(chain, "Bron", checks=["Z"]).reached


def test_without_an_arrangement_copies_of_copies_stay_wrong_after_repair():
    outcome = compare(FAN, "Bron", "geen")
    assert outcome.still_wrong == ("C", "Los") and outcome.rounds == 1


def test_a_chain_register_repairs_everyone_at_once_but_stops_nothing():
    none, register = compare(FAN, "Bron", "geen"), compare(FAN, "Bron", "ketenregister")
    assert register.reached == none.reached == 4
    assert register.still_wrong == () and register.rounds == 1


def test_chain_direction_repairs_everyone_one_step_at_a_time():
    outcome = compare(FAN, "Bron", "regie")
    assert outcome.reached == 4 and outcome.still_wrong == () and outcome.rounds == 3


def test_an_agreement_stops_the_error_at_the_partner_that_checks():
    outcome = compare(FAN, "Bron", "afspraak", at="B")
    assert outcome.reached == 1 and outcome.trace.caught == ("B",) and outcome.still_wrong == ()
    assert best_check(FAN, "Bron") == ("B",)


def test_every_outcome_explains_itself_with_catalogue_sentences():
    for arrangement in ARRANGEMENTS:
        outcome = compare(FAN, "Bron", arrangement, at="B" if arrangement == "afspraak" else None)
        lines = outcome.explanation()
        name = msg(f"errorflow.arrangement.{arrangement}.name")
        assert lines[0].startswith(name)
        assert lines[-1] == (msg("errorflow.outcome.all_repaired") if not outcome.still_wrong
                             else msg("errorflow.outcome.still_wrong", names=", ".join(outcome.still_wrong)))


def test_a_missing_link_cuts_off_the_partners_behind_it():
    result = missing_link(FAN, "B", "C")
    assert result.cut_off == ("C", "Los")
    assert result.missed_by() == {"C": ("Bron", "B"), "Los": ("Bron", "B")}


def test_a_missing_link_with_a_detour_costs_nothing():
    chain = build_chain(["A", "B", "C"], [("A", "B", "x"), ("B", "C", "x"), ("A", "C", "x")])
    result = missing_link(chain, "A", "C")
    assert result.lost_reach == {}
    assert msg("errorflow.missing.detour") in result.explanation()


def test_editing_flows_adds_and_removes_exactly_the_named_flows():
    edited = edit_flows(FAN, add=[("Bron", "C", "adres")], remove=[("B", "C", "adres")])
    assert ("Bron", "C", "adres") in {(f.sender, f.receiver, f.label) for f in edited.flows}
    assert ("B", "C", "adres") not in {(f.sender, f.receiver, f.label) for f in edited.flows}
    assert trace_error(edited, "Bron").reached["C"] == 1
    assert len(FAN.flows) == 4  # the original map is untouched


@pytest.mark.parametrize("call, field", [
    (lambda: trace_error(FAN, "Bronn"), "partner"),
    (lambda: trace_error(FAN, "Bron", checks="B"), "checks"),
    (lambda: trace_error(FAN, "Bron", labels=["adress"]), "labels"),
    (lambda: compare(FAN, "Bron", "contract"), "arrangement"),
    (lambda: compare(FAN, "Bron", "afspraak"), "at"),
    (lambda: compare(FAN, "Bron", "afspraak", at="Bron"), "at"),
    (lambda: compare(FAN, "Bron", "regie", at="B"), "at"),
    (lambda: missing_link(FAN, "A", "B"), "receiver"),
    (lambda: edit_flows(FAN, remove=[("A", "B", "adres")]), "remove[0]"),
    (lambda: scenario("onbekend"), "scenario_id"),
])
def test_bad_input_gets_a_dutch_message_naming_the_field(call, field):
    with pytest.raises(ArgumentError) as info:
        call()
    assert info.value.argument == field


def test_the_bundled_scenarios_load_and_their_error_reaches_somebody():
    assert set(scenario_ids()) >= {"brp-adres", "strafrecht-identiteit"}
    for sid in scenario_ids():
        s = scenario(sid)
        assert trace_error(s.chain, s.origin, labels=s.labels).count >= 3, sid
        assert s.error.strip() and s.note.strip()


def test_the_brp_scenario_shows_what_the_lesson_says():
    # Lesson 07: an address error in the BRP reaches the sociale dienst via Suwinet as a
    # copy of a copy; only a register or regie repairs it there, and a check at UWV
    # alone does not stop it, because SVB also feeds Suwinet.
    s = scenario("brp-adres")
    none = compare(s.chain, s.origin, "geen")
    assert none.still_wrong == ("BKWI (Suwinet)", "Gemeente (sociale dienst)")
    assert "Gemeente (sociale dienst)" in compare(s.chain, s.origin, "afspraak", at="UWV").trace.reached
    assert best_check(s.chain, s.origin) == ("BKWI (Suwinet)",)
    assert compare(s.chain, s.origin, "ketenregister").still_wrong == ()


def test_the_identity_scenario_needs_more_than_a_check_at_justid():
    s = scenario("strafrecht-identiteit")
    justid = compare(s.chain, s.origin, "afspraak", at="Justitiële Informatiedienst (Justid)")
    assert "Rechtspraak" in justid.trace.reached  # the proces-verbaal goes to the OM directly
    assert best_check(s.chain, s.origin) == ("Openbaar Ministerie (OM)",)


chains = st.integers(min_value=2, max_value=7).flatmap(lambda n: st.tuples(
    st.just([f"P{i}" for i in range(n)]),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=14)))


@settings(max_examples=60, deadline=None)
@given(chains)
def test_the_trace_agrees_with_graph_reachability(data):
    names, pairs = data
    flows = list(dict.fromkeys((names[a], names[b], "d") for a, b in pairs if a != b))
    chain = build_chain(names, flows)
    graph = chain.graph()
    trace = trace_error(chain, names[0])
    assert set(trace.reached) == nx.descendants(graph, names[0]) - {names[0]}
    for partner, steps in trace.reached.items():
        assert steps == nx.shortest_path_length(graph, names[0], partner)
    # A check never lets the error reach more partners.
    for p in names[1:]:
        assert trace_error(chain, names[0], checks=[p]).count <= trace.count
