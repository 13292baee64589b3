"""Progress on stderr for work that takes more than a second: silent before, then one line per
report with the seconds since the start."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


def stderr_progress(start: float | None = None, delay: float = 1.0) -> Callable[[str], None]:
    """A progress printer that stays silent for the first `delay` seconds."""
    t0 = time.perf_counter() if start is None else start

    def say(text: str) -> None:
        if time.perf_counter() - t0 >= delay:
            sys.stderr.write(f"[{time.perf_counter() - t0:5.1f} s] {text}\n")
            sys.stderr.flush()

    return say
