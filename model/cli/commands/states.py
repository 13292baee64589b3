"""`verblijfsroutes states`: the vocabulary (tracks, states, events, facts) with labels."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from verblijfsroutes.core.ruledata import default_rule_data


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("md", "json"), default="md")


def vocabulary_dict() -> dict[str, Any]:
    vocab = default_rule_data().vocab
    return {
        "tracks": [
            {
                "id": t.id,
                "nl": t.nl,
                "en": t.en,
                "section": t.section,
                "initial": t.initial,
                "states": [{"id": s.id, "nl": s.nl, "en": s.en} for s in t.states],
            }
            for t in vocab.tracks
        ],
        "events": [
            {"id": e.id, "track": e.track, "actor": e.actor, "entry": e.entry, "nl": e.nl, "en": e.en}
            for e in vocab.events
        ],
        "facts": [
            {"id": f.id, "nl": f.nl, "en": f.en, "mutable": f.mutable, "section": f.section}
            for f in vocab.facts
        ],
    }


def run(args: argparse.Namespace) -> int:
    data = vocabulary_dict()
    if args.format == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    out = []
    for t in data["tracks"]:
        out.append(f"## {t['id']} - {t['nl']} / {t['en']} ({t['section']})\n")
        out.append("| state | nl | en |\n|---|---|---|")
        out += [
            f"| {s['id']}{' (initial)' if s['id'] == t['initial'] else ''} | {s['nl']} | {s['en']} |"
            for s in t["states"]
        ]
        out.append("")
    out.append("## events\n\n| event | track | actor | entry | nl | en |\n|---|---|---|---|---|---|")
    out += [
        f"| {e['id']} | {e['track']} | {e['actor']} | {'yes' if e['entry'] else ''} | {e['nl']} | {e['en']} |"
        for e in data["events"]
    ]
    out.append("\n## facts\n\n| fact | mutable | nl | en | section |\n|---|---|---|---|---|")
    out += [
        f"| {f['id']} | {'yes' if f['mutable'] else ''} | {f['nl']} | {f['en']} | {f['section']} |"
        for f in data["facts"]
    ]
    sys.stdout.write("\n".join(out) + "\n")
    return 0
