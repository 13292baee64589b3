"""Writing output files without losing anything: never onto an input, never over an existing
file the command did not write unless `--force`, and atomically (a temporary file in the same
folder, then a rename), so an interrupted run leaves the old file or the new one, never half.

`diagram --all` records what it wrote in its folder (GENERATED, name -> SHA-256); a file it
wrote and nobody changed since may be written again without `--force`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from verblijfsroutes.spec.errors import UsageError

GENERATED = ".verblijfsroutes-generated.json"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


@functools.cache
def _model_folders() -> tuple[Path, ...]:
    """The folders of the installed package: its code and its rule data."""
    here = Path(__file__).resolve().parents[1]
    found = importlib.util.find_spec("verblijfsroutes.properties")
    extra = Path(found.origin).resolve().parent if found is not None and found.origin else here
    return (here, extra)


def _inside_model(path: Path) -> bool:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return False
    return any(resolved == root or resolved.is_relative_to(root) for root in _model_folders())


def check_target(
    path: Path,
    *,
    force: bool,
    inputs: Iterable[Path] = (),
    option: str = "--output",
    maintains: Path | None = None,
) -> None:
    """UsageError when writing `path` could destroy something: an input, one of the model's
    own files (its code and rule data; `maintains`: the one file this command keeps up to
    date there), a folder, or an existing file (without `force`)."""
    for source in inputs:
        if _same_file(path, source) or path.resolve() == Path(source).resolve():
            raise UsageError(f"{option} {path}: that is the input file; write the output to another path")
    if _inside_model(path) and not (maintains is not None and path.resolve() == maintains.resolve()):
        raise UsageError(
            f"{option} {path}: that is inside the model's own files (its code and rule data); "
            "write the output to another path"
        )
    if path.is_dir():
        raise UsageError(f"{option} {path}: is a folder; give a file path")
    if path.exists() and not force:
        raise UsageError(f"{option} {path}: the file exists; give another path, or --force to overwrite it")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(
            f"{option} {path}: the folder {parent} does not exist; create it or give another path"
        )


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    parent = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_output(
    path: str | Path,
    data: bytes | str,
    *,
    force: bool,
    inputs: Iterable[str | Path] = (),
    option: str = "--output",
    maintains: Path | None = None,
) -> Path:
    """Check the target, then write `data` to it atomically; OSError becomes a UsageError."""
    target = Path(path)
    check_target(target, force=force, inputs=[Path(p) for p in inputs], option=option, maintains=maintains)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        atomic_write(target, raw)
    except OSError as exc:
        raise UsageError(f"{option} {target}: cannot write ({exc.strerror or exc})") from None
    return target


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record(folder: Path) -> dict[str, str]:
    """What this command wrote into `folder` before: file name -> SHA-256."""
    record_path = folder / GENERATED
    if record_path.is_file():
        try:
            loaded = json.loads(record_path.read_text(encoding="utf-8"))
            return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            return {}
    return {}


def check_generated(folder: Path, names: Iterable[str], *, force: bool, option: str = "--out") -> None:
    """UsageError when writing these generated files into `folder` could destroy something
    (checked before any work is done): `folder` is a file, or a file there was not written by
    this command or was changed since (without `force`)."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{option} {folder}: is a file, not a folder; give a folder")
    if _inside_model(folder):
        raise UsageError(
            f"{option} {folder}: that is inside the model's own files (its code and rule data); "
            "give another folder"
        )
    parent = folder.parent if str(folder.parent) else Path(".")
    if not folder.exists() and not parent.is_dir():
        raise UsageError(
            f"{option} {folder}: the folder {parent} does not exist; create it or give another folder"
        )
    if force:
        return
    record = _record(folder)
    refused = []
    for name in names:
        target = folder / name
        if target.is_dir():
            refused.append(f"{target} (a folder)")
        elif target.exists():
            try:
                current = _digest(target.read_bytes())
            except OSError:
                current = ""
            if record.get(name) != current:
                refused.append(str(target))
    if refused:
        more = f" and {len(refused) - 3} more" if len(refused) > 3 else ""
        verb = "exists and was" if len(refused) == 1 else "exist and were"
        raise UsageError(
            f"{option} {folder}: {', '.join(refused[:3])}{more} {verb} not written by this "
            "command (or changed since); give --force to overwrite, or another folder"
        )


def write_generated(
    folder: Path, files: Mapping[str, bytes], *, force: bool, option: str = "--out"
) -> list[Path]:
    """Write a set of generated files into `folder` (created if missing, in an existing
    folder), each atomically, and
    record them; nothing is written when check_generated refuses."""
    check_generated(folder, files, force=force, option=option)
    record = _record(folder)
    try:
        folder.mkdir(exist_ok=True)
        written = []
        for name, data in files.items():
            atomic_write(folder / name, data)
            record[name] = _digest(data)
            written.append(folder / name)
        atomic_write(folder / GENERATED, (json.dumps(dict(sorted(record.items())), indent=1) + "\n").encode())
    except OSError as exc:
        raise UsageError(f"{option} {folder}: cannot write ({exc.strerror or exc})") from None
    return written
