"""Self-study around the assignments: the student versions, the self-check, the worked solutions.

Used by self-learners (Binder, their own machine) and by students before they
hand in; it never reads the gradebook.
"""
