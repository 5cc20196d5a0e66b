"""Print killed / survived mutants per file from the last `mutmut run` (what `make mutation` shows).

mutmut 3 keeps each mutated file's results in mutants/<path>.meta (JSON: exit code per mutant).
A timeout counts as killed (the tests noticed the mutant); a mutant no test reaches counts as
survived. Usage: python scripts/mutation_report.py [--target 90] [mutants]
"""
import argparse
import json
import sys
from pathlib import Path

# mutmut 3's exit codes (mutmut/stats.py): 1 and 3 are a failing test run, i.e. a kill.
KILLED = {1, 3}
SURVIVED = {0}
NO_TESTS = {5, 33}
TIMEOUT = {36, 24, -24, 152, 255}
SKIPPED = {34}
NOT_CHECKED = {None}


def count(exit_codes: list) -> dict:
    tally = {"killed": 0, "timeout": 0, "survived": 0, "no tests": 0, "not checked": 0, "other": 0}
    for code in exit_codes:
        if code in KILLED:
            tally["killed"] += 1
        elif code in TIMEOUT:
            tally["timeout"] += 1
        elif code in SURVIVED:
            tally["survived"] += 1
        elif code in NO_TESTS:
            tally["no tests"] += 1
        elif code in NOT_CHECKED:
            tally["not checked"] += 1
        elif code not in SKIPPED:
            tally["other"] += 1
    return tally


def score(tally: dict) -> float | None:
    caught = tally["killed"] + tally["timeout"]
    total = caught + tally["survived"] + tally["no tests"] + tally["other"]
    return 100 * caught / total if total else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mutants", nargs="?", default="mutants", type=Path)
    parser.add_argument("--target", type=float, default=90, help="percent killed each file should reach")
    args = parser.parse_args()
    metas = sorted(args.mutants.rglob("*.py.meta"))
    if not metas:
        print(f"No results under {args.mutants}/: run `make mutation` first.", file=sys.stderr)
        return 1
    rows, totals = [], count([])
    for meta in metas:
        exit_codes = list(json.loads(meta.read_text())["exit_code_by_key"].values())
        if not exit_codes:
            continue
        tally = count(exit_codes)
        for key in totals:
            totals[key] += tally[key]
        rows.append((str(meta.relative_to(args.mutants))[:-len(".meta")], tally))

    header = f"{'file':<36} {'mutants':>7} {'killed':>6} {'timeout':>7} {'survived':>8} {'no tests':>8} {'score':>6}"
    print(header)
    print("-" * len(header))
    below = []
    for name, tally in rows + [("TOTAL", totals)]:
        percent = score(tally)
        shown = f"{percent:5.1f}%" if percent is not None else "     -"
        mutants = sum(tally.values())
        print(f"{name:<36} {mutants:>7} {tally['killed']:>6} {tally['timeout']:>7} {tally['survived']:>8} "
              f"{tally['no tests']:>8} {shown}")
        if name != "TOTAL" and percent is not None and percent < args.target:
            below.append(name)
        if tally["not checked"] or tally["other"]:
            print(f"    ({tally['not checked']} not checked, {tally['other']} suspicious or crashed)")
    print()
    if below:
        print(f"Below {args.target:g}% killed: {', '.join(below)}")
        print("List the survivors with `.venv/bin/mutmut results`, see one with `.venv/bin/mutmut show NAME`.")
    else:
        print(f"Every file has at least {args.target:g}% of its mutants killed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
