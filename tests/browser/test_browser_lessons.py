"""Every lesson, opened and run in a real browser, as a student does it.

Parametrized over notebooks/*.ipynb, so a new lesson is tested as soon as it
lands. After Run All no cell may show an error; widgets must respond to the
mouse and keyboard.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from axe_check import blocking_violations_after_run, describe
from labpage import (
    answer_shown,
    choose_dropdown,
    click_button,
    error_outputs,
    kernel_idles,
    open_notebook,
    run_all,
    slide,
    slider_readout,
    wait_for_change,
    wait_until,
    widget_views,
)
from paths import REPO

LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))
SCAN_LESSON = "01-wat-is-een-keten.ipynb"


def lesson_ids():
    return [p.name for p in LESSONS]


def test_the_browser_opens_every_lesson_the_readme_lists():
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- lessen:begin -->", 1)[1].split("<!-- lessen:end -->", 1)[0]
    listed = re.findall(r"\(notebooks/([^)/]+\.ipynb)\)", table)
    assert listed and listed == lesson_ids()
    assert SCAN_LESSON in listed


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _notebook_uses(path: Path, *needles: str) -> bool:
    source = "\n".join("".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"]
                       if c["cell_type"] == "code")
    return any(n in source for n in needles)


def _scan_state(panel):
    # ScanExercise: heading, five sliders, chart (HTML with an <img>), advice, feedback button and box.
    scan = panel.locator(".widget-vbox", has=panel.page.locator(".widget-slider")).last
    chart = scan.locator(".widget-html img").first
    advice = scan.locator(".ketenles-scan-advice").first
    return chart.get_attribute("src"), chart.get_attribute("alt"), advice.text_content()


def test_scan_sliders_redraw_chart_and_advice(page, lab):
    panel = open_notebook(page, lab, f"notebooks/{SCAN_LESSON}")
    run_all(page, panel)
    sliders = panel.locator(".widget-slider")
    assert sliders.count() == 5
    src, alt, advice = _scan_state(panel)
    assert src.startswith("data:image/png") and alt and advice

    # Progress counts what the student did: feedback on sliders left where Run All put them saves nothing.
    feedback = panel.locator(".ketenles-scan-feedback").first
    assert feedback.text_content().strip() == ""
    click_button(panel, "Vraag feedback")
    untouched = wait_for_change(lambda: feedback.text_content().strip(), "")
    assert untouched, "no feedback on the untouched scan"
    assert "Opgeslagen in je voortgang" not in untouched

    first = sliders.nth(0)
    assert slider_readout(first) == "3"
    slide(first.locator(".noUi-handle"), -2)
    assert wait_for_change(lambda: slider_readout(first), "3") == "1"
    # Advice and chart arrive in separate widget messages: wait for all three, then say which lagged.
    new_src, new_alt, new_advice = wait_until(
        lambda: _scan_state(panel), lambda state: all(n != o for n, o in zip(state, (src, alt, advice), strict=True)))
    assert new_src != src, "the chart image did not change"
    assert new_alt != alt, "the chart's text alternative did not change"
    assert new_advice != advice, "the advice did not change"
    # Feedback comes from the button, for the sliders as they are now, and counts as done.
    click_button(panel, "Vraag feedback")
    feedback.get_by_text("Opgeslagen in je voortgang").wait_for(timeout=15_000)
    assert "binnen één punt" not in feedback.text_content()  # 1 against the course's 3: two points off
    assert error_outputs(panel) == []


# --- other widget kinds: exercised in every lesson that renders them ---------

QUIZ_SOURCE = ("quiz(", "question_widget(")


def _outputs_with(panel, selector: str):
    return panel.locator(".jp-OutputArea-output", has=panel.page.locator(selector))


def answer_quiz(quiz) -> None:
    """Give some answer to one quiz widget, whatever its kind."""
    radios, selects = quiz.locator("input[type=radio]"), quiz.locator("select")
    boxes, fields = quiz.locator("input[type=checkbox]"), quiz.locator("input[type=text]")
    if radios.count():
        radios.first.check()
    elif selects.count():
        for i in range(selects.count()):
            choose_dropdown(selects.nth(i), 1)
    elif boxes.count():
        boxes.first.check()
    elif fields.count():
        fields.first.fill("3")


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_ids())
def test_lesson_runs_passes_axe_and_its_widgets_respond(page, lab, lesson):
    """One Run All per lesson serves three checks, each once a test with a Run All of its own:
    no cell shows an error and widgets render as widgets; axe-core finds no serious or
    critical violation in the outputs; the widgets respond to a student."""
    before = _digest(lesson)
    panel = open_notebook(page, lab, f"notebooks/{lesson.name}")
    assert run_all(page, panel) > 0
    assert panel.locator(".jp-OutputArea-output").count() > 0, "Run All produced no output at all"
    assert error_outputs(panel) == []
    kinds = widget_views(panel)
    # A notebook that builds widgets must show them as widgets, not as text.
    if _notebook_uses(lesson, "Exercise(", "Widget(", "ipywidgets"):
        assert sum(kinds.values()) > 0, "widgets did not render"
    blocking = blocking_violations_after_run(page)
    assert blocking == [], "\n".join(describe(blocking))
    if any(kinds.values()):
        _respond_to_a_student(panel, lesson, kinds)
    else:
        assert not _notebook_uses(lesson, "Exercise(", "Explorer(", "Game(", *QUIZ_SOURCE)
    assert _digest(lesson) == before, "running the lesson changed the committed notebook"


def _respond_to_a_student(panel, lesson: Path, kinds: dict[str, int]) -> None:
    """Answer a quiz and use the other dropdowns and buttons: each must change what is shown."""
    exercised = []

    quizzes = _outputs_with(panel, "button.jupyter-button:has-text('Controleer')")
    if _notebook_uses(lesson, *QUIZ_SOURCE):
        assert quizzes.count() > 0, "the lesson builds a quiz but no 'Controleer' button rendered"
    if quizzes.count():
        quiz = quizzes.first
        answer_quiz(quiz)
        before = quiz.text_content()
        click_button(quiz, "Controleer")
        after = wait_for_change(quiz.text_content, before)
        assert any(mark in after for mark in ("✔", "✘")), after[-300:]
        exercised.append("quiz")

    # Dropdowns and buttons outside quizzes: some answer must change what is shown.
    others = [o for o in _outputs_with(panel, ".widget-dropdown select, button.jupyter-button").all()
              if o.locator("button.jupyter-button", has_text="Controleer").count() == 0]
    changed = 0
    page = panel.page
    for output in others:
        before = shown = output.text_content()
        select = output.locator(".widget-dropdown select")
        if select.count() and select.first.locator("option").count() > 1:
            options = select.first.locator("option")
            current = select.first.input_value()
            target = next(j for j in range(options.count()) if options.nth(j).get_attribute("value") != current)
            idles = kernel_idles(page)
            choose_dropdown(select.first, target)
            shown = answer_shown(page, output.text_content, before, idles)
        # A disabled button waits for something else first (lesson 03's "Toon de uitkomst"
        # opens only after its prediction quiz is answered): not one to press here.
        buttons = [b for b in output.locator("button.jupyter-button").all() if b.is_enabled()]
        # Some exercises react to a choice at once, others only to their button.
        if shown == before and buttons:
            buttons[0].scroll_into_view_if_needed()
            idles = kernel_idles(page)
            buttons[0].click()
            shown = answer_shown(page, output.text_content, before, idles)
        if shown != before:
            changed += 1
    choices = [o for o in others if o.locator(".widget-dropdown select").count()]
    if choices:
        # A lone button may legitimately show the same (e.g. "Vernieuw" on unchanged
        # progress); a choice the student makes must change what the exercise shows.
        assert changed > 0, f"none of {len(choices)} dropdown exercises reacted"
    if others:
        exercised.append("dropdown/button")
    assert exercised or kinds["slider"], kinds
    assert error_outputs(panel) == []
