#!/usr/bin/env python3
"""Prints the slowest compilation units of a `cargo build --timings` report.

    python3 bench/slowest_units.py REPORT.html [COUNT]

The report embeds its units as JSON (`const UNIT_DATA = [...]`); each has a name, a target
(the library, or ` build-script`, ` (run)` for running one) and a duration in seconds.
"""
import json
import sys


def main() -> None:
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    text = open(path, encoding="utf-8").read()
    marker = "const UNIT_DATA = "
    start = text.find(marker)
    if start < 0:
        sys.exit(f"{path}: no UNIT_DATA in this report")
    units, _ = json.JSONDecoder().raw_decode(text[start + len(marker):])
    total = sum(u["duration"] for u in units)
    print(f"{len(units)} units, {total:.1f} s of unit time in all; slowest:")
    for u in sorted(units, key=lambda u: u["duration"], reverse=True)[:count]:
        target = u["target"].strip()
        label = f'{u["name"]} {u["version"]}' + (f" ({target})" if target else "")
        print(f'  {u["duration"]:6.1f} s  {100 * u["duration"] / total:4.1f}%  {label}')


if __name__ == "__main__":
    main()
