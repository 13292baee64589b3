"""Flow parameters (model/data/flows.yaml): a relative weight per move, calibrated or assumed.

`load_spec` reads the hand-written file (the parameters, their calibration ids, report
locations and quotes, or their assumptions); `load_fitted` reads the values written by
`verblijfsroutes flows fit` (flows-fitted.yaml) and `Params` is the set of values the chain
uses, one per parameter and subgroup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from verblijfsroutes.spec.errors import DataError, UsageError
from verblijfsroutes.spec.loader import DATA_DIR

SPEC_FILE = DATA_DIR / "flows.yaml"
FITTED_FILE = DATA_DIR / "flows-fitted.yaml"
AFRICAN_SHARE = "aandeel_afrikaans"
GRANT_RATE = "b9_grant_rate"  # what-if name: sets the weight b9_aanvraag>b9 from a grant rate


@dataclass(frozen=True)
class Param:
    """One parameter: its value per subgroup and where the value comes from."""

    name: str
    values: dict[str, float]
    calibration: str | None = None
    location: str = ""
    quote: str = ""
    rationale: str = ""
    rationale_nl: str = ""
    per_subgroup: bool = False

    @property
    def is_assumption(self) -> bool:
        return self.calibration is None

    def why(self, lang: str) -> str:
        return self.rationale_nl if lang == "nl" and self.rationale_nl else self.rationale


@dataclass
class Spec:
    """The hand-written parameter file: subgroups (with labels) and parameters in file order."""

    subgroups: dict[str, dict[str, str]]
    params: dict[str, Param] = field(default_factory=dict)

    def values(self) -> dict[str, dict[str, float]]:
        return {n: dict(p.values) for n, p in self.params.items()}


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(str(path), None, f"cannot read ({exc})") from None


def load_spec(path: Path = SPEC_FILE) -> Spec:
    """The parameters of flows.yaml, validated: a number or one per subgroup, a source."""
    raw = _read(path)
    subgroups = raw.get("subgroups") or {}
    spec = Spec(dict(subgroups))
    for name, row in (raw.get("parameters") or {}).items():
        v = row.get("value")
        if isinstance(v, dict):
            if set(v) != set(subgroups):
                raise DataError(str(path), name, f"value needs one number per subgroup {sorted(subgroups)}")
            values = {g: float(v[g]) for g in subgroups}
            per = True
        elif isinstance(v, int | float):
            values = {g: float(v) for g in subgroups}
            per = False
        else:
            raise DataError(str(path), name, "value must be a number or one per subgroup")
        if any(x < 0 for x in values.values()):
            raise DataError(str(path), name, "a weight cannot be negative")
        cal = row.get("calibration")
        if cal is None and not row.get("assumption"):
            raise DataError(str(path), name, "give a calibration id or an assumption with its rationale")
        if cal is not None and not (row.get("location") and row.get("quote")):
            raise DataError(str(path), name, "a calibrated value needs location and quote")
        spec.params[name] = Param(
            name,
            values,
            calibration=cal,
            location=row.get("location", ""),
            quote=row.get("quote", ""),
            rationale=row.get("rationale") or row.get("assumption", ""),
            rationale_nl=row.get("rationale_nl") or row.get("assumption_nl", ""),
            per_subgroup=per,
        )
    if AFRICAN_SHARE not in spec.params:
        raise DataError(str(path), AFRICAN_SHARE, "the parameter is missing")
    return spec


Values = dict[str, dict[str, float]]  # parameter -> subgroup -> value


def load_fitted(spec: Spec, path: Path = FITTED_FILE) -> Values:
    """The fitted values (flows-fitted.yaml) over the spec's; the spec's alone if not fitted."""
    values = spec.values()
    if not path.exists():
        return values
    raw = _read(path) or {}
    for name, v in (raw.get("values") or {}).items():
        if name not in values:
            raise DataError(
                str(path), name, f"not a parameter of {SPEC_FILE.name}; run `verblijfsroutes flows fit`"
            )
        values[name] = {g: float(x) for g, x in v.items()}
    return values


def set_value(values: Values, spec: Spec, assignment: str) -> Values:
    """`NAME=VALUE` or `NAME[subgroup]=VALUE` applied to a copy of `values` (what-if);
    `b9_grant_rate=R` sets the B9 grant weight so that R of the decided applications are granted."""
    name, sep, text = assignment.partition("=")
    group = None
    if "[" in name and name.endswith("]"):
        name, group = name[:-1].split("[", 1)
    if not sep or (name not in spec.params and name != GRANT_RATE):
        raise UsageError(
            f"--set {assignment!r}: write NAME=VALUE with NAME a parameter of flows.yaml (e.g. b9_aanvraag>b9=0.8)"
        )
    try:
        x = float(text)
    except ValueError:
        raise UsageError(f"--set {assignment!r}: VALUE must be a number") from None
    if x < 0 or (name == AFRICAN_SHARE and x > 1):
        raise UsageError(f"--set {assignment!r}: VALUE out of range (weights >= 0, shares 0..1)")
    if group is not None and group not in spec.subgroups:
        raise UsageError(f"--set {assignment!r}: subgroup must be one of {', '.join(spec.subgroups)}")
    if name == GRANT_RATE:  # the B9 grant rate of decided applications, as a weight
        if not 0 <= x < 1:
            raise UsageError(f"--set {assignment!r}: {GRANT_RATE} is a share from 0 up to (not including) 1")
        refuse = values["b9_aanvraag>b9_afgewezen"]
        out = {n: dict(v) for n, v in values.items()}
        for g in out["b9_aanvraag>b9"]:
            if group is None or g == group:
                out["b9_aanvraag>b9"][g] = x / (1 - x) * refuse[g]
        return out
    out = {n: dict(v) for n, v in values.items()}
    for g in out[name]:
        if group is None or g == group:
            out[name][g] = x
    return out
