"""Check that what the course attributes to the seminar names the right source.

The course keeps the report's statements it uses as short exact quotations, each
with its source (a speaker, the attendees together, or the report's own voice) and
cue words (``content/data/seminar.yaml``). This module reads every student- and
lecturer-facing text of the course, splits it into sentences and, for every
sentence that names a speaker, applies these rules:

1. ``wrong-source``: a cue of a statement is used, and none of the sources that
   made that statement is named in the sentence ("Helder zei dat er geen recept
   is": the recipe belongs to the attendees).
2. ``no-statement``: a sentence attributes something to a named person (a verb
   of saying such as "zei", "noemde", "vroeg", or "volgens X", "X:"), and that
   person gets no statement of their own in it (no cue of any of their
   quotations, including their role): it says something the report does not.
   A person the report quotes no statement of (Helder) must always be named
   with her role ("leidde de discussie", "onder leiding van").
3. ``invented-speech``: a statement says what a speaker *would* say
   ("Groothedde zou waarschuwen dat ..."); a question to the student may ask it.
4. ``joint-claim``: two speakers are made joint subject ("Groothedde en Froger
   ...") of a statement only one of them made.
5. ``sharpened``: wording that sharpens the report (see ``SHARPENED``), in any sentence.
6. ``ranked``: a named speaker is ranked against the others ("over commitment was
   Groothedde het stelligst", "stelliger dan Froger"): the report ranks nobody.
7. ``heading-as-quote``: a section heading of the report ("Mensen maken de
   samenwerking") stands in a sentence as a named speaker's words; a heading is the
   report's, so the sentence must name the report ("het verslag", "de kop").
8. ``summary-as-quote``: a statement the report gives as its own summary of a talk
   (``summary: true`` in ``seminar.yaml``, e.g. the shared thrust of Froger's and
   Groothedde's talks) is put in a speaker's mouth ("Froger zei het zo: ...") without
   saying it is the report's summary ("strekking", "verslag").
9. ``speakers-origin``: "de sprekers" are said to come from organisations, and not
   every speaker is named with their own: one speaker's organisation becomes where
   all came from (and Helder, who led the discussion, becomes a speaker).

A cue inside a longer cue that also matches counts only as the longer one
("overkoepelende factor" is not also "factor").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml
from paths import REPO
from yaml_text import strings

from ketenles import seminar

# How each source may be named in a sentence (lower case, regular expressions).
# A name inside an identifier ("groothedde-of-froger") is not a mention.
_ID = r"(?<![-_/])"
NAMES = {
    "ebbers": _ID + r"\bebbers\b(?![-_])",
    "groothedde": _ID + r"\bgroothedde(?:'s|s)?\b(?![-_])",
    "froger": _ID + r"\bfroger(?:'?s)?\b(?![-_])",
    "winters": _ID + r"\bwinters'?(?![-_a-z])",
    # "helder" is also an adjective ("een helder doel"): only the capitalised name counts.
    "helder": r"(?-i:\bHelder\b)(?! (?:gezamenlijk|doel))",
    "aanwezigen": r"\baanwezigen\b|\bdeelnemers\b|\bdiscussie\b|\bde zaal\b",
    seminar.REPORT_VOICE: r"\bverslag\b|\bseminar\b",
}
PEOPLE = tuple(s.id for s in seminar.people())
# Words that attribute a statement to someone.
SAYING = re.compile(r"\b(?:zei|zegt|zeiden|zeggen|noemde|noemden|noemt|vroeg|vraagt|stelde|stelt|"
                    r"benadrukte|waarschuwde|concludeerde|concludeerden|vond|vindt|wilde|bedoelde|"
                    r"adviseerde|raadde|pleitte|legde|moedigde|beweerde|sprak|volgens)\b", re.IGNORECASE)

# Wording that says more than the report; each with what the report says instead.
SHARPENED = {
    r"\bde drijvende krachten\b":
        "het verslag: 'Commitment en vertrouwen zijn daarom drijvende krachten' (zonder 'de')",
    r"\bzijn (?:de )?voorwaarden voor succes\b":
        "Groothedde: factoren die 'kunnen bijdragen aan je succes'",
    r"\bvijf zachte (?:succes)?factoren\b":
        "het verslag: '5 veelal zachte factoren' (de derde gaat over geld, politiek en afgedwongen regie)",
    r"\bgroothedde's\b": "Nederlandse spelling: 'Grootheddes'",
    r"(?<!janet )\bhelder (?:zei|zegt|noemde|concludeerde|stelde|benadrukte|waarschuwde|merkte)\b":
        "Helder leidde de discussie; de conclusies zijn van 'de aanwezigen'",
}
# Wording that sharpens what one speaker said, in a sentence that names that speaker.
SHARPENED_FOR = {
    "groothedde": {
        r"\b(?:contract|convenant)\w*\s+(?:\w+\s+)?vervang\w*|\bvervangt\s+(?:\w+\s+)?commitment\b":
            "Groothedde: tegen persoonlijk commitment 'kan geen contract of convenant tegenop' (niet: vervangt)",
    },
}

# A speaker ranked against the others: superlatives and comparatives of saying strongly.
# Only next to the speaker's name: "welk dilemma van Winters speelt het sterkst?" ranks dilemmas.
_SUPERLATIVE = (r"het (?:stelligst|sterkst|felst|scherpst|duidelijkst|nadrukkelijkst|luidst|"
                r"meest (?:stellig|uitgesproken|nadrukkelijk))\b")
_COMPARATIVE = r"(?:stelliger|feller|scherper|nadrukkelijker|uitgesprokener|duidelijker|meer|sterker) dan"


def _ranks(low: str, name: str) -> bool:
    near = r"(?:\s+\S+){0,2}\s+"
    return bool(re.search(rf"(?:{name}){near}{_SUPERLATIVE}|{_SUPERLATIVE}{near}(?:{name})"
                          rf"|(?:{name}){near}{_COMPARATIVE}\b|\b{_COMPARATIVE}\s+(?:{name})", low))
# Words that show a sentence speaks of the report's own text (a heading, a summary).
REPORT_TEXT = re.compile(r"\bverslag\b|\bkop\b|\btussenkop\b|\bstrekking\b|\bteneur\b", re.IGNORECASE)
# Organisations the persons of the report came from or worked at in 2009 or before.
ORGANISATIONS = re.compile(r"\bkadaster\b|\bsvb\b|\bsociale verzekeringsbank\b|\babp\b|\bbelastingdienst\b|"
                           r"\buniversiteit twente\b|\bnovay\b|\bsociale zekerheid\b", re.IGNORECASE)
SPEAKERS_GROUP = re.compile(r"\b(?:de|alle) sprekers\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    where: str
    sentence: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.rule}] {self.detail}\n    {self.sentence}"


def _cue_sources() -> dict[str, set[str]]:
    cues: dict[str, set[str]] = {}
    for q in seminar.quotes():
        for cue in q.cues:
            cues.setdefault(cue.lower(), set()).update((q.source, *q.also))
    return cues


def _cue_hits(low: str, cues: dict[str, set[str]]) -> list[tuple[str, set[str]]]:
    """The cues in a sentence, without those that lie inside a longer matching cue."""
    spans = [(m.start(), m.end(), cue) for cue in cues
             for m in re.finditer(r"(?<![a-zà-ÿ])" + re.escape(cue), low)]
    kept = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and (o[1] - o[0]) > (s[1] - s[0])
                                        for o in spans)]
    return [(cue, cues[cue]) for _, _, cue in kept]


def _headings() -> tuple[str, ...]:
    """The report's section headings, lower case, without a leading label ("Benodigd:")."""
    titles = {q.section_title for q in seminar.quotes()} - {"(inleiding)"}
    return tuple(sorted({t.lower().split(": ", 1)[-1] for t in titles}))


def _speaking_people() -> set[str]:
    """The persons the report gives a talk or statements (not Helder, who led the discussion)."""
    return {sp.id for sp in seminar.people() if sp.claim_ids}


def _report_text_findings(sentence: str, low: str, where: str, people: list[str],
                          says: bool, question: bool, hits) -> list[Finding]:
    """Rules 6 to 8: ranking, a heading or a summary presented as a speaker's words."""
    found: list[Finding] = []
    if not question and any(_ranks(low, NAMES[p]) for p in people):
        found.append(Finding(where, sentence, "ranked",
                             "het verslag rangschikt de sprekers niet; zeg wat de spreker zei"))
    if people and not REPORT_TEXT.search(sentence):
        for heading in _headings():
            if heading in low:
                found.append(Finding(where, sentence, "heading-as-quote",
                                     f"'{heading}' is een kop van het verslag, geen uitspraak van {', '.join(people)}"))
        summaries = {c.lower() for q in seminar.quotes() if q.summary for c in q.cues}
        if says and any(cue in summaries for cue, _ in hits):
            found.append(Finding(where, sentence, "summary-as-quote",
                                 "dit is de samenvatting van het verslag (de strekking), geen citaat"))
    return found


def _speakers_origin(sentence: str, where: str, named: set[str]) -> list[Finding]:
    """Rule 9: where 'de sprekers' came from, with not every speaker named beside it."""
    if SPEAKERS_GROUP.search(sentence) and ORGANISATIONS.search(sentence) and not _speaking_people() <= named:
        return [Finding(where, sentence, "speakers-origin",
                        "organisaties van één of enkele personen als herkomst van alle sprekers; "
                        "noem per spreker de eigen organisatie")]
    return []


def named_sources(sentence: str) -> set[str]:
    return {sid for sid, pattern in NAMES.items() if re.search(pattern, sentence, re.IGNORECASE)}


_DENIED = re.compile(r"\b(?:verslag|seminar)\s+(?:zegt|noemt|geeft|vermeldt)\s+(?:niet|niets|geen)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"^\W*(?:hij|zij|ze)\b", re.IGNORECASE)


def check_sentence(sentence: str, where: str = "(tekst)", previous: str = "") -> list[Finding]:
    """Every rule broken by one sentence; ``previous`` resolves a leading "Hij"/"Zij"."""
    low = sentence.lower()
    found = [Finding(where, sentence, "sharpened", why) for pat, why in SHARPENED.items()
             if re.search(pat, low)]
    named = named_sources(sentence)
    found += [Finding(where, sentence, "sharpened", why) for sid, patterns in SHARPENED_FOR.items()
              if sid in named for pat, why in patterns.items() if re.search(pat, low)]
    found += _speakers_origin(sentence, where, named)
    if not any(p in named for p in PEOPLE) and _PRONOUN.match(sentence):
        # "Janet Helder leidde de discussie. Zij zei ...": the pronoun names the one person before it.
        before = [p for p in PEOPLE if p in named_sources(previous)]
        if len(before) == 1:
            named.add(before[0])
    people = [p for p in PEOPLE if p in named]
    if not people or _DENIED.search(sentence):
        # "Het verslag zegt niet wat Froger ervan zou vinden" attributes nothing.
        return found
    hits = _cue_hits(low, _cue_sources())
    for cue, sources in hits:
        if not sources & named:
            found.append(Finding(where, sentence, "wrong-source",
                                 f"'{cue}' komt van {', '.join(sorted(sources))}, die niet genoemd worden"))
    question = sentence.rstrip().endswith("?")
    says = bool(SAYING.search(sentence)) or any(
        re.search(rf"(?:{NAMES[p]})\s*:", sentence, re.IGNORECASE) for p in people)
    # Someone the report quotes no statement of (Helder) is named only with her role.
    silent = {sp.id for sp in seminar.people() if not sp.claim_ids}
    found += _report_text_findings(sentence, low, where, people, says and not question, question, hits)
    for p in [p for p in people if (says and not question) or p in silent]:
        if not any(p in sources for _, sources in hits):
            found.append(Finding(where, sentence, "no-statement",
                                 f"geen uitspraak of rol van {p} uit het verslag in deze zin"))
    if not question:
        for p in people:
            name = NAMES[p]
            if re.search(rf"(?:{name})\s+(?:zou|zouden)\b|\bzou(?:den)?\s+(?:{name})", low):
                found.append(Finding(where, sentence, "invented-speech",
                                     f"legt {p} woorden in de mond ('zou')"))
    for a in people:
        for b in people:
            if a != b and re.search(rf"(?:{NAMES[a]})\s+en\s+(?:{NAMES[b]})", low):
                for cue, sources in hits:
                    if len(sources & {a, b}) == 1 and not (sources - {a, b}) & named:
                        found.append(Finding(where, sentence, "joint-claim",
                                             f"'{cue}' zegt alleen {', '.join(sorted(sources))}, niet beiden"))
    return found


# Sentence ends, paragraph breaks, list items, table cells and clauses after ";".
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)*_]*\s+(?=[A-Z\"'(*_0-9'‘“])|\n\s*\n|\n\s*[-*|] |\s\|\s|;\s")


def sentences(text: str) -> list[str]:
    """Sentences of a text; list items, table cells and paragraphs are separate sentences."""
    parts = _SENTENCE_END.split(text)
    return [" ".join(p.split()) for p in parts if p and p.strip()]




def course_texts() -> list[tuple[str, str]]:
    """(where, text) for every text in lessons, assignments, quizzes, cases, messages and course documents."""
    out: list[tuple[str, str]] = []
    for nb_path in sorted([*REPO.glob("notebooks/*.ipynb"), *REPO.glob("assignments/*/*.ipynb"),
                           *REPO.glob("course/slides/*.ipynb")]):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            out.append((f"{nb_path.relative_to(REPO)}#cel{i}", src))
    data, messages = REPO / "src" / "ketenles" / "content" / "data", REPO / "src" / "ketenles" / "i18n" / "nl"
    for y in sorted([*data.glob("quizzes/*.yaml"), *data.glob("cases/*.yaml"),
                     *messages.glob("*.yaml"), *REPO.glob("assignments/*/*.yaml"),
                     REPO / "course" / "coverage.yaml"]):
        for s in strings(yaml.safe_load(y.read_text(encoding="utf-8"))):
            out.append((str(y.relative_to(REPO)), s))
    for md in sorted([*REPO.glob("course/*.md"), *REPO.glob("course/rubrics/*.md"),
                      REPO / "README.md", REPO / "docs" / "case-format.md"]):
        text = md.read_text(encoding="utf-8")
        if "rubrics" in md.parts or md.name == "eindtoets-sleutel.md":
            # Exemplar answers (quoted with "> ") are a student's voice, and scoring notes
            # name the misattribution they penalise: both may misattribute on purpose.
            text = "\n".join(line for line in text.splitlines()
                              if not line.lstrip().startswith(">") and "toegeschreven" not in line)
        out.append((str(md.relative_to(REPO)), text))
    return out


def check_text(text: str, where: str = "(tekst)") -> list[Finding]:
    parts = sentences(text)
    return [f for i, s in enumerate(parts) for f in check_sentence(s, where, parts[i - 1] if i else "")]


def check_course() -> list[Finding]:
    return [f for where, text in course_texts() for f in check_text(text, where)]
