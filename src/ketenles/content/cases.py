"""Cases: real Dutch public-sector chains, as validated data.

A case lives in one YAML file. The bundled cases are in ``data/cases/``;
lecturers add their own by putting files in a folder and passing it to
:func:`load_cases` (or setting ``KETENLES_CASES``). The format is documented in
``docs/case-format.md`` with one complete example.

Every fact in a case names its source; a file that breaks a rule is refused with
a :class:`CaseFileError` that names the file, the field and what is expected.

>>> case = load_case("strafrechtketen")
>>> case.name
'Strafrechtketen'
>>> sorted(p.name for p in case.partners)[:2]
['Dienst Justitiële Inrichtingen (DJI)', 'Justitiële Informatiedienst (Justid)']
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ketenles.content import DATA_DIR
from ketenles.content.case_schema import GOVERNANCE_FORMS, CaseProblem, validate_case_data
from ketenles.errors import ArgumentError, KetenlesError
from ketenles.i18n import msg

BUNDLED_DIR = DATA_DIR / "cases"
CASES_ENV = "KETENLES_CASES"

__all__ = [
    "GOVERNANCE_FORMS",
    "Case",
    "CaseFileError",
    "CaseProblem",
    "Source",
    "Fact",
    "Partner",
    "Event",
    "case_paths",
    "list_cases",
    "load_case",
    "load_case_file",
    "load_cases",
]


class CaseFileError(KetenlesError):
    """A case file that cannot be used, with every problem found in it."""

    def __init__(self, path: Path | str, problems: list[CaseProblem]):
        self.path = Path(path)
        self.problems = list(problems)
        lines = [msg("cases.error.heading", file=self.path.name, count=len(self.problems))]
        lines += [f"  - {p.describe()}" for p in self.problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Source:
    id: str
    who: str
    title: str
    year: int
    url: str | None = None
    no_url: str | None = None  # why the source has no stable link

    def cite(self) -> str:
        return f"{self.who} ({self.year}), {self.title}"


@dataclass(frozen=True)
class Fact:
    """A sentence about the chain, with the source that supports it."""

    text: str
    source: Source


@dataclass(frozen=True)
class Partner:
    name: str
    role: str
    source: Source


@dataclass(frozen=True)
class Event:
    """A dated event; ``precision`` says whether the source gives the day, month or year."""

    date: _dt.date
    text: str
    source: Source
    precision: str = "day"

    @property
    def when(self) -> str:
        if self.precision == "year":
            return str(self.date.year)
        if self.precision == "month":
            return self.date.strftime("%Y-%m")
        return self.date.isoformat()


@dataclass(frozen=True)
class ScanEstimate:
    """The course authors' reading of one success factor in this case."""

    factor_id: str
    score: int
    reason: str


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    domain: str
    summary: str
    partners: tuple[Partner, ...]
    shared_goal: Fact
    dominant_chain_problem: Fact
    governance_form: str
    governance: Fact
    tensions: tuple[Fact, ...]
    events: tuple[Event, ...]
    questions: tuple[str, ...]
    sources: tuple[Source, ...]
    scan_estimate: tuple[ScanEstimate, ...] = ()
    sensitive: bool = False
    path: Path | None = field(default=None, compare=False)

    @property
    def governance_form_name(self) -> str:
        return msg(f"cases.governance_forms.{self.governance_form}")

    def source(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise ArgumentError("source_id", source_id, ", ".join(s.id for s in self.sources))

    def scan_scores(self) -> dict[str, int]:
        """The course authors' ketenscan estimate as ``{factor_id: score 1-5}``."""
        return {e.factor_id: e.score for e in self.scan_estimate}

    def timeline(self) -> tuple[Event, ...]:
        return tuple(sorted(self.events, key=lambda e: e.date))

    def __repr__(self) -> str:
        return f"Case({self.id!r}, {self.name!r})"


def _strict_loader():
    """A safe YAML loader that refuses a key given twice (YAML would keep the last)."""
    import yaml

    class StrictLoader(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, msg("cases.error.duplicate_key", key=key), key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return StrictLoader


def _read_yaml(path: Path):
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CaseFileError(path, [CaseProblem("", msg("cases.error.not_utf8"), msg("cases.expect.utf8"))]) from None
    try:
        return yaml.load(text, Loader=_strict_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = msg("cases.error.yaml_line", line=mark.line + 1) if mark else ""
        if isinstance(exc, yaml.constructor.ConstructorError) and exc.problem:
            where += f": {exc.problem}"
        raise CaseFileError(
            path, [CaseProblem("", msg("cases.error.yaml", where=where), msg("cases.expect.yaml"))]
        ) from None


def _build(data: dict, path: Path) -> Case:
    sources = {s["id"]: Source(s["id"], s["who"], s["title"], s["year"], s.get("url"), s.get("no_url"))
               for s in data["sources"]}

    def fact(node) -> Fact:
        return Fact(node["text"].strip(), sources[node["source"]])

    return Case(
        id=data["id"],
        name=data["name"],
        domain=data["domain"],
        summary=data["summary"].strip(),
        partners=tuple(Partner(p["name"], p["role"].strip(), sources[p["source"]]) for p in data["partners"]),
        shared_goal=fact(data["shared_goal"]),
        dominant_chain_problem=fact(data["dominant_chain_problem"]),
        governance_form=data["governance"]["form"],
        governance=fact(data["governance"]),
        tensions=tuple(fact(t) for t in data["tensions"]),
        events=tuple(_event(e, sources) for e in data["events"]),
        questions=tuple(q.strip() for q in data["questions"]),
        sources=tuple(sources.values()),
        scan_estimate=tuple(
            ScanEstimate(fid, est["score"], est["reason"].strip())
            for fid, est in (data.get("scan_estimate") or {}).items()
        ),
        sensitive=bool(data.get("sensitive", False)),
        path=path,
    )


def _event(node: dict, sources: dict[str, Source]) -> Event:
    when, text, source = node["date"], node["text"].strip(), sources[node["source"]]
    if isinstance(when, int):  # only the year is known
        return Event(_dt.date(when, 1, 1), text, source, precision="year")
    if isinstance(when, str):  # "YYYY-MM": year and month known
        year, month = map(int, when.split("-"))
        return Event(_dt.date(year, month, 1), text, source, precision="month")
    return Event(when, text, source)


def load_case_file(path: str | os.PathLike) -> Case:
    """Load and validate one case file; raise CaseFileError listing every problem."""
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentError("path", path, msg("cases.expect.path"))
    path = Path(path).expanduser()
    if not path.is_file():
        raise CaseFileError(path, [CaseProblem("", msg("cases.error.missing_file"), msg("cases.expect.path"))])
    data = _read_yaml(path)
    problems = validate_case_data(data, expected_id=path.stem)
    if problems:
        raise CaseFileError(path, problems)
    return _build(data, path)


def _folders(extra: str | os.PathLike | None) -> list[Path]:
    folders = [BUNDLED_DIR]
    for candidate in (os.environ.get(CASES_ENV), extra):
        if candidate:
            folder = Path(candidate).expanduser()
            if not folder.is_dir():
                raise ArgumentError("folder", str(candidate), msg("cases.expect.folder"))
            folders.append(folder)
    return folders


def case_paths(folder: str | os.PathLike | None = None) -> dict[str, Path]:
    """``{case_id: path}`` for the bundled cases plus those in ``folder``.

    A lecturer's case with the same id as a bundled one is refused rather than
    silently replacing it.
    """
    paths: dict[str, Path] = {}
    for directory in _folders(folder):
        for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
            if path.stem in paths:
                raise CaseFileError(
                    path,
                    [CaseProblem("id", msg("cases.error.duplicate_id", id=path.stem, other=paths[path.stem]),
                                 msg("cases.expect.unique_id"))],
                )
            paths[path.stem] = path
    return paths


class CaseList(list):
    """Case ids (a plain sorted list of str) that a notebook shows as a table.

    In a notebook the list appears as a table of id, name and summary, not as a
    Python list; in a terminal ``print`` gives one line per case.
    """

    def __init__(self, ids, folder: str | os.PathLike | None = None):
        super().__init__(ids)
        self._folder = folder

    def _cases(self) -> list[Case]:
        return [load_case(case_id, self._folder) for case_id in self]

    def __str__(self) -> str:
        lines = [msg("cases.list.heading", count=len(self))]
        lines += [f"- {c.id}: {c.name}" for c in self._cases()]
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython's plain-text view
        printer.text(str(self))

    def _repr_html_(self) -> str:
        import html

        head = "".join(f"<th scope='col'>{html.escape(msg(f'cases.list.{k}'))}</th>" for k in ("id", "name", "summary"))
        rows = "".join(f"<tr><td><code>{html.escape(c.id)}</code></td><th scope='row'>{html.escape(c.name)}</th>"
                       f"<td>{html.escape(c.summary)}</td></tr>" for c in self._cases())
        caption = html.escape(msg("cases.list.heading", count=len(self)))
        return f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def list_cases(folder: str | os.PathLike | None = None) -> CaseList:
    """The ids of all available cases, sorted (shown as a table in a notebook)."""
    return CaseList(sorted(case_paths(folder)), folder)


def load_case(case_id: str, folder: str | os.PathLike | None = None) -> Case:
    """Load a case by id (``"strafrechtketen"``) or by the path of a case file."""
    if not isinstance(case_id, str) or not case_id.strip():
        raise ArgumentError("case_id", case_id, ", ".join(list_cases(folder)))
    if case_id.endswith((".yaml", ".yml")):
        return load_case_file(case_id)
    paths = case_paths(folder)
    if case_id not in paths:
        raise ArgumentError("case_id", case_id, ", ".join(sorted(paths)))
    return load_case_file(paths[case_id])


def load_cases(folder: str | os.PathLike | None = None) -> list[Case]:
    """Load every case; if any file is invalid, report all invalid files at once."""
    cases, errors = [], []
    for path in case_paths(folder).values():
        try:
            cases.append(load_case_file(path))
        except CaseFileError as exc:
            errors.append(exc)
    if errors:
        raise KetenlesError("\n\n".join(str(e) for e in errors))
    return cases
