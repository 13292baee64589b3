"""`verblijfsroutes test PATH...`: replay case files as tests and report pass or fail.

Exit status: 0 every file passes; 1 a file fails (each named on its own line); 2 bad input:
a file that cannot be read or holds a mistake (named on its own line, when no file fails),
bad arguments (no such path, a folder without case files).
"""

from __future__ import annotations

import argparse
import json
import sys

from verblijfsroutes.case.scenarios import case_files, run_file


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="case files, or folders of them")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--quiet", "-q", action="store_true", help="print only failures and the summary")


def run(args: argparse.Namespace) -> int:
    files = case_files(args.paths)
    results = []
    for path in files:
        r = run_file(path)
        results.append(r)
        if args.json:
            continue
        if r.verdict == "pass":
            if not args.quiet:
                sys.stdout.write(f"PASS  {r.file}  [{r.route}]\n")
        elif r.verdict == "error":
            sys.stdout.write(f"ERROR {r.file}: {r.error}\n")
        else:
            sys.stdout.write(f"FAIL  {r.file}\n")
            for f in r.failures:
                sys.stdout.write(f"      - {f}\n")
    counts = {v: sum(1 for r in results if r.verdict == v) for v in ("pass", "fail", "error")}
    if args.json:
        doc = {
            "counts": counts,
            "results": [
                {
                    "file": r.file,
                    "name": r.name,
                    "verdict": r.verdict,
                    "route": r.route,
                    "failures": r.failures,
                    "error": r.error,
                }
                for r in results
            ],
        }
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(f"{counts['pass']} passed, {counts['fail']} failed, {counts['error']} errors\n")
    if counts["fail"]:
        return 1  # a case did not do what it expects
    return 2 if counts["error"] else 0  # a case file that cannot be read is bad input
