"""Read-only views for lessons: the seminar and cases as formatted HTML.

Each function returns an :class:`HTMLView`, which a notebook shows as formatted
text and which tests and screen readers can read as plain HTML. No widgets.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ketenles.content import seminar
from ketenles.content.cases import Case
from ketenles.errors import ArgumentError
from ketenles.i18n import msg


@dataclass(frozen=True)
class HTMLView:
    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:  # readable in a plain terminal too
        import re

        text = re.sub(r"<[^>]+>", " ", self.html)
        return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _e(text: str) -> str:
    return html.escape(str(text))


def speakers_table() -> HTMLView:
    """Who spoke at the seminar, in which role, and what they claimed."""
    def said(s) -> str:
        # Helder led the discussion; its conclusions are the attendees' row, not hers.
        if not s.claims:
            return _e(msg("views.speakers.no_claims"))
        return f"<ul>{''.join(f'<li>{_e(c.text)}</li>' for c in s.claims)}</ul>"

    rows = "".join(
        f"<tr><th scope='row'>{_e(s.name)}</th><td>{_e(s.role)}</td><td>{said(s)}</td></tr>"
        for s in seminar.speakers()
    )
    caption = msg("views.speakers.caption", date=seminar.date().strftime("%d-%m-%Y"), place=seminar.place())
    head = "".join(f"<th scope='col'>{_e(msg(f'views.speakers.{k}'))}</th>" for k in ("who", "role", "claims"))
    return HTMLView(f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
                    f"<tbody>{rows}</tbody></table>")


def factors_list() -> HTMLView:
    """Groothedde's five success factors with a one-line explanation each."""
    items = "".join(f"<li><strong>{_e(f.name)}</strong>: {_e(f.explanation)}</li>" for f in seminar.factors())
    return HTMLView(f"<ol>{items}</ol>")


def case_card(case: Case) -> HTMLView:
    """A case at a glance: summary, partners, goal, dominant chain problem, timeline, sources."""
    if not isinstance(case, Case):
        raise ArgumentError("case", case, msg("widgets.expect.case"))
    t = lambda key: _e(msg(f"views.case.{key}"))  # noqa: E731 - a local shorthand
    partners = "".join(f"<li><strong>{_e(p.name)}</strong>: {_e(p.role)}</li>" for p in case.partners)
    events = "".join(
        f"<li>{_e(ev.when)}: {_e(ev.text)} <em>({_e(ev.source.cite())})</em></li>" for ev in case.timeline()
    )
    tensions = "".join(f"<li>{_e(tn.text)}</li>" for tn in case.tensions)
    sources = "".join(f"<li>{_e(s.cite())}</li>" for s in case.sources)
    notice = f"<p><strong>{t('sensitive')}</strong></p>" if case.sensitive else ""
    return HTMLView(
        f"<div><h4>{_e(case.name)}</h4>{notice}<p>{_e(case.summary)}</p>"
        f"<p><strong>{t('partners')}</strong></p><ul>{partners}</ul>"
        f"<p><strong>{t('goal')}</strong>: {_e(case.shared_goal.text)}</p>"
        f"<p><strong>{t('problem')}</strong>: {_e(case.dominant_chain_problem.text)}</p>"
        f"<p><strong>{t('governance')}</strong>: {_e(case.governance_form_name)}. {_e(case.governance.text)}</p>"
        f"<p><strong>{t('tensions')}</strong></p><ul>{tensions}</ul>"
        f"<p><strong>{t('timeline')}</strong></p><ul>{events}</ul>"
        f"<p><strong>{t('sources')}</strong></p><ul>{sources}</ul></div>"
    )


def scan_feedback(result, case: Case) -> HTMLView:
    """The student's ketenscan compared with the course's estimate for a case.

    A view only: it saves no progress (the ScanExercise's feedback button does,
    once the student moved its sliders).
    """
    from ketenles.models.scan import compare_with_estimate

    if not isinstance(case, Case):
        raise ArgumentError("case", case, msg("widgets.expect.case"))
    reasons = {e.factor_id: e.reason for e in case.scan_estimate}
    lines = compare_with_estimate(result, case.scan_scores(), reasons)
    items = "".join(f"<li>{_e(line)}</li>" for line in lines)
    return HTMLView(f"<p><strong>{_e(msg('views.scan_feedback.heading', name=case.name))}</strong></p>"
                    f"<ul>{items}</ul>")


def scan_comparison(first, second, first_name: str, second_name: str) -> HTMLView:
    """Two ketenscans side by side, per factor, with the difference in words."""
    from ketenles.models.scan import compare_scans

    differences = compare_scans(first, second)
    head = "".join(f"<th scope='col'>{_e(h)}</th>" for h in
                   (msg("views.comparison.factor"), first_name, second_name, msg("views.comparison.difference")))
    rows = []
    for f in seminar.factors():
        diff = differences[f.id]
        key = "higher" if diff > 0 else "lower" if diff < 0 else "equal"
        words = msg(f"views.comparison.{key}", name=second_name, points=abs(diff))
        rows.append(f"<tr><th scope='row'>{_e(f.name)}</th><td>{first.scores[f.id]}</td>"
                    f"<td>{second.scores[f.id]}</td><td>{_e(words)}</td></tr>")
    return HTMLView(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
