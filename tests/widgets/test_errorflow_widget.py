"""The error traveller, driven from Python as a student would drive it."""

import html
import re

import pytest

from ketenles.i18n import msg
from ketenles.models.progress import ProgressStore, start_lesson, stop_tracking
from ketenles.widgets.errorflow import ErrorFlowExplorer

SOCIAL = "Gemeente (sociale dienst)"
BRP = "Basisregistratie Personen (BRP)"


def alt_text(widget):
    return html.unescape(re.search(r'alt="([^"]*)"', widget.drawing.value).group(1))


@pytest.fixture
def explorer():
    return ErrorFlowExplorer("brp-adres")


def test_every_control_has_a_dutch_label(explorer):
    for control, key in ((explorer.origin, "origin"), (explorer.arrangement, "arrangement"),
                         (explorer.at, "at"), (explorer.sender, "sender"), (explorer.receiver, "receiver"),
                         (explorer.label, "label"), (explorer.existing, "existing")):
        assert control.description == msg(f"errorflow.widget.{key}")
    assert explorer.add_button.description == msg("errorflow.widget.add")
    assert explorer.at.disabled  # only an agreement names a partner that checks


def test_the_start_shows_the_error_reaching_the_social_service(explorer):
    assert explorer.outcome.reached == 5
    text = html.unescape(explorer.result_box.value)
    assert msg("errorflow.outcome.still_wrong", names=f"BKWI (Suwinet), {SOCIAL}") in text
    assert msg("errorflow.drawing.alt", name=explorer.chain.name, partners=7, flows=7, origin=BRP) in alt_text(explorer)


def test_a_direct_flow_from_the_register_changes_where_the_error_comes_from(explorer):
    explorer.add_flow(BRP, SOCIAL, "adres")
    assert explorer.outcome.trace.reached[SOCIAL] == 1
    assert explorer.outcome.still_wrong == ("BKWI (Suwinet)",)
    assert explorer.edited == (1, 0)
    assert (BRP, SOCIAL, "adres") in [value for _, value in explorer.existing.options]


def test_removing_a_flow_and_an_agreement_protect_the_social_service(explorer):
    explorer.remove_flow("BKWI (Suwinet)", SOCIAL, "adres")
    assert SOCIAL in explorer.outcome.trace.untouched
    outcome = explorer.choose("afspraak", "BKWI (Suwinet)")
    assert not explorer.at.disabled
    assert outcome.trace.caught == ("BKWI (Suwinet)",)


def test_choosing_an_agreement_without_a_partner_asks_for_one(explorer):
    explorer.choose("afspraak")
    assert msg("errorflow.expect.at", names=", ".join(p for p in explorer.chain.partners if p != BRP)) in \
        html.unescape(explorer.result_box.value)


def test_the_comparison_table_has_a_row_per_arrangement_with_headers(explorer):
    table = explorer.compare_box.value
    assert table.count("<th scope='row'>") == 4 and table.count("<th scope='col'>") == 4


def test_bad_new_flow_gets_a_dutch_alert_not_a_traceback(explorer):
    explorer.label.value = ""
    explorer.add_button.click()
    assert "role='alert'" in explorer.edit_status.value
    assert html.escape(msg("errorflow.expect.new_flow"), quote=True) in explorer.edit_status.value
    assert explorer.edited == (0, 0)


def test_the_missing_link_button_says_who_misses_the_data(explorer):
    explorer.existing.value = ("BKWI (Suwinet)", SOCIAL, "adres")
    explorer.missing_button.click()
    assert msg("errorflow.missing.lost", receiver=SOCIAL, senders=", ".join(
        ["Gemeente (burgerzaken)", BRP, "Sociale Verzekeringsbank (SVB)", "UWV", "BKWI (Suwinet)"])) in \
        html.unescape(explorer.missing_box.value)


def test_the_exercise_counts_only_after_editing_the_map_and_choosing_an_arrangement(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    start_lesson("07-keteninformatisering", ["foutenreiziger"], path=store.path)
    explorer = ErrorFlowExplorer("brp-adres", oefening="foutenreiziger")
    explorer.choose("ketenregister")
    assert ProgressStore(store.path).overview()["07-keteninformatisering"][0] == 0  # looking is not work
    try:
        explorer.add_flow(BRP, SOCIAL, "adres")
        assert ProgressStore(store.path).overview()["07-keteninformatisering"][0] == 1
    finally:
        stop_tracking()
