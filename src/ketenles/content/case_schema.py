"""The rules a case file must follow, checked field by field.

Kept apart from :mod:`ketenles.content.cases` so the rules can be read in one place.
Validation collects every problem instead of stopping at the first, so a
lecturer fixes a file in one go.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass

from ketenles.i18n import msg

GOVERNANCE_FORMS = ("gedeeld", "leidende_organisatie", "nao")

# field -> message key of what is expected
REQUIRED = {
    "id": "cases.expect.id",
    "name": "cases.expect.text",
    "domain": "cases.expect.text",
    "summary": "cases.expect.text",
    "partners": "cases.expect.partners",
    "shared_goal": "cases.expect.fact",
    "dominant_chain_problem": "cases.expect.fact",
    "governance": "cases.expect.governance",
    "tensions": "cases.expect.facts",
    "events": "cases.expect.events",
    "questions": "cases.expect.questions",
    "sources": "cases.expect.sources",
}
OPTIONAL = {"scan_estimate", "sensitive", "language"}


def _kind(value) -> str:
    """A Dutch word for the kind of YAML value a lecturer wrote."""
    names = {list: "lists.list", dict: "lists.mapping", str: "lists.text", int: "lists.number",
             float: "lists.number", bool: "lists.bool"}
    key = names.get(type(value))
    return msg(f"cases.{key}") if key else type(value).__name__


def _valid_when(when) -> bool:
    if isinstance(when, _dt.date):
        return True
    if isinstance(when, int) and not isinstance(when, bool):
        return 1800 <= when <= 2100
    if isinstance(when, str):  # "YYYY-MM" when the source gives only the month
        parts = when.split("-")
        return (len(parts) == 2 and all(p.isdigit() for p in parts) and len(parts[0]) == 4
                and 1800 <= int(parts[0]) <= 2100 and 1 <= int(parts[1]) <= 12)
    return False


def _is_quoted_full_date(when) -> bool:
    try:
        _dt.date.fromisoformat(when)
    except (TypeError, ValueError):
        return isinstance(when, str) and when.strip().isdigit()
    return True


@dataclass(frozen=True)
class CaseProblem:
    """One thing wrong in a case file: where, what, and what would be right."""

    field: str
    problem: str
    expected: str

    def describe(self) -> str:
        where = msg("cases.error.field", field=self.field) if self.field else msg("cases.error.file")
        return f"{where}: {self.problem} {msg('cases.error.expected')}: {self.expected}"


class _Checker:
    def __init__(self):
        self.problems: list[CaseProblem] = []

    def add(self, field: str, problem_key: str, expect_key: str, **values) -> None:
        self.problems.append(CaseProblem(field, msg(problem_key, **values), msg(expect_key, **values)))

    def text(self, node, field: str, expect="cases.expect.text") -> bool:
        if isinstance(node, str) and node.strip():
            return True
        if node is None or isinstance(node, str):
            self.add(field, "cases.error.empty_text", expect)
        else:
            self.add(field, "cases.error.not_text", expect, got=_kind(node))
        return False

    def mapping(self, node, field: str, expect: str) -> bool:
        if not isinstance(node, dict):
            self.add(field, "cases.error.not_mapping", expect, got=_kind(node))
            return False
        return True

    def listing(self, node, field: str, expect: str, minimum: int = 1) -> bool:
        if not isinstance(node, list) or len(node) < minimum:
            self.add(field, "cases.error.too_few", expect, minimum=minimum)
            return False
        return True

    def source_ref(self, node: dict, field: str, sources: set[str]) -> None:
        ref = node.get("source")
        if ref is None:
            self.add(f"{field}.source", "cases.error.no_source", "cases.expect.source_ref",
                     known=", ".join(sorted(sources)) or "-")
        elif ref not in sources:
            self.add(f"{field}.source", "cases.error.unknown_source", "cases.expect.source_ref",
                     ref=ref, known=", ".join(sorted(sources)) or "-")

    def fact(self, node, field: str, sources: set[str], extra: tuple[str, ...] = ()) -> None:
        if not self.mapping(node, field, "cases.expect.fact"):
            return
        self.text(node.get("text"), f"{field}.text")
        self.source_ref(node, field, sources)
        self.unknown_keys(node, {"text", "source", *extra}, field)

    def unknown_keys(self, node: dict, allowed: set[str], field: str) -> None:
        for key in node:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                hint = msg("cases.error.did_you_mean", name=close[0]) if close else ""
                name = f"{field}.{key}" if field else str(key)
                self.add(name, "cases.error.unknown_field", "cases.expect.known_fields",
                         hint=hint, known=", ".join(sorted(allowed)))


def validate_case_data(data, expected_id: str | None = None) -> list[CaseProblem]:
    """Every problem in the parsed contents of a case file (empty list: valid)."""
    from ketenles.content.seminar import factor_ids

    check = _Checker()
    if data is None:
        check.add("", "cases.error.empty_file", "cases.expect.case_mapping")
        return check.problems
    if not isinstance(data, dict):
        check.add("", "cases.error.not_a_case", "cases.expect.case_mapping", got=_kind(data))
        return check.problems

    for key, expect in REQUIRED.items():
        if key not in data:
            check.add(key, "cases.error.missing", expect)
    check.unknown_keys(data, set(REQUIRED) | OPTIONAL, "")

    # Sources first: every other fact points at them.
    source_ids: set[str] = set()
    if "sources" in data and check.listing(data["sources"], "sources", "cases.expect.sources"):
        for i, src in enumerate(data["sources"]):
            f = f"sources[{i}]"
            if not check.mapping(src, f, "cases.expect.source"):
                continue
            for key in ("id", "who", "title"):
                check.text(src.get(key), f"{f}.{key}")
            year = src.get("year")
            if isinstance(year, str) and year.strip().isdigit():
                check.add(f"{f}.year", "cases.error.quoted_number", "cases.expect.year", got=year)
            elif isinstance(year, bool) or not isinstance(year, int) or not 1800 <= year <= 2100:
                check.add(f"{f}.year", "cases.error.bad_year", "cases.expect.year", got=year)
            if "url" in src and src["url"] is not None:
                check.text(src["url"], f"{f}.url", "cases.expect.url")
            check.unknown_keys(src, {"id", "who", "title", "year", "url"}, f)
            if isinstance(src.get("id"), str):
                if src["id"] in source_ids:
                    check.add(f"{f}.id", "cases.error.duplicate_source", "cases.expect.unique_source", ref=src["id"])
                source_ids.add(src["id"])

    if "id" in data and check.text(data["id"], "id", "cases.expect.id"):
        case_id = data["id"]
        if not case_id.replace("_", "").replace("-", "").isalnum() or case_id != case_id.lower():
            check.add("id", "cases.error.bad_id", "cases.expect.id", got=case_id)
        elif expected_id is not None and case_id != expected_id:
            check.add("id", "cases.error.id_mismatch", "cases.expect.id_matches_file",
                      got=case_id, stem=expected_id)
    for key in ("name", "domain", "summary"):
        if key in data:
            check.text(data[key], key)

    if "partners" in data and check.listing(data["partners"], "partners", "cases.expect.partners", minimum=2):
        for i, partner in enumerate(data["partners"]):
            f = f"partners[{i}]"
            if check.mapping(partner, f, "cases.expect.partner"):
                check.text(partner.get("name"), f"{f}.name")
                check.text(partner.get("role"), f"{f}.role")
                check.source_ref(partner, f, source_ids)
                check.unknown_keys(partner, {"name", "role", "source"}, f)

    for key in ("shared_goal", "dominant_chain_problem"):
        if key in data:
            check.fact(data[key], key, source_ids)

    if "governance" in data:
        gov = data["governance"]
        check.fact(gov, "governance", source_ids, extra=("form",))
        if isinstance(gov, dict) and gov.get("form") not in GOVERNANCE_FORMS:
            check.add("governance.form", "cases.error.bad_choice", "cases.expect.choice",
                      got=gov.get("form"), allowed=", ".join(GOVERNANCE_FORMS))

    if "tensions" in data and check.listing(data["tensions"], "tensions", "cases.expect.facts"):
        for i, tension in enumerate(data["tensions"]):
            check.fact(tension, f"tensions[{i}]", source_ids)

    if "events" in data and check.listing(data["events"], "events", "cases.expect.events"):
        for i, event in enumerate(data["events"]):
            f = f"events[{i}]"
            check.fact(event, f, source_ids, extra=("date",))
            when = event.get("date") if isinstance(event, dict) else None
            if isinstance(event, dict) and not _valid_when(when):
                key = "cases.error.quoted_date" if _is_quoted_full_date(when) else "cases.error.bad_date"
                check.add(f"{f}.date", key, "cases.expect.date", got=when)

    if "questions" in data and check.listing(data["questions"], "questions", "cases.expect.questions"):
        for i, question in enumerate(data["questions"]):
            check.text(question, f"questions[{i}]")

    if data.get("scan_estimate") is not None:
        estimate = data["scan_estimate"]
        if check.mapping(estimate, "scan_estimate", "cases.expect.scan_estimate"):
            known = set(factor_ids())
            check.unknown_keys(estimate, known, "scan_estimate")
            for fid, est in estimate.items():
                f = f"scan_estimate.{fid}"
                if fid not in known or not check.mapping(est, f, "cases.expect.scan_item"):
                    continue
                score = est.get("score")
                if isinstance(score, str) and score.strip().isdigit():
                    check.add(f"{f}.score", "cases.error.quoted_number", "cases.expect.score", got=score)
                elif isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
                    check.add(f"{f}.score", "cases.error.bad_score", "cases.expect.score", got=score)
                check.text(est.get("reason"), f"{f}.reason")
                check.unknown_keys(est, {"score", "reason"}, f)

    if "language" in data:
        from ketenles.i18n import available_languages

        if data["language"] not in available_languages():
            check.add("language", "cases.error.bad_choice", "cases.expect.choice", got=data["language"],
                      allowed=", ".join(available_languages()))
    if "sensitive" in data and not isinstance(data["sensitive"], bool):
        check.add("sensitive", "cases.error.not_bool", "cases.expect.bool", got=data["sensitive"])
    return check.problems
