"""The course's content as data: the seminar, the cases, the quizzes, and their loaders.

This layer knows files and their format; it computes nothing about them (that is
:mod:`ketenles.models`). Data files live in ``data/`` beside this module.
"""

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
