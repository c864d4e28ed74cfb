"""The ``ketenles`` command for lecturers.

    ketenles init-course ~/ketenles-cursus [--exchange /srv/nbgrader/exchange]
    ketenles list-cases [--folder eigen-casussen/]
    ketenles check-cases eigen-casussen/
"""

from __future__ import annotations

import argparse
import sys

from ketenles.errors import KetenlesError


def _init_course(args) -> int:
    from ketenles.grading.course import DEFAULT_ASSIGNMENTS, assignment_names, init_course

    root = init_course(args.root, args.assignments or DEFAULT_ASSIGNMENTS, args.exchange)
    names = ", ".join(assignment_names(root / "source"))
    print(f"Cursusmap klaar: {root}\nOpdrachten: {names}\n"
          f"Volgende stap: cd {root} && nbgrader generate_assignment <opdracht>")
    return 0


def _list_cases(args) -> int:
    from ketenles.cases import load_cases

    for case in load_cases(args.folder):
        print(f"{case.id:28} {case.name}")
    return 0


def _check_cases(args) -> int:
    from ketenles.cases import load_cases

    cases = load_cases(args.folder)
    print(f"Alle {len(cases)} casussen zijn in orde.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ketenles", description="Hulpmiddelen voor docenten van ketenles.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init-course", help="maak een nbgrader-cursusmap met alle opdrachten")
    p.add_argument("root")
    p.add_argument("--assignments", help="map met bronopdrachten (standaard: assignments/ van de repository)")
    p.add_argument("--exchange", help="gedeelde uitwisselmap voor ophalen en inleveren")
    p.set_defaults(run=_init_course)
    p = sub.add_parser("list-cases", help="toon alle casussen")
    p.add_argument("--folder", help="map met eigen casusbestanden")
    p.set_defaults(run=_list_cases)
    p = sub.add_parser("check-cases", help="controleer een map met eigen casusbestanden")
    p.add_argument("folder")
    p.set_defaults(run=_check_cases)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KetenlesError as exc:
        # A lecturer gets the Dutch explanation, not a traceback.
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
