"""Pure models: the ketenscan, governance fit, dilemmas, chain map, quizzes, progress
and the cooperation simulation.

Models read content and return plain values; they never import widgets,
matplotlib or IPython, so a test, a benchmark or the grader can use them without
a browser or a kernel.
"""
