"""What the benchmark scripts share: best-of-N timing on one core."""

from __future__ import annotations

import os
import time


def best(fn, repeat: int) -> float:
    """The fastest of `repeat` runs, in seconds (the others are noise of a shared machine)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
