"""Grading for nbgrader assignments, split by who runs the code.

- :mod:`~ketenles.grading.checks`: the answer checks with Dutch feedback that
  assignment test cells call (the one module a student's notebook imports);
- :mod:`~ketenles.grading.course`: a lecturer's course folder (``init-course``);
- ``sandbox/``: runs a student's work: the bubblewrap sandbox, the runner inside
  it, the answer capture and the clean checker outside it;
- ``plugins/``: the nbgrader classes ``course/nbgrader_config.py`` names;
- ``autograde/``: the parallel ``ketenles autograde`` run, its state and log;
- ``gradebook/``: reading the gradebook (export, report, integrity check,
  regrade, feedback refresh).

Grading code uses the models, never the widgets: graded answers are plain Python
values.
"""
