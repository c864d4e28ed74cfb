"""Running a student's work: the sandbox, the runner in it, answer capture, the clean checker.

Everything here treats a student's code as hostile: it runs only inside
:mod:`~ketenles.grading.sandbox.bubblewrap`, and what decides a score is checked
outside it (:mod:`~ketenles.grading.sandbox.checker`).

``ketenles.grading.sandbox`` was one module before this package; its public names
(``Sandbox``, ``require_sandbox`` ...) still resolve here, lazily, so that the
runner started inside the sandbox does not pay for them.
"""


import importlib


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    # import_module, not ``from . import``: that would ask this very __getattr__ first.
    bubblewrap = importlib.import_module("ketenles.grading.sandbox.bubblewrap")
    try:
        return getattr(bubblewrap, name)
    except AttributeError:
        raise AttributeError(f"module 'ketenles.grading.sandbox' has no attribute {name!r}") from None
