"""Quiz questions: grading, explanations, bad definitions, YAML, and the widgets."""

import math

import pytest
from catalogue_match import contains
from hypothesis import given
from hypothesis import strategies as st

from ketenles import progress
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models.progress import ProgressStore
from ketenles.models.quiz import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    SingleChoice,
    claims_matching,
    read_answer,
)
from ketenles.models.quiz_yaml import load_quiz, parse_quiz, question_from_dict
from ketenles.widgets.quiz import (
    MatchingWidget,
    MultipleChoiceWidget,
    NumericWidget,
    OrderingWidget,
    QuizBox,
    SingleChoiceWidget,
    question_widget,
)

OPTIONS = {"a": "Een helder gezamenlijk doel", "b": "Een strak contract", "c": "Persoonlijk commitment",
           "d": "Veel politieke druk"}
WHY = {"a": "Ja: factor 1.", "b": "Nee: volgens Groothedde kan geen contract op tegen commitment.",
       "c": "Ja: factor 2.", "d": "Nee: juist zo min mogelijk druk."}


def single():
    return SingleChoice(prompt="Welke factor noemde Groothedde als eerste?", options=OPTIONS,
                        correct="a", explanations=WHY, id="eerste-factor")


def multiple():
    return MultipleChoice(prompt="Welke zijn succesfactoren van Groothedde?", options=OPTIONS,
                          correct=["a", "c"], explanations=WHY, id="factoren")


def ordering():
    return Ordering(prompt="Zet de sprekers in de volgorde van het seminar.",
                    items={"ebbers": "Ebbers", "groothedde": "Groothedde", "froger": "Froger",
                           "winters": "Winters", "helder": "Helder"},
                    explanation="Ebbers opende, daarna spraken Groothedde, Froger en Winters; "
                                "Helder leidde de discussie.", id="volgorde")


def numeric(tolerance=5.0):
    return Numeric(prompt="Hoeveel miljoen uitwisselingen telde Suwinet in 2012?", correct=112,
                   tolerance=tolerance, unit="miljoen", explanation="Het waren er ongeveer 112 miljoen.",
                   too_low="Het waren er meer dan honderd miljoen.", id="suwi")


# -- single and multiple choice ------------------------------------------------
def test_single_choice_explains_the_chosen_option():
    q = single()
    right, wrong = q.check("a"), q.check("b")
    assert (right.correct, right.score, right.status) == (True, 1.0, "correct")
    assert (wrong.correct, wrong.score, wrong.status) == (False, 0.0, "wrong")
    assert "kan geen contract op tegen" in wrong.messages[0] and wrong.messages[0].startswith("✘")
    assert right.heading == "✔ Goed" and wrong.heading == "✘ Nog niet"
    assert q.check("Een helder gezamenlijk doel").correct  # the option text works too


@pytest.mark.parametrize("empty", [None, "", "   ", [], ()])
def test_an_empty_answer_asks_to_choose_instead_of_failing(empty):
    for q in (single(), multiple(), ordering(), numeric()):
        fb = q.check(empty)
        assert fb.status == "empty" and not fb.correct and fb.score == 0.0
        assert fb.messages and ("Kies" in fb.messages[0] or "Vink" in fb.messages[0]
                                or "Zet" in fb.messages[0] or "Vul" in fb.messages[0])


def test_an_unknown_option_is_a_dutch_argument_error():
    with pytest.raises(ArgumentError, match="een van deze sleutels"):
        single().check("z")


def test_multiple_choice_scores_partial_and_penalises_wrong_ticks():
    q = multiple()
    assert q.check(["a"]).score == 0.5
    assert q.check(["a"]).status == "partial"
    assert "nog 1 juist antwoord" in q.check(["a"]).messages[-1]
    assert q.check(["a", "b"]).score == 0.0
    assert q.check(["a", "b", "c", "d"]).score == 0.0  # ticking everything does not pay
    assert q.check("a").score == 0.5  # one option on its own


subsets = st.lists(st.sampled_from(sorted(OPTIONS)), unique=True)


@given(subsets)
def test_multiple_choice_score_is_a_fraction_and_order_does_not_matter(chosen):
    q = multiple()
    fb = q.check(chosen)
    if chosen:
        assert 0.0 <= fb.score <= 1.0
        assert fb == q.check(list(reversed(chosen)))
        assert fb.correct == (set(chosen) == {"a", "c"})


@given(st.permutations(["a", "c"]))
def test_the_correct_set_always_scores_one(order):
    assert multiple().check(order).score == 1.0


# -- matching ----------------------------------------------------------------------
def test_matching_claims_to_speakers_scores_per_item_and_explains():
    q = claims_matching(["geen_recept", "balans_belangen", "schakel"])
    # Helder, who led the discussion, is offered next to the attendees whose conclusion it is.
    assert set(q.choices) >= {"aanwezigen", "helder", "froger", "groothedde"}
    assert q.answer_key["geen_recept"] == "aanwezigen"
    assert q.check(q.answer_key).correct
    fb = q.check({"geen_recept": "helder", "balans_belangen": "groothedde"})
    assert fb.score == 0.0
    assert any(contains(m, "quiz.seminar.explanation_group") for m in fb.messages)
    assert any("niet Arco Groothedde" in m and "John Froger" in m for m in fb.messages)
    assert any("nog niet gekoppeld" in m for m in fb.messages)


@given(st.dictionaries(st.sampled_from(["geen_recept", "balans_belangen", "schakel"]),
                       st.sampled_from(["helder", "froger", "groothedde", "winters"])))
def test_matching_score_is_a_fraction(answer):
    fb = claims_matching(["geen_recept", "balans_belangen", "schakel"]).check(answer)
    assert 0.0 <= fb.score <= 1.0
    assert len(fb.messages) == (3 if answer else 1)


def test_bad_matching_definitions_are_reported():
    with pytest.raises(ArgumentError, match="nodig voor"):
        Matching(prompt="p", items=["x", "y"], choices=["A", "B"], correct={"x": "A"},
                 explanations={"x": "1", "y": "2"})
    with pytest.raises(ArgumentError, match="claim"):
        claims_matching(["geen_recept"])


# -- ordering ----------------------------------------------------------------------
def test_ordering_right_partly_and_reversed():
    q = ordering()
    keys = list(q.items)
    assert q.check(keys).correct
    swapped = [keys[1], keys[0], *keys[2:]]
    assert q.check(swapped).score == pytest.approx(0.9)  # one pair of ten wrong
    assert q.check(list(reversed(keys))).score == 0.0
    assert q.check(swapped).messages[-1].startswith("Ebbers opende")  # the why, always


def test_ordering_first_try_hints_which_places_are_wrong_and_keeps_the_why_for_later():
    q = ordering()
    keys = list(q.items)
    swapped = [keys[1], keys[0], *keys[2:]]
    first = q.check(swapped, reveal=False)
    assert first.score == pytest.approx(0.9) and first.messages[-1] == msg("quiz.hint_first")
    assert q.explanation not in first.messages
    assert first.basis == msg("quiz.basis.ordering", right=9, pairs=10, misplaced=2, total=5)
    # Right at the first try: the explanation comes with it, there is nothing left to try.
    assert q.check(keys, reveal=False).messages[-1] == q.explanation


def test_an_item_explanation_reads_as_a_sentence_of_its_own():
    q = Ordering(prompt="p", items={"a": "Eerst", "b": "Dan"}, explanation="Zo.",
                 item_explanations={"a": "zonder begin geen vervolg.", "b": "daarna."})
    assert q.check(["a", "b"]).messages[0].endswith("Eerst. Zonder begin geen vervolg.")


def test_matching_first_try_marks_the_wrong_links_without_their_explanations():
    q = claims_matching(["geen_recept", "balans_belangen", "schakel"])
    wrong = {**q.answer_key, "geen_recept": "helder"}
    first = q.check(wrong, reveal=False)
    assert q.explanations["geen_recept"] not in " ".join(first.messages)
    assert first.messages[-1] == msg("quiz.hint_first")
    assert first.basis == msg("quiz.basis.matching", right=2, total=3)
    assert q.explanations["geen_recept"] in " ".join(q.check(wrong).messages)


def test_partial_credit_says_how_it_was_counted_and_full_credit_needs_no_sum():
    fb = multiple().check(["a", "b"])
    assert fb.status == "wrong" and fb.basis == ""  # (1 - 1) / 2 = 0: nothing partial to explain
    fb = multiple().check(["a"])
    assert fb.status == "partial" and fb.basis == msg("quiz.basis.multiple", hits=1, total=2, false=0)
    assert fb.basis in fb.text()
    assert multiple().check(["a", "c"]).basis == ""


def test_ordering_with_doubles_or_gaps_says_what_is_missing():
    q = ordering()
    fb = q.check(["ebbers", "ebbers", "froger", None, "helder"])
    assert fb.status == "incomplete" and fb.heading.startswith("…")
    assert any("meer dan één plek" in m for m in fb.messages)
    assert any("Groothedde" in m and "Winters" in m for m in fb.messages)


@given(st.permutations(["ebbers", "groothedde", "froger", "winters", "helder"]))
def test_ordering_score_is_a_fraction_and_only_the_right_order_scores_one(order):
    fb = ordering().check(order)
    assert 0.0 <= fb.score <= 1.0
    assert (fb.score == 1.0) == (order == ["ebbers", "groothedde", "froger", "winters", "helder"])


# -- numeric -----------------------------------------------------------------------
def test_numeric_reads_dutch_numbers_and_says_too_low_or_high():
    q = numeric()
    assert q.check("110").correct and q.check("117,0").correct and q.check(112).correct
    low, high = q.check(50), q.check("1.250,5")
    assert "te laag" in low.messages[0] and low.messages[1] == "Het waren er meer dan honderd miljoen."
    assert "te hoog" in high.messages[0] and "1.250,5" in high.messages[0]
    unreadable = q.check("veel")
    assert unreadable.status == "incomplete" and "'veel'" in unreadable.messages[0]


finite = st.floats(-1e6, 1e6, allow_nan=False)
tolerances = st.floats(0, 1e3, allow_nan=False)


@given(finite, tolerances)
def test_tolerance_boundaries_are_inclusive(correct, tolerance):
    q = Numeric(prompt="p", correct=correct, tolerance=tolerance, explanation="x")
    assert q.check(correct).score == 1.0
    assert q.check(correct + tolerance).correct
    assert q.check(correct - tolerance).correct
    assert not q.check(correct + tolerance + 0.01).correct
    assert not q.check(correct - tolerance - 0.01).correct


@given(st.one_of(st.floats(allow_nan=True), st.text(max_size=8)))
def test_numeric_score_is_always_zero_or_one(answer):
    fb = numeric().check(answer)
    assert fb.score in (0.0, 1.0)


def test_read_answer():
    assert read_answer("3,5") == 3.5 and read_answer("1.250,75") == 1250.75
    assert read_answer("nan") is None and read_answer(True) is None and read_answer("x") is None
    assert math.isclose(read_answer(" 2.5 "), 2.5)


# -- bad definitions -----------------------------------------------------------------
@pytest.mark.parametrize("kwargs, match", [
    ({"prompt": ""}, "niet leeg"),
    ({"options": ["alleen"]}, "minstens 2"),
    ({"options": ["x", "x"]}, "maar één keer"),
    ({"correct": "z"}, "een van deze sleutels"),
    ({"explanations": {"a": "ja"}}, "nog zonder uitleg: b, c, d"),
    ({"id": "met spatie"}, "id"),
])
def test_a_bad_single_choice_definition_raises_a_clear_dutch_error(kwargs, match):
    base = {"prompt": "Vraag?", "options": OPTIONS, "correct": "a", "explanations": WHY}
    with pytest.raises(ArgumentError, match=match):
        SingleChoice(**{**base, **kwargs})


def test_bad_numeric_and_multiple_definitions():
    with pytest.raises(ArgumentError, match="marge"):
        Numeric(prompt="p", correct=1, tolerance=-1, explanation="x")
    with pytest.raises(ArgumentError, match="getal"):
        Numeric(prompt="p", correct=float("nan"), explanation="x")
    with pytest.raises(ArgumentError, match="minstens één juiste"):
        MultipleChoice(prompt="p", options=OPTIONS, correct=[], explanations=WHY)


# -- YAML ------------------------------------------------------------------------------
QUIZ_YAML = """
vragen:
  - type: enkele_keuze
    id: q1
    prompt: Wie leidde de discussie?
    options: {1: Janet Helder, 2: John Froger}
    correct: 1
    explanations:
      1: Helder leidde de discussie.
      2: Froger was spreker, geen gespreksleider.
  - type: multiple_choice
    id: q2
    prompt: Welke zijn overkoepelende factoren volgens Helder?
    options: [Initiatief, Vertrouwen, Een dik contract]
    correct: [Initiatief, Vertrouwen]
    explanations:
      Initiatief: Ja.
      Vertrouwen: Ja, als grondhouding.
      Een dik contract: Nee, dat noemde ze niet.
"""


def test_yaml_quiz_loads_with_dutch_type_names_and_numeric_keys(tmp_path):
    path = tmp_path / "quiz.yaml"
    path.write_text(QUIZ_YAML, encoding="utf-8")
    first, second = load_quiz(path)
    assert isinstance(first, SingleChoice) and first.check(1).correct and first.check("1").correct
    assert second.check(["Vertrouwen", "Initiatief"]).correct


@pytest.mark.parametrize("text, match", [
    ("- type: raadsel\n  prompt: x", "vraagtypen"),
    ("- type: getal\n  prompt: x\n  corect: 3\n  explanation: y", "Bedoelde je 'correct'"),
    ("- type: getal\n  prompt: x", "verplichte velden: correct, explanation"),
    ("- type: getal\n  prompt: [x", "regel"),
    ("[]", "lijst met vragen"),
])
def test_bad_yaml_quizzes_name_the_problem(text, match):
    with pytest.raises(ArgumentError, match=match):
        parse_quiz(text)


def test_yaml_errors_say_which_question_and_duplicate_ids_are_refused():
    with pytest.raises(ArgumentError, match="vraag 1.correct"):
        question_from_dict({"type": "numeric", "prompt": "p", "correct": "veel", "explanation": "x"},
                           "vraag 1")
    twice = "- {type: getal, id: a, prompt: p, correct: 1, explanation: x}\n" * 2
    with pytest.raises(ArgumentError, match="maar één keer"):
        parse_quiz(twice)
    with pytest.raises(ArgumentError, match="YAML-bestand"):
        load_quiz("bestaat-niet.yaml")


# -- widgets ---------------------------------------------------------------------------
def test_single_choice_widget_from_empty_to_right():
    w = question_widget(single())
    assert isinstance(w, SingleChoiceWidget)
    assert w.button.description == "Controleer" and w.choice.description
    assert w.answer is None and w.feedback is None
    w.button.click()
    assert w.feedback.status == "empty" and "Kies eerst" in w.feedback_box.value
    w.choice.value = "b"
    w.button.click()
    assert "✘ Nog niet" in w.feedback_box.value and "contract" in w.feedback_box.value
    w.choice.value = "a"
    assert w.submit().correct
    assert "✔ Goed" in w.feedback_box.value and "Score: 100%" in w.feedback_box.value


def test_multiple_choice_widget_reads_the_ticked_boxes():
    w = question_widget(multiple())
    assert isinstance(w, MultipleChoiceWidget)
    assert all(box.description for box in w.checkboxes.values())
    w.checkboxes["c"].value = True
    assert w.answer == ["c"]
    assert w.submit().status == "partial" and "◐ Deels goed" in w.feedback_text
    w.checkboxes["a"].value = True
    assert w.submit().correct and "✔ Goed" in w.feedback_text


def test_matching_widget_has_a_labelled_dropdown_per_item():
    q = claims_matching(["geen_recept", "balans_belangen"])
    w = question_widget(q)
    assert isinstance(w, MatchingWidget)
    assert [d.description for d in w.dropdowns.values()] == ["Bewering 1", "Bewering 2"]
    assert all(d.layout.width == "95%" for d in w.dropdowns.values())  # long choices are not cut off
    assert w.answer == {"geen_recept": None, "balans_belangen": None}
    w.dropdowns["geen_recept"].value = "aanwezigen"
    fb = w.submit()
    assert fb.score == 0.5 and "nog niet gekoppeld" in w.feedback_text
    w.set_answer({"balans_belangen": "froger"})
    assert w.submit().correct


def test_ordering_widget_positions_do_not_give_the_answer_away():
    q = ordering()
    w = question_widget(q)
    assert isinstance(w, OrderingWidget)
    assert w.display_order != list(q.items)
    assert [d.description for d in w.positions] == [f"Plek {n}" for n in range(1, 6)]
    w.positions[0].value = "ebbers"
    w.positions[1].value = "ebbers"
    assert w.submit().status == "incomplete" and "Nog niet af" in w.feedback_text
    w.set_answer(list(q.items))
    assert w.submit().correct and "✔ Goed" in w.feedback_box.value


@pytest.mark.parametrize("make", [ordering, lambda: claims_matching(["geen_recept", "balans_belangen"])])
def test_quiz_widgets_give_a_hint_first_and_the_explanations_from_the_second_try(make):
    q = make()
    w = question_widget(q)
    key = q.answer_key
    wrong = [key[1], key[0], *key[2:]] if isinstance(key, list) else {**key, "geen_recept": "helder"}
    w.set_answer(wrong)
    assert w.submit().messages[-1] == msg("quiz.hint_first")
    assert msg("quiz.hint_first") in w.feedback_text
    assert w.submit().messages[-1] != msg("quiz.hint_first")  # second try: the explanations


def test_numeric_widget_accepts_a_dutch_comma():
    w = question_widget(numeric())
    assert isinstance(w, NumericWidget)
    assert w.answer is None and w.field.description
    w.field.value = "111,5"
    assert w.answer == 111.5
    assert w.submit().correct
    w.field.value = "40"
    w.button.click()
    assert "te laag" in w.feedback_text and "✘" in w.feedback_box.value


def test_a_correct_answer_marks_the_exercise_done_when_tracking_is_on(tmp_path):
    path = tmp_path / "p.json"
    progress.start_lesson("01-wat-is-een-keten", ["eerste-factor", "factoren"], path=path)
    try:
        w = question_widget(single())
        w.choice.value = "b"
        w.submit()
        assert not ProgressStore(path).is_done("01-wat-is-een-keten", "eerste-factor")
        w.choice.value = "a"
        w.submit()
        assert ProgressStore(path).is_done("01-wat-is-een-keten", "eerste-factor")
        assert "1 van 2 oefeningen" in w.feedback_text
    finally:
        progress.stop_tracking()


def test_explicit_lesson_and_store_are_used(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    w = question_widget(numeric(), lesson="03-getallen", store=store)
    w.set_answer(112)
    w.submit()
    assert store.is_done("03-getallen", "suwi")


def test_quiz_box_counts_right_answers():
    box = QuizBox([single(), numeric()])
    assert "0 van 2" in box.total.value
    box.questions[0].set_answer("a")
    box.questions[0].submit()
    assert box.right == 1 and "1 van 2" in box.total.value


def test_widgets_refuse_the_wrong_question_or_arguments():
    with pytest.raises(ArgumentError):
        SingleChoiceWidget(numeric())
    with pytest.raises(ArgumentError):
        question_widget("vraag")
    with pytest.raises(ArgumentError, match="les-id"):
        question_widget(single(), lesson="Les 1")
    with pytest.raises(ArgumentError):
        QuizBox([])


labels = st.lists(st.text("abcdefghij", min_size=1, max_size=6), min_size=2, max_size=6, unique=True)


@given(labels, st.data())
def test_the_answer_key_of_any_valid_question_scores_one(texts, data):
    why = {t: f"Uitleg bij {t}." for t in texts}
    correct = data.draw(st.sampled_from(texts))
    chosen = data.draw(st.lists(st.sampled_from(texts), min_size=1, unique=True))
    questions = [
        SingleChoice(prompt="p", options=texts, correct=correct, explanations=why),
        MultipleChoice(prompt="p", options=texts, correct=chosen, explanations=why),
        Matching(prompt="p", items=texts, choices=texts, correct={t: correct for t in texts},
                 explanations=why),
        Ordering(prompt="p", items=texts, explanation="Zo hoort het."),
    ]
    for q in questions:
        fb = q.check(q.answer_key)
        assert (fb.correct, fb.score, fb.status) == (True, 1.0, "correct")
        assert fb.messages  # always an explanation, never a bare verdict


def test_ordering_messages_never_end_a_label_with_two_full_stops():
    # Labels that are full sentences, as the restart steps of a lesson are.
    question = Ordering(prompt="Zet de stappen in de goede volgorde.", explanation="Zo begin je opnieuw.", items={
        "menu": "Open bovenin het menu Kernel.", "restart": "Kies 'Kernel herstarten…'.",
        "confirm": "Bevestig met de knop Herstarten.", "rerun": "Voer de cellen van boven naar beneden uit."})
    keys = list(question.items)
    for answer in ([keys[0]] * len(keys), keys[:1], keys[::-1]):
        for line in question.check(answer).messages:
            assert ".." not in line and ".," not in line, line
    text = " ".join(question.check([keys[0]] * len(keys)).messages)
    assert "Open bovenin het menu Kernel. Elk onderdeel" in text
