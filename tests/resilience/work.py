"""Measuring work in a way a busy machine cannot upset.

- `operations` counts the Python lines a call executes: the same count on an idle laptop and
  on a loaded 2-core runner, so growth between two input sizes is a fixed ratio (linear work
  grows 4x for 4x the input, quadratic 16x). It sees only interpreted work: a quadratic loop
  in C would not show, which is why the absolute CPU-time budgets stay too.
- `cpu_seconds` is the least CPU time of the calling thread over a few tries: other processes'
  load does not count, and textstat's result caches are emptied first so a retry does not
  read the first try's answers (a live preview or compare page computes a reading grade).
"""

import gc
import sys
import time


class TooMuchWork(AssertionError):
    """A call ran more lines than the test allows: stopped there rather than left to run."""


def operations(function, *args, limit=None, **kwargs):
    """(lines executed, result) of `function(*args, **kwargs)`; TooMuchWork past `limit`."""
    count = 0

    def line(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
            if limit is not None and count > limit:
                raise TooMuchWork(f"more than {limit:,} lines executed")
        return line

    previous = sys.gettrace()
    sys.settrace(lambda frame, event, arg: line)
    try:
        result = function(*args, **kwargs)
    finally:
        sys.settrace(previous)
    return count, result


def forget_cached_results():
    """Empty textstat's per-text result caches (functools.lru_cache on its functions). Its
    dictionaries (textstat.backend.utils) stay loaded, as they do in a serving process."""
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat.") and module is not None:
            for value in vars(module).values():
                home = getattr(value, "__module__", None) or ""
                if hasattr(value, "cache_clear") and not home.startswith("textstat.backend.utils"):
                    value.cache_clear()


def cpu_seconds(function, *args, runs=3, **kwargs):
    """(least CPU seconds of `runs` tries, last result): what the work costs, without other
    processes' noise and without reusing an earlier try's cached results."""
    best = result = None
    for _ in range(runs):
        forget_cached_results()
        gc.collect()  # every try starts from the same heap, not one left by the try before
        started = time.thread_time()
        result = function(*args, **kwargs)
        spent = time.thread_time() - started
        best = spent if best is None else min(best, spent)
    return best, result
