"""Worker processes: forked helpers that die with their parent and leave signals to it.

The check explores eras, and `diff` searches two eras' phase graphs, in forked processes on a
multi-core machine. Each worker runs `worker_init` first: Ctrl-C and SIGTERM are the parent's
to handle (it ends the pool), and a worker whose parent dies is killed too.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys


def worker_init() -> None:
    """In each worker: die with the parent (Linux prctl PR_SET_PDEATHSIG, also when the parent
    is killed outright), and leave Ctrl-C and SIGTERM to the parent, which ends the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def can_fork(jobs: int) -> bool:
    """Whether `jobs` jobs are worth forked workers here: more than one job, more than one
    core, and the fork start method (workers inherit the parent's data without pickling)."""
    return jobs > 1 and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()
