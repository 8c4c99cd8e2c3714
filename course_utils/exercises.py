"""Checks for the exercises, so a student sees what is missing instead of a traceback.

Every exercise in a notebook has three cells:

1. a starter cell (tag ``exercise-starter``), kept in the student edition: the names to
   fill in, with ``...`` where the work goes;
2. the solution (tag ``solution``), which ``make student`` removes;
3. a check cell (tag ``exercise-check``), kept in both editions, which calls the helpers
   below. On the solution it passes; on a starter left as it is, it raises
   ``ExerciseNotDone`` with a message saying what to do; on a wrong answer it raises
   ``ExerciseWrong`` saying what is wrong.

Later cells never use an exercise's names, so the student edition runs top to bottom with
errors only in the check cells of unfinished exercises.
"""


class ExerciseNotDone(Exception):
    """The exercise still holds the starter's ``...``: nothing to check yet."""


class ExerciseWrong(Exception):
    """The exercise has an answer, and the check found what is wrong with it."""


def is_missing(value):
    """True for what a starter cell leaves behind: ``...``, None, or a container of them."""
    if value is ... or value is None:
        return True
    if isinstance(value, (list, tuple)) and value and all(is_missing(v) for v in value):
        return True
    return False


def require_done(exercise, **answers):
    """Raise ``ExerciseNotDone`` if any named answer is still missing.

    ``require_done("Exercise 2", bigram_accuracy=bigram_accuracy)``; pass the answers as
    keywords so the message can name them. Functions are called by the check itself, so
    pass their results, or use ``require`` after calling them.
    """
    missing = sorted(name for name, value in answers.items() if is_missing(value))
    if missing:
        raise ExerciseNotDone(f"{exercise} is not done yet: fill in {', '.join(missing)} "
                              f"in the starter cell above (replace the ...), run it, then run this check.")


def require(condition, exercise, message):
    """Raise ``ExerciseWrong`` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise ExerciseWrong(f"{exercise}: {message}")
