"""The mutation-testing report (issue 20, docs/mutants.md): `./dev mutants` or `python -m benchmarks.mutants`.

mutmut (3.8+) changes the core modules one small bug at a time and runs, for each changed function, the
fast tests that reach it; a mutant no test notices "survives". Like the benchmarks this is a report,
not a gate: it prints the score and every survivor with its diff, each of which docs/mutants.md either
kills with a test or explains.

mutmut imports the mutated code under the module names it finds on disk, and the contract suite is
installed as ``mock_botcake.contracts`` from ``contracts/``. So the run happens in a staged copy laid out
as the installed package (``build/mutants/``, ``contracts/`` as ``mock_botcake/contracts``), where the
names match; ``[tool.mutmut]`` in pyproject.toml lists the modules mutated and the tests run.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE = ROOT / "build" / "mutants"
COPIED = ("mock_botcake", "tests", "pyproject.toml")
# Statuses that are not a verdict on the tests: the mutant could not be tried at all.
NOT_TRIED = {"skipped", "not checked", "check was interrupted by user"}


def stage() -> None:
    """A fresh copy of the tree in the installed package's layout; mutmut works inside it."""
    shutil.rmtree(STAGE, ignore_errors=True)
    STAGE.mkdir(parents=True)
    ignored = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", ".pytest_cache")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, STAGE / name, ignore=ignored)
        else:
            shutil.copy2(source, STAGE / name)
    shutil.copytree(ROOT / "contracts", STAGE / "mock_botcake" / "contracts", ignore=ignored)


def mutmut(*args: str, capture: bool = False) -> str:
    # Hypothesis's CI profile is derandomized: a mutant is killed or not, the same on every run.
    env = {**os.environ, "HYPOTHESIS_PROFILE": "ci"}
    run = subprocess.run(
        [sys.executable, "-m", "mutmut", *args], cwd=STAGE, env=env, text=True, capture_output=capture
    )
    if run.returncode != 0:
        raise SystemExit(f"mutmut {' '.join(args)} failed (exit {run.returncode})\n{run.stdout or ''}")
    return run.stdout or ""


def statuses() -> dict[str, str]:
    """Every mutant's name and status, as ``mutmut results --all true`` lists them."""
    listed = mutmut("results", "--all", "true", capture=True)
    pairs = (line.strip().rsplit(": ", 1) for line in listed.splitlines() if ": " in line)
    return {name: status for name, status in pairs}


def report(found: dict[str, str], seconds: float) -> str:
    counts = collections.Counter(found.values())
    tried = sum(count for status, count in counts.items() if status not in NOT_TRIED)
    killed = counts["killed"] + counts["timeout"]
    lines = [
        f"mutation score: {killed}/{tried} killed ({100 * killed / max(tried, 1):.1f}%)"
        f" in {seconds / 60:.1f} min",
        "by status: " + ", ".join(f"{status} {count}" for status, count in sorted(counts.items())),
    ]
    survivors = sorted(name for name, status in found.items() if status not in {"killed", "timeout"})
    for name in survivors:
        lines += ["", f"--- {found[name]}: {name}", mutmut("show", name, capture=True).rstrip()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mutants", description=__doc__.splitlines()[0])
    parser.add_argument("--max-children", type=int, default=2, help="mutants tried at once (default 2)")
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    options = parser.parse_args(argv)
    started = time.monotonic()
    stage()
    mutmut("run", "--max-children", str(options.max_children))
    text = report(statuses(), time.monotonic() - started)
    print(text)
    if options.out:
        options.out.write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
