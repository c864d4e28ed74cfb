"""Numbers follow the course language: what a student sees, and what a student types."""

import re

import pytest
from catalogue_match import parse
from paths import SRC

from ketenles import i18n
from ketenles.display.charts import new_figure
from ketenles.i18n.numbers import NumberTextError, format_number, format_percent, parse_number
from ketenles.models.quiz import Numeric
from ketenles.models.scan import score_scan


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("nl")


def test_dutch_numbers_have_a_decimal_comma_and_grouping_points():
    assert format_number(7.5) == "7,5"
    assert format_number(1234.5) == "1.234,5"
    assert format_number(2.0) == "2"
    assert format_number(0.9, decimals=2) == "0,90"
    assert format_number(1 / 3) == "0,333333"
    assert format_number(0.1 + 0.2) == "0,3"
    assert format_percent(0.25) == "25%"
    assert format_percent(0.005, decimals=1) == "0,5%"


def test_english_numbers_have_a_decimal_point(english):
    assert format_number(7.5) == "7.5"
    assert format_number(1234.5) == "1,234.5"
    assert format_percent(0.005, decimals=1) == "0.5%"


def test_dutch_text_is_read_as_a_dutch_student_means_it():
    assert parse_number("7,5") == 7.5
    assert parse_number(" 1.234,5 ") == 1234.5
    assert parse_number("1 234,5") == 1234.5
    assert parse_number("-3") == -3.0
    # One point and no comma is no Dutch grouping: the student means two and a half.
    assert parse_number("2.5") == 2.5
    # A valid grouping is a grouping.
    assert parse_number("1.250") == 1250.0


def test_english_text_is_read_the_english_way(english):
    assert parse_number("7.5") == 7.5
    assert parse_number("1,234.5") == 1234.5


@pytest.mark.parametrize("text", ["zeven", "", "1,2,3", "7,5 kg", "nan", "inf", "1.2.3,4"])
def test_bad_text_gives_a_dutch_message_with_an_example(text):
    with pytest.raises(NumberTextError) as info:
        parse_number(text)
    message = str(info.value)
    assert parse(message) == ("numbers.unreadable", {**parse(message)[1], "got": text})
    assert "7,5" in message and "1.234,5" in message


def test_the_message_follows_the_language(english):
    with pytest.raises(NumberTextError, match="is not a number.*7.5"):
        parse_number("seven")


def test_what_is_shown_reads_back_as_the_same_number():
    for value in (0.05, 2.5, 1234.5, -17.25, 100000.0, 1e22):
        assert parse_number(format_number(value)) == value


def test_feedback_and_chart_ticks_follow_the_language(english):
    scan = score_scan({"gezamenlijk_doel": 3, "persoonlijk_commitment": 4, "weinig_machtsdruk": 4,
                       "successen_gunnen": 3, "draagvlak_top": 4})
    assert "3.6" in scan.verdict
    question = Numeric(prompt="Hoeveel?", correct=2.5, explanation="Zo.")
    assert "2.5" in question.check("2.5").messages[0]
    _, ax = new_figure()
    assert ax.yaxis.get_major_formatter()(0.5, 0) == "0.5"


def test_dutch_chart_ticks_have_a_comma():
    _, ax = new_figure()
    assert ax.xaxis.get_major_formatter()(0.5, 0) == "0,5"
    assert ax.yaxis.get_major_formatter()(12500, 0) == "12.500"


# Number formatting written by hand: what ketenles.i18n.numbers replaced (issue 13).
HAND_WRITTEN = {
    "decimal comma by replace": re.compile(r"""\.replace\(\s*(["'])\.\1\s*,\s*(["']),\2\s*\)"""),
    "decimal point by replace": re.compile(r"""\.replace\(\s*(["']),\1\s*,\s*(["'])\.\2\s*\)"""),
    "thousands by a format spec": re.compile(r"""\{[^{}'"]*:,\}"""),
    "percent by a format spec": re.compile(r"""\{[^{}'"]*:\.\d+f\}%"""),
    "private number helper": re.compile(r"""def _(fmt|format_number|format_score|parse_number)\("""),
}


def test_the_hand_written_patterns_are_recognised():
    # Each pattern matches the code it was written for, so the check below can fail.
    old = {
        "decimal comma by replace": 'return f"{value:.2f}".replace(".", ",")',
        "decimal point by replace": 'text = text.replace(".", "").replace(",", ".")',
        "thousands by a format spec": 'limit=f"{MAX_CELLS:,}"',
        "percent by a format spec": 'f"<td>{100 * r.mutual_cooperation:.0f}%</td>"',
        "private number helper": "def _fmt(score: float) -> str:",
    }
    for name, line in old.items():
        assert HAND_WRITTEN[name].search(line), name


def test_no_hand_written_number_formatting_comes_back():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for name, pattern in HAND_WRITTEN.items():
                if pattern.search(line):
                    found.append(f"{path.relative_to(SRC)}:{number}: {name}: {line.strip()}")
    assert not found, "use ketenles.i18n.numbers instead:\n" + "\n".join(found)
