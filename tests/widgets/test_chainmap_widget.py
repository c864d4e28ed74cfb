"""The chain map explorer, driven from Python as a student would drive it."""

import html
import re

import pytest
from catalogue_match import contains

from ketenles.content.cases import load_case
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models.chainmap import build_chain
from ketenles.widgets.chainmap import ChainMapExplorer


def alt_text(widget):
    return html.unescape(re.search(r'alt="([^"]*)"', widget.drawing.value).group(1))


@pytest.fixture
def explorer():
    return ChainMapExplorer(case=load_case("suwi-keten"))


def test_dropdown_is_labelled_and_offers_every_partner_and_nobody(explorer):
    assert explorer.dropdown.description == msg("chainmap.widget.dropdown")
    values = [value for _, value in explorer.dropdown.options]
    assert values == [None, *explorer.chain.partners]
    assert explorer.removed is None and explorer.result is None


def test_letting_a_partner_drop_out_updates_result_drawing_and_text(explorer):
    drawing_before, text_before = explorer.drawing.value, explorer.consequences.value
    explorer.dropdown.value = "BKWI"
    assert explorer.removed == "BKWI"
    assert explorer.result.partner == "BKWI" and explorer.result.largest_after == 1
    assert explorer.drawing.value != drawing_before
    assert explorer.consequences.value != text_before
    assert "UWV kan" in html.unescape(explorer.consequences.value)
    assert msg("chainmap.drawing.alt_removed", partner="BKWI") in alt_text(explorer)


def test_back_to_nobody_restores_the_full_chain(explorer):
    full = explorer.drawing.value
    explorer.remove("UWV")
    assert explorer.result.partner == "UWV"
    explorer.remove(None)
    assert explorer.result is None
    assert explorer.drawing.value == full  # fixed layout seed: the same picture
    assert msg("chainmap.widget.dropout_none") in html.unescape(explorer.consequences.value)


def test_drawing_has_alt_text_naming_every_flow_and_the_centre_is_explained(explorer):
    assert 'src="data:image/png;base64,' in explorer.drawing.value
    alt = alt_text(explorer)
    for flow in explorer.chain.flows:
        assert flow.text in alt
    assert contains(html.unescape(explorer.centre_box.value), "chainmap.centre.broker", names="BKWI")


def test_a_chain_without_flows_says_so():
    explorer = ChainMapExplorer(case=load_case("suwi-keten"), flows=[])
    assert msg("chainmap.no_flows") in html.unescape(explorer.centre_box.value)
    explorer.dropdown.value = "UWV"
    assert explorer.result.broken_flows == ()


def test_a_built_chain_and_bad_arguments():
    chain = build_chain(["A", "B", "C"], [("A", "B", "x"), ("B", "C", "y")], name="Proef")
    explorer = ChainMapExplorer(chain=chain)
    explorer.dropdown.value = "B"
    assert explorer.result.lost_reach == {"A": ("C",)}
    with pytest.raises(ArgumentError):
        ChainMapExplorer()
    with pytest.raises(ArgumentError):
        ChainMapExplorer(chain=chain, case=load_case("suwi-keten"))
    with pytest.raises(ArgumentError):
        ChainMapExplorer(chain="strafrechtketen")
    with pytest.raises(ArgumentError):
        explorer.remove("D")
