"""Unseen exam cases as templates: numbered facts, some of which vary per student.

A case in the exam bank (``casussen:`` of ``course/oefenvragen.yaml`` or a lecturer's own
bank) has an introduction and a list of facts, numbered in the exam in their order. A fact
is fixed (``tekst``) or varies (``varianten``: one alternative per student variant, each with
its text and optionally the predictor levels it changes). A case question's ``antwoord`` is a
letter, or ``{afhankelijk_van: <fact id>, per_variant: {<alternative id>: <letter>}}`` when
the right option follows from the alternative the student got.

This module reads and checks that format and answers, for one choice of alternatives, what
the student reads (:func:`case_text`), which levels hold (:func:`levels`) and which option is
right (:func:`keyed`). It is pure: the bank loader, the exam build and the tests share it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

ID = re.compile(r"[a-z][a-z0-9_]*")
LEVELS = ("trust", "participants", "goal_consensus", "competencies")


class CaseError(ValueError):
    """A case template or case question that does not follow the format; the text names it."""


def _need(condition: bool, where: str, what: str) -> None:
    if not condition:
        raise CaseError(f"{where}: {what}")


def varying_facts(case: Mapping) -> dict[str, list[str]]:
    """Fact id -> its alternative ids in the template's order, for every varying fact."""
    return {fact["id"]: list(fact["varianten"]) for fact in case.get("feiten", []) if "varianten" in fact}


def check_case(case_id: str, case: Mapping) -> None:
    """Raise :class:`CaseError` naming the case and field when the template is malformed."""
    where = f"casus {case_id}"
    _need(bool(ID.fullmatch(case_id)), where, "id must be lower case and underscores")
    _need(str(case.get("titel", "")).strip() != "", where, "no titel")
    _need(str(case.get("inleiding", "")).strip() != "", where, "no inleiding (text before the facts)")
    facts = case.get("feiten")
    _need(isinstance(facts, list) and len(facts) >= 3, where, "feiten must be a list of at least three facts")
    seen = set()
    for number, fact in enumerate(facts, 1):
        at = f"{where}, feit {number}"
        _need(isinstance(fact, Mapping) and bool(ID.fullmatch(str(fact.get("id", "")))), at, "needs an id")
        _need(fact["id"] not in seen, at, f"id {fact['id']} used twice")
        seen.add(fact["id"])
        _need(("tekst" in fact) != ("varianten" in fact), at, "give either tekst or varianten")
        if "tekst" in fact:
            _need(str(fact["tekst"]).strip() != "", at, "empty tekst")
            continue
        alternatives = fact["varianten"]
        _need(isinstance(alternatives, Mapping) and len(alternatives) >= 2, at, "varianten needs two or more")
        for alt_id, alt in alternatives.items():
            _need(bool(ID.fullmatch(str(alt_id))), at, f"alternative {alt_id}: lower case and underscores")
            _need(isinstance(alt, Mapping) and str(alt.get("tekst", "")).strip() != "", at,
                  f"alternative {alt_id} has no tekst")
            unknown = set(alt.get("niveaus", {})) - set(LEVELS)
            _need(not unknown, at, f"alternative {alt_id}: unknown niveaus {sorted(unknown)}")
            unknown = set(alt.get("verdedigbaar", {})) - set(LEVELS)
            _need(not unknown, at, f"alternative {alt_id}: unknown verdedigbaar {sorted(unknown)}")
    _need(set(case.get("niveaus", {})) == set(LEVELS), where, f"niveaus must give {', '.join(LEVELS)}")
    _need(isinstance(case.get("open"), list) and case["open"], where, "no open questions")
    varying = varying_facts(case)
    for item in case["open"]:
        _need(bool(ID.fullmatch(str(item.get("id", "")))), where, "an open question needs an id")
        _need(str(item.get("vraag", "")).strip() != "", where, f"open question {item.get('id')} has no vraag")
        model = item.get("model")
        if isinstance(model, Mapping):
            check_dependent(f"{where}, {item['id']}", model, varying, lambda v: str(v).strip() != "")
        else:
            _need(str(model or "").strip() != "", where, f"open question {item['id']} has no model answer")


def check_dependent(where: str, value: object, varying: Mapping[str, list[str]], valid) -> None:
    """A fixed value, or one per alternative of a varying fact (every alternative, no other)."""
    if not isinstance(value, Mapping):
        _need(valid(value), where, f"{value!r} is not valid here")
        return
    fact = value.get("afhankelijk_van")
    _need(fact in varying, where, f"afhankelijk_van {fact!r} is not a varying fact of the case")
    per = value.get("per_variant")
    _need(isinstance(per, Mapping) and set(per) == set(varying[fact]), where,
          f"per_variant must give exactly the alternatives {varying[fact]}")
    for alt, item in per.items():
        _need(valid(item), where, f"per_variant {alt}: {item!r} is not valid here")


def resolve(value: object, alternatives: Mapping[str, str]) -> object:
    """The value for one student's alternatives (a fixed value stays as it is)."""
    if isinstance(value, Mapping) and "afhankelijk_van" in value:
        return value["per_variant"][alternatives[value["afhankelijk_van"]]]
    return value


def keyed(question: Mapping, alternatives: Mapping[str, str]) -> str | list[str]:
    """The right option id(s) of a case question for these alternatives."""
    return resolve(question["antwoord"], alternatives)


def levels(case: Mapping, alternatives: Mapping[str, str]) -> dict:
    """The predictor levels of the case as these alternatives tell it."""
    result = dict(case["niveaus"])
    for fact in case["feiten"]:
        if "varianten" in fact:
            result.update(fact["varianten"][alternatives[fact["id"]]].get("niveaus", {}))
    return result


def defensible(case: Mapping, alternatives: Mapping[str, str]) -> dict[str, list]:
    """Every level a student can defend from these facts.

    An alternative that sets a level without its own ``verdedigbaar`` narrows that level
    to the one it sets: its text is written to leave no doubt.
    """
    ranges = {name: list(values) for name, values in case.get("verdedigbaar", {}).items()}
    for fact in case["feiten"]:
        if "varianten" in fact:
            alt = fact["varianten"][alternatives[fact["id"]]]
            ranges.update({name: [value] for name, value in alt.get("niveaus", {}).items()})
            ranges.update({name: list(values) for name, values in alt.get("verdedigbaar", {}).items()})
    for name in LEVELS:
        ranges.setdefault(name, [levels(case, alternatives)[name]])
    return ranges


def fact_texts(case: Mapping, alternatives: Mapping[str, str]) -> list[str]:
    """The facts in exam order, each as the student reads it."""
    return [str(fact["tekst"] if "tekst" in fact else fact["varianten"][alternatives[fact["id"]]]["tekst"]).strip()
            for fact in case["feiten"]]


def every_choice(case: Mapping) -> list[dict[str, str]]:
    """Every combination of alternatives the case allows (one dict per combination)."""
    combos: list[dict[str, str]] = [{}]
    for fact, alts in varying_facts(case).items():
        combos = [{**combo, fact: alt} for combo in combos for alt in alts]
    return combos
