"""Worker processes: forked helpers that die with their parent and leave signals to it.

The check explores eras (a pool), and `diff` searches two eras' phase graphs (`run_forked`: a
process and a pipe per job), in forked processes on a multi-core machine. Each worker runs `worker_init` first: Ctrl-C and SIGTERM are the parent's
to handle (it ends the pool), and a worker whose parent dies is killed too.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any


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


def run_forked(job: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """`job(item)` for every item, each in a forked process of its own (`worker_init` first),
    the results in order. No pool: the parent reads each result from a pipe of its own and, on
    any exception (Ctrl-C and SIGTERM included), kills the processes it started, so an
    interrupt cannot wait on a pool's locks. For a few jobs (diff's two eras)."""
    ctx = multiprocessing.get_context("fork")
    started: list[tuple[Any, Any]] = []
    try:
        for item in items:
            receiver, sender = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(job, item, sender), daemon=True)
            proc.start()
            sender.close()
            started.append((proc, receiver))
        out = []
        for proc, receiver in started:
            try:
                ok, value = receiver.recv()
            except EOFError:
                ok, value = False, f"exit status {proc.exitcode}"
            if not ok:
                raise RuntimeError(f"a worker process failed ({value})")
            out.append(value)
        return out
    finally:
        for proc, receiver in started:
            if proc.is_alive():
                proc.kill()
            proc.join()
            receiver.close()


def _child(job: Callable[[Any], Any], item: Any, sender: Any) -> None:
    worker_init()
    try:
        sender.send((True, job(item)))
    except Exception as exc:  # reported by the parent, which raises
        sender.send((False, repr(exc)))
    finally:
        sender.close()
