"""A page per case, generated from the case files through the library's loader.

The page carries what the lessons' case card shows (``views.case_card``), as
Markdown so that the site's search finds it, with every fact's source named.
"""

from __future__ import annotations

import re

INDEX_TITLE = "Casussen"


def _text(value: str) -> str:
    """Case text as Markdown that renders literally (no stray emphasis, roles or HTML)."""
    return re.sub(r"([\\`*_{}\[\]<>|#])", r"\\\1", " ".join(str(value).split()))


def _cite(source) -> str:
    label = _text(source.cite())
    return f"[{label}]({source.url})" if source.url else label


def page(case) -> str:
    """The Markdown page of one case."""
    from ketenles.content import seminar
    from ketenles.i18n import msg

    def heading(key: str) -> str:
        return f"## {msg(f'views.case.{key}')}"

    lines = [f"# {_text(case.name)}", "", f"*{_text(case.domain)}*", ""]
    if case.sensitive:
        lines += [":::{important}", msg("views.case.sensitive"), ":::", ""]
    lines += [_text(case.summary), "", heading("partners"), ""]
    lines += [f"- **{_text(p.name)}**: {_text(p.role)} ({_cite(p.source)})" for p in case.partners]
    lines += ["", heading("goal"), "", f"{_text(case.shared_goal.text)} ({_cite(case.shared_goal.source)})",
              "", heading("problem"), "",
              f"{_text(case.dominant_chain_problem.text)} ({_cite(case.dominant_chain_problem.source)})",
              "", heading("governance"), "",
              f"**{_text(case.governance_form_name)}**. {_text(case.governance.text)} "
              f"({_cite(case.governance.source)})",
              "", heading("tensions"), ""]
    lines += [f"- {_text(t.text)} ({_cite(t.source)})" for t in case.tensions]
    lines += ["", heading("timeline"), ""]
    lines += [f"- **{event.when}**: {_text(event.text)} ({_cite(event.source)})" for event in case.timeline()]
    if case.scan_estimate:
        lines += ["", "## Ketenscan: de inschatting van de cursusmakers", "",
                  "Dit is de lezing van de cursusmakers, geen uitspraak van de bronnen of van het seminar.", "",
                  "| succesfactor | score (1-5) | waarom |", "| --- | --- | --- |"]
        lines += [f"| {_text(seminar.factor(e.factor_id).name)} | {e.score} | {_text(e.reason)} |"
                  for e in case.scan_estimate]
    lines += ["", "## Vragen bij deze casus", ""]
    lines += [f"{i}. {_text(q)}" for i, q in enumerate(case.questions, start=1)]
    lines += ["", heading("sources"), ""]
    lines += [f"- {_cite(s)}" for s in case.sources]
    return "\n".join(lines) + "\n"


def index(cases) -> str:
    """The overview page: every case with its domain and a toctree of the case pages."""
    lines = [f"# {INDEX_TITLE}", "",
             "Echte Nederlandse ketens uit de publieke sector, die de lessen en opdrachten gebruiken. "
             "Elk feit noemt zijn bron. Eigen casussen toevoegen: zie `docs/case-format.md` in de repository.",
             "", "| casus | domein |", "| --- | --- |"]
    lines += [f"| [{_text(c.name)}]({c.id}.md) | {_text(c.domain)} |" for c in cases]
    lines += ["", ":::{toctree}", ":hidden:", "", *[c.id for c in cases], ":::", ""]
    return "\n".join(lines)


def write(folder) -> list[str]:
    """Write ``index.md`` and one page per bundled case into ``folder``; return the case ids."""
    from ketenles.content.cases import case_paths, load_case_file

    folder.mkdir(parents=True, exist_ok=True)
    cases = [load_case_file(path) for path in case_paths().values()]
    for case in cases:
        (folder / f"{case.id}.md").write_text(page(case), encoding="utf-8")
    (folder / "index.md").write_text(index(cases), encoding="utf-8")
    return [c.id for c in cases]
