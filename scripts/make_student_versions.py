"""Write the self-learners' student version of every assignment into notebooks/opdrachten/.

Usage: python scripts/make_student_versions.py
Run it after editing a notebook in assignments/; a test fails when the student
versions are out of step with their sources.
"""

from ketenles.selfstudy.student_version import main

if __name__ == "__main__":
    raise SystemExit(main())
