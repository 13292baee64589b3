"""YAML and JSON read strictly: safe loading only, a key given twice is an error (not a
silently dropped value), and YAML aliases (&anchor / *alias) are refused, so a small file can
never expand into a huge document.

`load_yaml` raises `yaml.YAMLError` (with the line) and `load_json` raises `ValueError`.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from yaml.events import AliasEvent


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping gives the same key twice."""


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping", node.start_mark, "a key is a list or mapping", key_node.start_mark
            ) from None
        if key in seen:
            raise DuplicateKeyError(
                "while reading a mapping",
                node.start_mark,
                f"the key {key!r} is given twice (the second would silently replace the first)",
                key_node.start_mark,
            )
        seen[key] = True
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


class StrictLoader(yaml.SafeLoader):
    """Safe loading, no duplicate keys, no aliases (pure Python: for user input)."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not accepted: write the value out", event.start_mark
            )
        return super().compose_node(parent, index)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)  # type: ignore[arg-type]

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FastStrictLoader(_FAST):  # type: ignore[valid-type,misc]
    """Safe loading and no duplicate keys, with the C parser where available (for the rule
    data shipped with the package, which has no aliases to fear)."""


FastStrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def load_yaml(text: str, fast: bool = False) -> Any:
    return yaml.load(text, Loader=FastStrictLoader if fast else StrictLoader)  # noqa: S506 (safe loaders only)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} is given twice (the second would silently replace the first)")
        out[key] = value
    return out


def load_json(text: str) -> Any:
    return json.loads(text, object_pairs_hook=_pairs)
