"""Lesson 06: its quiz agrees with the seminar, and its exercises exist."""

from ketenles import seminar
from ketenles.notebook.lessons import quiz_questions


def test_overarching_quiz_matches_the_seminar():
    (question,) = quiz_questions("06-synthese", "overkoepelende-factoren")
    right = {question.options[k] for k in question.correct}
    assert right == {o.name for o in seminar.overarching_factors()}
    feedback = question.check(sorted(question.correct))
    assert feedback.correct and all(feedback.messages)
    # Choosing the distractors scores nothing and every choice is explained.
    wrong = [k for k in question.options if k not in question.correct]
    assert question.check(wrong).score == 0
    assert all(question.explanations[k] for k in question.options)
