"""The ``ketenles`` command for lecturers.

    ketenles init-course ~/ketenles-cursus [--exchange /srv/nbgrader/exchange] [--db-url URL]
    ketenles copy-lessons ~/ketenles-lessen
    ketenles list-cases [--folder eigen-casussen/]
    ketenles check-cases eigen-casussen/
    ketenles toetsbank init ~/ketenles-toetsbank
    ketenles autograde ketenanalyse --workers 2 [--course DIR] [--unsandboxed]
    ketenles feedback ketenanalyse [--course DIR]
    ketenles export-grades ketenanalyse --to cijfers.csv [--format canvas|brightspace]
    ketenles report ketenanalyse [--out rapport/]
    ketenles check-gradebook [--assignment ketenanalyse]
    ketenles game serve [--port 8765] [--db sqlite:///ketenspel.sqlite] [--hub]
"""

from __future__ import annotations

import argparse
import sys

from ketenles.errors import KetenlesError


def _init_course(args) -> int:
    from ketenles.grading.course import DEFAULT_ASSIGNMENTS, assignment_names, init_course

    root = init_course(args.root, args.assignments or DEFAULT_ASSIGNMENTS, args.exchange, args.db_url)
    names = ", ".join(assignment_names(root / "source"))
    print(f"Cursusmap klaar: {root}\nOpdrachten: {names}\n"
          f"Volgende stap: cd {root} && nbgrader generate_assignment <opdracht>")
    return 0


def _copy_lessons(args) -> int:
    from ketenles.content.bundle import copy_lessons
    from ketenles.i18n import msg

    copied = copy_lessons(args.target)
    print(msg("course.copied_lessons", count=len(copied), target=args.target))
    return 0


def _list_cases(args) -> int:
    from ketenles.content.cases import load_cases

    for case in load_cases(args.folder):
        print(f"{case.id:28} {case.name}")
    return 0


def _check_cases(args) -> int:
    from ketenles.content.cases import load_cases

    cases = load_cases(args.folder)
    print(f"Alle {len(cases)} casussen zijn in orde.")
    return 0


def _init_bank(args) -> int:
    from ketenles.content.exambank import init_bank
    from ketenles.i18n import msg

    bank, readme = init_bank(args.target, args.start)
    print(msg("course.bank_created", target=bank.parent, readme=readme, bank=bank))
    return 0


def _autograde(args) -> int:
    from ketenles.grading.autograde.parallel import autograde, submitted_students
    from ketenles.grading.autograde.runlog import write_run_log
    from ketenles.grading.gradebook.regrade import reconcile, snapshot
    from ketenles.i18n import msg

    # Hand-given grades and the answers they were given for, before autograde
    # overwrites the autograded notebooks (see grading/regrade.py).
    given = snapshot(args.course, args.assignment, args.student or submitted_students(args.course, args.assignment))
    report = autograde(args.course, args.assignment, args.workers, args.student or None,
                       sandboxed=not args.unsandboxed)
    review = reconcile(args.course, args.assignment, given, [r.student for r in report.graded])
    print(msg("grading_workflow.autograde.summary", graded=len(report.graded), total=len(report.results),
              seconds=report.seconds, workers=args.workers))
    if report.failed:
        print(msg("grading_workflow.autograde.failures", count=len(report.failed)))
        for result in report.failed:
            print("  " + result.describe())
    noted = [r for r in report.graded if r.notes]
    if noted:
        print(msg("grading_workflow.autograde.noted", count=len(noted)))
        for result in noted:
            print("  " + result.describe())
    for line in review.lines():
        print(line)
    print(msg("lecturer.log.written", path=write_run_log(args.course, report, review.lines())))
    return 1 if report.failed else 0


def _feedback(args) -> int:
    from ketenles.grading.gradebook.feedback_refresh import refresh_feedback

    report = refresh_feedback(args.course, args.assignment, args.student or None)
    for line in report.lines():
        print(line)
    return 1 if report.failed else 0


def _export_grades(args) -> int:
    from pathlib import Path

    from ketenles.grading.gradebook import course_grade
    from ketenles.grading.gradebook.export import GradeScale, export_grades
    from ketenles.i18n import msg

    rules = course_grade.load_rules(args.regels) if args.regels else course_grade.rules_of(args.course)
    numbers = course_grade.load_student_numbers(args.studentnummers) if args.studentnummers else None
    if args.assignment is None:
        rules = rules or course_grade.load_rules(Path(args.course) / course_grade.RULES_FILE)
        return _export_course_grade(args, rules, numbers)
    scale = GradeScale(pass_percentage=args.pass_percentage, round_up_to_pass=args.round_up_to_pass)
    warnings: list[str] = []
    blank: list[str] = []
    count = export_grades(args.course, args.assignment, args.to, args.format, scale, args.column,
                          args.include_incomplete, warnings, rules, numbers, blank)
    print(msg("grading_workflow.export.written", count=count - len(blank), path=args.to, format=args.format))
    for line in warnings:
        print(line)
    return 0


def _extension(args) -> int:
    from ketenles.grading.gradebook.deadlines import grant
    from ketenles.i18n import msg

    entry = grant(args.course, args.assignment, args.student, args.uren)
    print(msg("grading_workflow.deadlines.granted", student=entry["student"], assignment=entry["opdracht"],
              hours=entry["uren"], by=entry["door"], when=entry["wanneer"]))
    return 0


def _lms_grades(args) -> int:
    import csv
    from pathlib import Path

    from ketenles.grading.gradebook import course_grade
    from ketenles.grading.gradebook.lti import load_platform, return_grades
    from ketenles.i18n import msg

    rules = course_grade.load_rules(args.regels or Path(args.course) / course_grade.RULES_FILE)
    platform = load_platform(args.lms or Path(args.course) / "lms.yaml")
    ids = None
    if args.lms_ids:
        with open(args.lms_ids, encoding="utf-8-sig", newline="") as handle:
            ids = {row["account"].strip(): row["lms_id"].strip() for row in csv.DictReader(handle)
                   if row.get("account") and row.get("lms_id")}
    report = return_grades(args.course, platform, rules, ids)
    print(msg("grading_workflow.lti.done", count=report.posted))
    for line in report.skipped:
        print(line)
    return 0


def _my_grades(args) -> int:
    from ketenles.grading.my_grades import GradeTable, my_grades

    print(GradeTable(my_grades(args.course_id, args.exchange)))
    return 0


def _publish_deadlines(args) -> int:
    from pathlib import Path

    from nbgrader.api import Gradebook
    from traitlets.config.loader import PyFileConfigLoader

    from ketenles.grading.gradebook.course_grade import rules_of
    from ketenles.grading.gradebook.reader import gradebook_url
    from ketenles.grading.my_grades import publish_deadlines, publish_outcomes
    from ketenles.i18n import msg

    config = PyFileConfigLoader("nbgrader_config.py", path=str(Path(args.course).resolve())).load_config()
    exchange = args.exchange or config.Exchange.get("root", "/srv/nbgrader/exchange")
    course_id = config.CourseDirectory.get("course_id", "ketenles")
    with Gradebook(gradebook_url(args.course)) as gradebook:
        due = {a.name: a.duedate for a in gradebook.assignments if a.duedate is not None}
    print(msg("grading_workflow.my_grades.published", path=publish_deadlines(exchange, course_id, due)))
    rules = rules_of(args.course)
    if rules is not None:  # each student's own outcome under beoordeling.yaml, where only they find it
        print(msg("grading_workflow.my_grades.published_outcomes",
                  count=publish_outcomes(args.course, exchange, course_id, rules)))
    return 0


def _export_course_grade(args, rules, numbers) -> int:
    from pathlib import Path

    from ketenles.grading.gradebook.course_grade import course_csv, course_grades
    from ketenles.grading.gradebook.export import unmapped
    from ketenles.i18n import msg

    grades = course_grades(args.course, rules)
    Path(args.to).write_text(course_csv(grades, rules, args.format, numbers, args.column or "Eindcijfer"),
                             encoding="utf-8")
    print(msg("grading_workflow.export.course_written", count=len(grades), path=args.to, format=args.format,
              passed=sum(g.passed for g in grades), missing=sum(g.grade is None for g in grades)))
    for line in (reason for g in grades for reason in g.reasons):
        print(line)
    missing = unmapped([g.student for g in grades], numbers)
    if missing:
        print(msg("grading_workflow.export.unmapped", students=", ".join(missing)))
    return 0


def _report(args) -> int:
    from pathlib import Path

    from ketenles.grading.gradebook.report import write_report
    from ketenles.i18n import msg

    objectives = args.objectives or Path(args.course) / "source" / args.assignment / "objectives.yaml"
    objectives = objectives if Path(objectives).is_file() else None
    page = write_report(args.course, args.assignment, objectives, args.out or f"rapport-{args.assignment}")
    print(msg("grading_workflow.report.written", path=page))
    return 0


def _check_gradebook(args) -> int:
    from ketenles.grading.gradebook.integrity import check_gradebook

    report = check_gradebook(args.course, args.assignment)
    print(report.describe())
    return 0 if report.ok else 1


def _solutions(args) -> int:
    from ketenles.selfstudy.solutions import uitwerking

    handout = uitwerking(args.assignment, args.notebook)
    print(handout if handout.path is None else f"{handout} {handout.path}")
    return 0 if handout.path is not None else 1


def _open_solutions(args) -> int:
    from ketenles.i18n import msg
    from ketenles.selfstudy.solutions import open_for_class

    path = open_for_class(args.assignment, args.course, args.naar)
    print(msg("grading_workflow.solutions.opened", name=args.assignment, path=path))
    return 0


def _hub_image(args) -> int:
    from ketenles.labsetup.hub_image import export_build_context

    print(export_build_context(args.target))
    return 0


def _lecturer_tools(args) -> int:
    from ketenles.labsetup.lab_tools import main as lab_tools_main

    return lab_tools_main([args.role])


def _game(args) -> int:
    from ketenles.classgame.serve import serve

    serve(args.host, args.port, args.db, args.lecturer_token, args.base_url, args.hub, tuple(args.lecturer))
    return 0


def _game_parser(sub) -> None:
    p = sub.add_parser("game", help="het ketenspel: een klas speelt samen een keten (spelserver starten)")
    p.add_argument("action", choices=["serve"], help="serve: start de spelserver")
    p.add_argument("--host", default="127.0.0.1", help="adres (standaard 127.0.0.1; 0.0.0.0 voor het lokale netwerk)")
    p.add_argument("--port", type=int, default=8765, help="poort (standaard 8765; 0 = een vrije poort)")
    p.add_argument("--db", default="sqlite:///ketenspel.sqlite",
                   help="opslag als SQLAlchemy-URL (standaard een SQLite-bestand; of postgresql://...)")
    p.add_argument("--lecturer-token", help="geheime code voor de docentpagina (standaard: willekeurig, getoond)")
    p.add_argument("--base-url", default="/", help="pad waaronder de server draait (standaard /)")
    p.add_argument("--hub", action="store_true", help="draai als JupyterHub-dienst achter de inlog van de hub")
    p.add_argument("--lecturer", action="append", default=[],
                   help="hubgebruiker met de docentpagina (mag vaker; standaard KETENLES_LECTURERS); "
                        "hubbeheerders zijn altijd docent")
    p.set_defaults(run=_game)


def _grading_parsers(sub) -> None:
    from ketenles.grading.gradebook.export import FORMATS

    p = sub.add_parser("autograde", help="kijk alle inzendingen van een opdracht na met meerdere processen")
    p.add_argument("assignment")
    p.add_argument("--workers", type=int, default=2, help="aantal werkprocessen (standaard 2)")
    p.add_argument("--student", action="append", help="alleen deze student (mag vaker)")
    p.add_argument("--course", default=".", help="cursusmap (standaard: de huidige map)")
    p.add_argument("--unsandboxed", action="store_true",
                   help="kijk bewust ZONDER sandbox na (alleen als bubblewrap niet kan; zie de docentenhandleiding)")
    p.set_defaults(run=_autograde)
    p = sub.add_parser("feedback", help="maak de feedback opnieuw voor studenten van wie het cijfer veranderde")
    p.add_argument("assignment")
    p.add_argument("--student", action="append", help="alleen deze student (mag vaker)")
    p.add_argument("--course", default=".", help="cursusmap (standaard: de huidige map)")
    p.set_defaults(run=_feedback)
    p = sub.add_parser("export-grades", help="exporteer cijfers op de schaal 1-10 naar CSV "
                                             "(zonder opdracht: het eindcijfer volgens beoordeling.yaml)")
    p.add_argument("assignment", nargs="?", help="de opdracht; weglaten geeft het eindcijfer van de cursus")
    p.add_argument("--to", required=True, help="CSV-bestand om te schrijven")
    p.add_argument("--format", choices=FORMATS, default="tabel")
    p.add_argument("--pass-percentage", type=float, default=55.0, help="cesuur: percentage voor een 5,5")
    p.add_argument("--round-up-to-pass", action="store_true", help="rond 5,45-5,49 af naar 5,5")
    p.add_argument("--column", help="kolomnaam van de opdracht in Canvas/Brightspace")
    p.add_argument("--include-incomplete", action="store_true",
                   help="ook cijfers van nog niet volledig beoordeelde inzendingen")
    p.add_argument("--course", default=".", help="cursusmap (standaard: de huidige map)")
    p.add_argument("--regels", help="beoordelingsregels (standaard: beoordeling.yaml in de cursusmap)")
    p.add_argument("--studentnummers",
                   help="CSV met de kolommen account en studentnummer, voor de id in de leeromgeving")
    p.set_defaults(run=_export_grades)
    p = sub.add_parser("lms-cijfers", help="stuur de cijfers naar de leeromgeving (LTI Advantage, Brightspace/Canvas)")
    p.add_argument("--course", default=".", help="cursusmap (standaard: de huidige map)")
    p.add_argument("--lms", help="instellingen van de leeromgeving (standaard: lms.yaml in de cursusmap)")
    p.add_argument("--regels", help="beoordelingsregels (standaard: beoordeling.yaml in de cursusmap)")
    p.add_argument("--lms-ids", help="CSV met de kolommen account en lms_id (als nbgrader ze niet kent)")
    p.set_defaults(run=_lms_grades)
    p = sub.add_parser("mijn-cijfers", help="student: je eigen opdrachten, deadlines, nagekeken en cijfers")
    p.add_argument("--course-id", default="ketenles", help="de nbgrader-cursus (standaard ketenles)")
    p.add_argument("--exchange", help="de uitwisselmap (standaard: $KETENLES_EXCHANGE)")
    p.set_defaults(run=_my_grades)
    p = sub.add_parser("deadlines-publiceren",
                       help="zet de deadlines uit het cijferboek klaar voor de studenten, en per inzending "
                            "de uitkomst volgens beoordeling.yaml")
    p.add_argument("--course", default=".", help="cursusmap (standaard: de huidige map)")
    p.add_argument("--exchange", help="de uitwisselmap (standaard: die uit nbgrader_config.py)")
    p.set_defaults(run=_publish_deadlines)
    p = sub.add_parser("verlenging", help="geef een student extra tijd voor een opdracht (wordt vastgelegd)")
    p.add_argument("assignment")
    p.add_argument("student", help="de hubnaam van de student")
    p.add_argument("--uren", type=float, required=True, help="extra uren na de deadline (0 trekt in)")
    p.add_argument("--course", default=".", help="cursusmap (standaard: de huidige map)")
    p.set_defaults(run=_extension)
    p = sub.add_parser("report", help="klasrapport met scores per vraag en per leerdoel")
    p.add_argument("assignment")
    p.add_argument("--objectives", help="objectives.yaml (standaard: source/<opdracht>/objectives.yaml)")
    p.add_argument("--out", help="map voor het rapport (standaard: rapport-<opdracht>)")
    p.add_argument("--course", default=".", help="cursusmap (standaard: de huidige map)")
    p.set_defaults(run=_report)
    p = sub.add_parser("check-gradebook", help="controleer het cijferboek op ontbrekende of onmogelijke cijfers")
    p.add_argument("--assignment", help="alleen deze opdracht")
    p.add_argument("--course", default=".", help="cursusmap (standaard: de huidige map)")
    p.set_defaults(run=_check_gradebook)
    p = sub.add_parser("uitwerkingen",
                       help="zelfstudie: schrijf de uitwerking van een opdracht, na een eerlijke poging")
    p.add_argument("assignment")
    p.add_argument("--notebook", help="je eigen notebook (standaard: ./<opdracht>.ipynb of notebooks/opdrachten/)")
    p.set_defaults(run=_solutions)
    p = sub.add_parser("uitwerkingen-openen",
                       help="hub: geef de uitwerking van een opdracht vrij voor de klas, na de deadline")
    p.add_argument("assignment")
    p.add_argument("--course", default=".", help="cursusmap (standaard: de huidige map)")
    p.add_argument("--naar", help="map van de vrijgegeven uitwerkingen (standaard: $KETENLES_UITWERKINGEN)")
    p.set_defaults(run=_open_solutions)
    p = sub.add_parser("hub-image", help="schrijf de bouwmap van de hub-image (zonder uitwerkingen en sleutels)")
    p.add_argument("target", help="een nieuwe, lege map")
    p.set_defaults(run=_hub_image)
    p = sub.add_parser("interface", help="JupyterLab voor studenten (zonder docentenhulpmiddelen) of voor docenten")
    p.add_argument("role", choices=["zelfstudie", "student", "docent"])
    p.set_defaults(run=_lecturer_tools)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ketenles", description="Hulpmiddelen voor docenten van ketenles.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init-course", help="maak een nbgrader-cursusmap met alle opdrachten")
    p.add_argument("root")
    p.add_argument("--assignments", help="map met bronopdrachten (standaard: assignments/ van de repository)")
    p.add_argument("--exchange", help="gedeelde uitwisselmap voor ophalen en inleveren")
    p.add_argument("--db-url", help="cijferboek op een databaseserver, bijv. postgresql://docent@host/ketenles "
                                    "(standaard: gradebook.db in de cursusmap)")
    p.set_defaults(run=_init_course)
    p = sub.add_parser("copy-lessons", help="kopieer de lesnotebooks naar een (nieuwe) map, om ze daar te openen")
    p.add_argument("target", help="de map voor de lessen, bijvoorbeeld ~/ketenles-lessen")
    p.set_defaults(run=_copy_lessons)
    p = sub.add_parser("list-cases", help="toon alle casussen")
    p.add_argument("--folder", help="map met eigen casusbestanden")
    p.set_defaults(run=_list_cases)
    p = sub.add_parser("check-cases", help="controleer een map met eigen casusbestanden")
    p.add_argument("folder")
    p.set_defaults(run=_check_cases)
    p = sub.add_parser("toetsbank", help="de eigen vragenbank van de docent voor de eindtoets, buiten de repository")
    bank = p.add_subparsers(dest="bank_command", required=True)
    p = bank.add_parser("init", help="kopieer de oefenbank als begin van je eigen toetsbank naar een map buiten "
                                     "de repository die alleen jij kunt lezen")
    p.add_argument("target", help="een nieuwe map, bijvoorbeeld ~/ketenles-toetsbank")
    p.add_argument("--start", help="een andere beginbank (standaard: course/oefenvragen.yaml van de repository)")
    p.set_defaults(run=_init_bank)
    _grading_parsers(sub)
    _game_parser(sub)
    return parser


def subcommands() -> list[str]:
    """The names of the ``ketenles`` subcommands (the guide may name only these)."""
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(action.choices)


def main(argv: list[str] | None = None) -> int:
    from ketenles.lean_imports import skip_slow_optional_imports

    skip_slow_optional_imports()  # every subcommand that grades imports nbformat's jsonschema
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KetenlesError as exc:
        # A lecturer gets the Dutch explanation, not a traceback.
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
