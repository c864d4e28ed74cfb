"""Shared timing helper for the benchmark scripts (run them as `python benchmarks/<name>.py`)."""

from __future__ import annotations

import statistics
import time


def median_ms(action, repeat: int) -> float:
    """Median wall time of ``action(i)`` over ``repeat`` calls, in milliseconds."""
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000
