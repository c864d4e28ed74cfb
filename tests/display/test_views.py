"""The read-only HTML views lessons show: complete, structured for screen readers, escaped, and
calm about wrong input.

The tests read the HTML as a screen reader or a plain terminal would (headers,
rows, list items, the text of :class:`HTMLView`), not the exact sentences, so
a copy edit in the message catalogue does not break them.
"""

from __future__ import annotations

import html
import re

import pytest

from ketenles.content import seminar
from ketenles.content.cases import load_case
from ketenles.display import views
from ketenles.errors import ArgumentError
from ketenles.models.scan import score_scan


def cells(view: views.HTMLView, tag: str) -> list[str]:
    """The text of every ``<tag ...>`` element, tags inside removed and entities decoded."""
    found = re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", view.html, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", f)).strip() for f in found]


def test_the_speakers_table_has_one_headed_row_per_speaker_with_their_own_claims():
    view = views.speakers_table()
    speakers = seminar.speakers()
    assert cells(view, "caption")  # a table a screen reader can name
    assert view.html.count("<th scope='row'>") == len(speakers)
    assert view.html.count("<th scope='col'>") == 3
    rows = re.findall(r"<tr><th scope='row'>(.*?)</tr>", view.html, flags=re.S)
    for speaker, row in zip(speakers, rows, strict=True):
        assert html.unescape(row).startswith(speaker.name)
        for claim in speaker.claims:
            assert html.escape(claim.text) in row
    # Whoever made no claim of their own (the chair of the discussion) gets a line, not an empty cell.
    silent = [row for speaker, row in zip(speakers, rows, strict=True) if not speaker.claims]
    assert silent and all("<ul>" not in row and re.sub(r"<[^>]+>", "", row).strip() for row in silent)


def test_the_factors_list_names_the_five_factors_in_order():
    items = cells(views.factors_list(), "li")
    assert [item.split(":")[0] for item in items] == [f.name for f in seminar.factors()]
    assert all(item.split(":", 1)[1].strip() for item in items)


@pytest.mark.parametrize("case_id", ["suwi-keten", "toeslagen", "strafrechtketen"])
def test_a_case_card_shows_every_partner_event_and_source_of_the_case(case_id):
    case = load_case(case_id)
    view = views.case_card(case)
    items = cells(view, "li")
    for partner in case.partners:
        assert any(item.startswith(partner.name) for item in items), partner.name
    assert sum(any(item.startswith(ev.when) for item in items) for ev in case.timeline()) == len(case.timeline())
    assert all(source.cite() in items for source in case.sources)
    assert case.name in cells(view, "h4")


def test_a_sensitive_case_says_so_before_its_summary():
    sensitive = load_case("toeslagen")
    plain = load_case("suwi-keten")
    assert sensitive.sensitive and not plain.sensitive
    heading = re.compile(r"</h4><p><strong>")
    assert heading.search(views.case_card(sensitive).html) and not heading.search(views.case_card(plain).html)


@pytest.mark.parametrize("view", [views.case_card, lambda c: views.scan_feedback(score_scan(
    {f.id: 3 for f in seminar.factors()}), c)])
def test_something_other_than_a_case_gets_a_clear_message(view):
    with pytest.raises(ArgumentError) as caught:
        view("suwi-keten")  # the id instead of load_case("suwi-keten")
    assert "load_case" in str(caught.value)


def test_scan_feedback_explains_only_where_the_student_is_two_points_or_more_off():
    case = load_case("suwi-keten")
    estimate = case.scan_scores()
    reasons = {e.factor_id: e.reason for e in case.scan_estimate}
    same = cells(views.scan_feedback(score_scan(estimate), case), "li")
    assert not any(reason in line for line in same for reason in reasons.values())
    far = dict(estimate, draagvlak_top=5)  # the estimate is 2: three points off
    lines = cells(views.scan_feedback(score_scan(far), case), "li")
    assert sum(reasons["draagvlak_top"] in line for line in lines) == 1
    assert not any(reasons[f] in line for line in lines for f in reasons if f != "draagvlak_top")


def test_scan_comparison_has_a_row_per_factor_with_both_scores_and_the_direction():
    first = score_scan({f.id: 3 for f in seminar.factors()})
    second = score_scan(dict(first.scores, gezamenlijk_doel=5, draagvlak_top=1))
    view = views.scan_comparison(first, second, "Gemeente", "UWV")
    assert cells(view, "th")[:4][1:3] == ["Gemeente", "UWV"]
    rows = re.findall(r"<tr><th scope='row'>(.*?)</tr>", view.html, flags=re.S)
    assert len(rows) == len(seminar.factors())
    by_factor = {f.id: cells(views.HTMLView(r), "td") for f, r in zip(seminar.factors(), rows, strict=True)}
    assert by_factor["gezamenlijk_doel"][:2] == ["3", "5"] and by_factor["draagvlak_top"][:2] == ["3", "1"]
    higher, lower, equal = (by_factor[f][2] for f in ("gezamenlijk_doel", "draagvlak_top", "successen_gunnen"))
    assert len({higher, lower, equal}) == 3  # three different verdicts, each in words
    assert "2" in higher and "2" in lower


def test_a_view_reads_as_plain_text_in_a_terminal():
    text = str(views.factors_list())
    assert "<" not in text and "  " not in text
    assert all(f.name in text for f in seminar.factors())
