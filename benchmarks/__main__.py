"""``python -m benchmarks [--smoke] [SECTION ...]``: run the benchmarks and print one table.

Every ratio compares figures measured in the same run, interleaved repeat by repeat, since absolute
times drift on a shared machine. ``--smoke`` runs every section briefly, without peers and without
judging targets, so that a test can keep the harness from rotting.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

from . import tools
from .registry import DEFAULT_OFF, SECTIONS, SMOKE_SECTIONS, Context, run_sections
from .report import table, write_json


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument(
        "sections",
        nargs="*",
        metavar="SECTION",
        help=f"sections to run, of {', '.join(SECTIONS)} (default: all but {', '.join(sorted(DEFAULT_OFF))})",
    )
    parser.add_argument("--smoke", action="store_true", help="a few seconds, no peers, no targets judged")
    parser.add_argument("--repeats", type=int, help="runs of each measurement (default: 3; smoke: 1)")
    parser.add_argument(
        "--seconds", type=float, help="length of one wrk run, whole seconds (default: 3; smoke: 1)"
    )
    parser.add_argument("--no-peers", action="store_true", help="skip WireMock and Prism")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    unknown = [name for name in args.sections if name not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")

    ctx = Context(
        smoke=args.smoke,
        repeats=args.repeats or (1 if args.smoke else 3),
        seconds=args.seconds or (1.0 if args.smoke else 3.0),
        peers=not (args.smoke or args.no_peers),
    )
    names = args.sections or [
        name for name in SECTIONS if name not in DEFAULT_OFF and (not args.smoke or name in SMOKE_SECTIONS)
    ]
    machine = describe_machine()
    print("machine: " + "; ".join(f"{k} {v}" for k, v in machine.items()), flush=True)
    tools.ensure_wrk()
    started = time.monotonic()
    rows = run_sections(names, ctx)
    print()
    print(table(rows))
    print(
        f"\n{len(rows)} figures in {time.monotonic() - started:.0f} s"
        + ("  (smoke run: targets not judged)" if ctx.smoke else "")
    )
    if args.json:
        write_json(rows, args.json, machine)
    failed = [row for row in rows if row.ok is False and row.what == "(section failed)"]
    return 1 if failed else 0


def describe_machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "cpu": f"{cpu} x{os.cpu_count()}",
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load average at start": load,
        "argv": " ".join(sys.argv[1:]) or "(defaults)",
    }


if __name__ == "__main__":
    raise SystemExit(main())
