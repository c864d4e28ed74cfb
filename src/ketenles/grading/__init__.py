"""Helpers for nbgrader assignments: answer checks with Dutch feedback, course setup.

Grading code uses the models, never the widgets: graded answers are plain Python
values.
"""
