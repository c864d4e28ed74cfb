"""What a student sees in the browser: typing a reflection, folded answers, full labels, Dutch numbers."""

from __future__ import annotations

from labpage import click_button, open_notebook, run_all, slide

from ketenles.models.reflection import MIN_WORDS

LONG = ("Bij ons in de wijk kent de wijkagent de leerplichtambtenaar persoonlijk, dus een zorg over "
        "een leerling komt dezelfde dag aan en niet pas na weken via een formulier.")


def _cell_count(panel) -> int:
    return panel.locator(".jp-Cell").count()


def test_typing_a_reflection_never_triggers_notebook_shortcuts_and_saves(page, lab):
    panel = open_notebook(page, lab, "notebooks/04-netwerkbestuurder.ipynb")
    run_all(page, panel)
    cells, kinds = _cell_count(panel), panel.locator(".jp-MarkdownCell").count()
    box = panel.locator(".widget-textarea textarea").last
    box.scroll_into_view_if_needed()
    # Command-mode shortcuts as letters: m (markdown), y (code), a/b (insert cell), dd (delete).
    box.click()
    page.keyboard.type("ab m y dd " + LONG)
    assert _cell_count(panel) == cells and panel.locator(".jp-MarkdownCell").count() == kinds
    assert box.input_value().startswith("ab m y dd ")
    label = panel.locator(".widget-textarea label").last
    assert label.text_content().strip() == "Jouw antwoord"
    area = panel.locator(".widget-vbox", has=page.locator(".widget-textarea")).last
    click_button(area, "Opslaan")
    # Wait for what is asserted: the kernel's note after saving. The status line above it
    # says "telt als gedaan" from the start, so waiting for that would race the kernel.
    area.get_by_text("Opgeslagen in je voortgang").wait_for(timeout=60_000)
    assert area.get_by_text("genoeg, de reflectie telt als gedaan").count() == 1
    assert MIN_WORDS == 15


def test_the_answer_to_a_quiz_stays_folded_until_the_student_opens_it(page, lab):
    panel = open_notebook(page, lab, "notebooks/05-geen-recept.ipynb")
    run_all(page, panel)
    summary = panel.locator(".jp-RenderedMarkdown details > summary",
                            has_text="open dit pas nadat je op Controleer").first
    summary.scroll_into_view_if_needed()
    assert summary.is_visible()
    # The rendered text (not the cell's hidden editor source) is in the DOM, but folded away.
    hidden = panel.locator(".jp-RenderedMarkdown p", has_text="past een leidende organisatie het best").first
    assert hidden.count() == 1 and not hidden.is_visible()
    # The advisor starts blank: no chart to read the answer from.
    advisor = panel.locator(".widget-vbox", has=page.get_by_text("Bestuursvorm kiezen")).first
    assert advisor.locator("img").count() == 0
    assert advisor.get_by_text("Nog geen advies").count() == 1
    # Every label and every option of the advisor is shown whole, not cut off.
    truncated = advisor.evaluate("""el => {
      const out = [];
      for (const label of el.querySelectorAll('.widget-label')) {
        if (label.scrollWidth > label.clientWidth + 1) out.push(label.textContent);
      }
      const ctx = document.createElement('canvas').getContext('2d');
      for (const select of el.querySelectorAll('select')) {
        ctx.font = getComputedStyle(select).font;
        for (const option of select.options) {
          if (ctx.measureText(option.text).width + 24 > select.clientWidth) out.push(option.text);
        }
      }
      return out;
    }""")
    assert truncated == []
    summary.click()
    assert summary.evaluate("s => s.parentElement.open") is True
    hidden.wait_for(state="visible", timeout=5_000)


def test_decimal_sliders_read_out_with_a_comma(page, lab):
    panel = open_notebook(page, lab, "notebooks/03-mensenwerk.ipynb")
    run_all(page, panel)
    # Only the tournament explorer has decimal sliders, each with its own readout next to it.
    readouts = panel.locator(".widget-hbox:has(.widget-hslider) > .widget-label")
    assert readouts.count() >= 5
    texts = readouts.all_text_contents()
    assert all("." not in t and "," in t for t in texts), texts
    noise_row = panel.locator(".widget-hbox:has(.widget-hslider)").nth(1)
    before = noise_row.locator(".widget-label").last.text_content()
    slide(noise_row.locator(".noUi-handle"), 5)
    page.wait_for_function("([el, b]) => el.textContent !== b",
                           arg=[noise_row.locator(".widget-label").last.element_handle(), before])
    assert "," in noise_row.locator(".widget-label").last.text_content()


def test_lesson_04_shows_its_quiz_answers_folded(page, lab):
    panel = open_notebook(page, lab, "notebooks/04-netwerkbestuurder.ipynb")
    folded = panel.locator(".jp-RenderedMarkdown details")
    folded.first.wait_for(state="attached")
    assert folded.count() >= 1
    # Closed on arrival, and what is inside takes no room on screen until the student opens it.
    assert folded.evaluate_all("els => els.filter(d => d.open).length") == 0
    inside = folded.first.locator(":scope > :not(summary)").first
    assert inside.count() == 1 and not inside.is_visible()
