"""The package's floor plan: one import package, layers that import only downward, no import
cycle, no module over 400 lines, and a wheel that installs `verblijfsroutes` and nothing else."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "verblijfsroutes"
# Each layer may import itself and the layers listed (everything below it). Properties sit
# beside the stack: they may use the core and the case, and nothing else imports them but
# the CLI.
ALLOWED = {
    "spec": {"spec"},
    "core": {"spec", "core"},
    "routes": {"spec", "core", "routes"},
    "flows": {"spec", "core", "routes", "flows"},
    "case": {"spec", "core", "routes", "case"},
    "render": {"spec", "core", "routes", "case", "flows", "render"},
    "properties": {"spec", "core", "case", "properties"},
    "cli": {"spec", "core", "routes", "flows", "case", "render", "properties", "cli"},
}


def modules() -> dict[str, Path]:
    """Dotted module name -> file, as the wheel maps them (model/ is the package root)."""
    out = {}
    for folder, prefix in ((ROOT / "model", PACKAGE), (ROOT / "properties", f"{PACKAGE}.properties")):
        for path in sorted(folder.rglob("*.py")):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join([prefix, *parts])] = path
    return out


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__main__",):
        return "cli"
    return parts[1]


def imports(module: str, path: Path) -> set[str]:
    """Every module of the package that `module` imports, at any depth of its code
    (function-local and TYPE_CHECKING imports included)."""
    found: set[str] = set()
    is_pkg = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_pkg else base[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != PACKAGE:
                continue
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)
    known = modules()
    return {m for m in found if m in known and m != module}


def test_every_import_goes_down_the_layers() -> None:
    wrong = []
    for module, path in modules().items():
        for target in imports(module, path):
            if layer(target) not in ALLOWED[layer(module)]:
                wrong.append(f"{module} ({layer(module)}) imports {target} ({layer(target)})")
    assert not wrong, "upward imports:\n" + "\n".join(wrong)


def test_no_import_cycle() -> None:
    g = nx.DiGraph()
    for module, path in modules().items():
        g.add_node(module)
        for target in imports(module, path):
            if not modules()[target].name == "__init__.py":  # a package's own __init__ re-exports
                g.add_edge(module, target)
    cycles = list(nx.simple_cycles(g))
    assert not cycles, f"import cycles: {cycles[:3]}"


def test_the_layer_test_sees_a_wrong_import(tmp_path: Path) -> None:
    """Check the checker: an upward import written into a spec module is found."""
    bad = tmp_path / "bad.py"
    bad.write_text("from verblijfsroutes.render.dot import q\n", encoding="utf-8")
    targets = imports(f"{PACKAGE}.spec.bad", bad)
    assert f"{PACKAGE}.render.dot" in targets
    assert "render" not in ALLOWED[layer(f"{PACKAGE}.spec.bad")]


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules().values()
        if (n := len(p.read_text().splitlines())) > 400
    }
    assert not long, f"split these modules: {long}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("verblijfsroutes-*.whl")
    return found


def test_the_wheel_installs_one_top_level_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {PACKAGE}
    assert f"{PACKAGE}/data/rules.yaml" in names
    assert f"{PACKAGE}/properties/legal.py" in names
    top_level = [n for n in names if n.endswith("top_level.txt")]
    if top_level:
        assert zipfile.ZipFile(wheel).read(top_level[0]).decode().split() == [PACKAGE]


def test_a_model_py_in_the_working_directory_does_not_shadow_the_package(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text("raise SystemExit('the user model.py was imported')\n")
    (tmp_path / "properties.py").write_text("raise SystemExit('the user properties.py was imported')\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = "import verblijfsroutes.properties, verblijfsroutes.case.case; print('ok')"
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert run.stdout.strip() == "ok", run.stderr
    cli = subprocess.run(
        [sys.executable, "-m", PACKAGE, "choices"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert cli.returncode == 0 and "Q1" in cli.stdout, cli.stderr
