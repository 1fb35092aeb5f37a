"""Exercise checkers: each prints "✓ …" or a hint, and never raises (``with strict():`` it
also raises, for an autograder).

The framework (report, expect, fail, close, call, strict, ...) is in ``framework``; the
checkers of each lesson in ``lessonNN``, each listing its checkers in ``__all__`` (a new
``lessonNN.py`` is picked up by itself). Notebooks
call them as ``check.<name>(answer)``.
"""

import importlib
import pkgutil

from .framework import (
    TIME_LIMIT,
    Hint,
    abbreviate,
    call,
    close,
    expect,
    fail,
    format_pair,
    number,
    numbers,
    report,
    strict,
)

# every lessonNN module, found on disk, so a new lesson's checkers need no line here
LESSONS = tuple(importlib.import_module(f"{__name__}.{module.name}")
                for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
                if module.name.startswith("lesson"))
for _lesson in LESSONS:
    globals().update({name: getattr(_lesson, name) for name in _lesson.__all__})
del _lesson

__all__ = ["TIME_LIMIT", "Hint", "abbreviate", "call", "close", "expect", "fail", "format_pair",
           "number", "numbers", "report", "strict",
           *(name for lesson in LESSONS for name in lesson.__all__)]
