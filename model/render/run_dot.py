"""Rendering DOT text to SVG or PNG with a Graphviz `dot` program.

The renderer is `graphviz-pure` (pinned in pyproject.toml), a self-contained port of dot
that writes the same bytes on every platform, so committed diagrams are reproducible. It
is looked up next to the running Python (a virtualenv's bin/), then on PATH; the
environment variable VERBLIJFSROUTES_DOT may name another dot program (its output will
differ from the committed diagrams). No system Graphviz is used unless named there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from verblijfsroutes.spec.errors import UsageError

PROGRAM = "graphviz-pure"
FORMATS = ("svg", "png")


def find_renderer() -> str:
    """The dot program to use, or a UsageError saying how to get one."""
    override = os.environ.get("VERBLIJFSROUTES_DOT")
    if override:
        found = shutil.which(override)
        if not found:
            raise UsageError(f"VERBLIJFSROUTES_DOT={override!r} is not an executable program")
        return found
    here = Path(sys.executable).parent / PROGRAM
    if here.exists():
        return str(here)
    found = shutil.which(PROGRAM)
    if found:
        return found
    raise UsageError(
        "no Graphviz renderer found: install the pinned one with "
        "`pip install graphviz-pure==0.2.2` (or `pip install -e .`), "
        "or set VERBLIJFSROUTES_DOT to a dot program"
    )


def render(dot: str, fmt: str, dpi: int | None = None) -> bytes:
    """Render DOT text to `fmt` (svg or png, at `dpi` if given) and return the bytes."""
    if fmt not in FORMATS:
        raise UsageError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    program = find_renderer()
    proc = subprocess.run(
        [program, f"-T{fmt}", "-q"] + ([f"-Gdpi={dpi}"] if dpi else []),
        input=dot.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"{program} failed: {err[-1] if err else proc.returncode}")
    return proc.stdout


def render_formats(dot: str, formats: tuple[str, ...], dpi: int | None = None) -> tuple[bytes, ...]:
    """Render DOT text to several formats with one layout (one run of the program): the
    same bytes as one `render` per format when `dpi` leaves the vector output unchanged."""
    for fmt in formats:
        if fmt not in FORMATS:
            raise UsageError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    program = find_renderer()
    with tempfile.TemporaryDirectory(prefix="verblijfsroutes-dot-") as tmp:
        files = [Path(tmp) / f"out{k}.{fmt}" for k, fmt in enumerate(formats)]
        args = [program, "-q"] + ([f"-Gdpi={dpi}"] if dpi else [])
        for fmt, file in zip(formats, files, strict=True):
            args += [f"-T{fmt}", f"-o{file}"]
        proc = subprocess.run(args, input=dot.encode("utf-8"), capture_output=True, check=False)
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(f"{program} failed: {err[-1] if err else proc.returncode}")
        return tuple(file.read_bytes() for file in files)
