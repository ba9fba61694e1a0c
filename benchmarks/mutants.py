"""The mutation-testing report (issue 20, docs/mutants.md): `./dev mutants` or `python -m benchmarks.mutants`.

mutmut (3.8+) changes the core modules one small bug at a time and runs, for each changed function, the
fast tests that reach it; a mutant no test notices "survives". Like the benchmarks this is a report,
not a gate: it prints the score and every survivor, each of which docs/mutants.md either kills with a
test or explains; a survivor the document does not name is printed with its diff.

mutmut imports the mutated code under the module names it finds on disk, and the contract suite is
installed as ``mock_botcake.contracts`` from ``contracts/``. So the run happens in a staged copy laid out
as the installed package (``build/mutants/``, ``contracts/`` as ``mock_botcake/contracts``), where the
names match; ``[tool.mutmut]`` in pyproject.toml lists the modules mutated and the tests run.

The run has two steps, so that it fits in an hour on two shared cores:

1. mutmut makes every mutant and records which tests reach which function, trying only the mutants of
   ``store/tokens.py`` (a few seconds).
2. Every other mutant is tried, but for those whose only change is the letter case of an SQL statement
   (``SELECT`` -> ``select``): SQLite reads keywords and names in any case, so each would survive
   after running every test that reaches the store (a few hundred), a third of the run's time for
   mutants known to be equivalent. They are counted and named in the report, not tried.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE = ROOT / "build" / "mutants"
DOC = ROOT / "docs" / "mutants.md"
COPIED = ("mock_botcake", "tests", "pyproject.toml")
# The mutants of step 1: a small module, so that making the mutants and the test map costs little more.
FIRST_MUTANTS = "mock_botcake.store.tokens.*"
# Statuses that are not a verdict on the tests: the mutant was not tried at all.
NOT_TRIED = {"skipped", "not checked", "check was interrupted by user"}
KILLED = {"killed", "timeout"}
# A string literal that is one SQL statement (or its continuation) without quoted values of its own:
# changing its letter case changes nothing SQLite does.
SQL_KEYWORDS = "SELECT|INSERT|UPDATE|DELETE|PRAGMA|BEGIN|ROLLBACK|COMMIT|WHERE|ON CONFLICT"
SQL_TEXT = re.compile(rf"\s*({SQL_KEYWORDS})\b[^']*")
STRING_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
# A row of docs/mutants.md's table of explained survivors: | `function` | 3, 7, 12 | reason |
EXPLAINED_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*([\d,\s]+)\|", re.MULTILINE)


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
        raise SystemExit(f"mutmut {args[0]} failed (exit {run.returncode})\n{run.stdout or ''}")
    return run.stdout or ""


def statuses() -> dict[str, str]:
    """Every mutant's name and status, as ``mutmut results --all true`` lists them."""
    listed = mutmut("results", "--all", "true", capture=True)
    pairs = (line.strip().rsplit(": ", 1) for line in listed.splitlines() if ": " in line)
    return {name: status for name, status in pairs}


def diffs() -> dict[str, str]:
    """Every mutant's diff (what ``mutmut show`` prints), read in this process: one call each would
    take half an hour."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.utils.file_utils import walk_mutatable_files

    found = {}
    here = Path.cwd()
    os.chdir(STAGE)  # mutmut reads its configuration and its mutants from the working directory
    try:
        for path in walk_mutatable_files():
            data = SourceFileMutationData(path=path)
            data.load()
            for name in data.exit_code_by_key:
                found[name] = get_diff_for_mutant(name, path=data.path)
    finally:
        os.chdir(here)
    return found


def only_sql_letter_case(diff: str) -> bool:
    """Whether the mutant only changes the letter case of SQL statements (see the module's docstring)."""
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    if not removed or len(removed) != len(added):
        return False
    for old, new in zip(removed, added, strict=True):
        if old.lower() != new.lower():
            return False
        old_texts, new_texts = STRING_LITERAL.findall(old), STRING_LITERAL.findall(new)
        changed = [text for text, other in zip(old_texts, new_texts, strict=True) if text != other]
        if old == new or not changed or not all(SQL_TEXT.fullmatch(text) for text in changed):
            return False
    return True


def explained() -> dict[str, str]:
    """The survivors docs/mutants.md explains, each with its function's row (the reason)."""
    found = {}
    for row in EXPLAINED_ROW.finditer(DOC.read_text("utf-8")):
        function, numbers = row.group(1), row.group(2)
        for number in re.findall(r"\d+", numbers):
            found[f"mock_botcake.{function}__mutmut_{number}"] = function
    return found


def report(found: dict[str, str], sql_case: Iterable[str], seconds: float, shown: dict[str, str]) -> str:
    sql_case = set(sql_case)
    counts = collections.Counter(status for name, status in found.items() if name not in sql_case)
    tried = sum(count for status, count in counts.items() if status not in NOT_TRIED)
    killed = sum(counts[status] for status in KILLED)
    lines = [
        f"mutation score: {killed}/{tried} killed ({100 * killed / max(tried, 1):.1f}%)"
        f" in {seconds / 60:.1f} min, of {len(found)} mutants",
        "by status: " + ", ".join(f"{status} {count}" for status, count in sorted(counts.items())),
        f"not tried, equivalent (only the letter case of an SQL statement): {len(sql_case)}",
    ]
    survivors = sorted(
        name for name, status in found.items() if name not in sql_case and status not in KILLED | NOT_TRIED
    )
    reasons = explained()
    unexplained = [name for name in survivors if name not in reasons]
    lines.append(
        f"survivors and mutants without tests: {len(survivors)}, of which docs/mutants.md explains"
        f" {len(survivors) - len(unexplained)}; not explained there: {len(unexplained)}"
    )
    for name in unexplained:
        lines += ["", f"--- {found[name]}: {name}", shown.get(name, "").rstrip()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mutants", description=__doc__.splitlines()[0])
    parser.add_argument("--max-children", type=int, default=2, help="mutants tried at once (default 2)")
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    parser.add_argument(
        "--resume", action="store_true", help="try the mutants a stopped run left untried (in build/mutants)"
    )
    options = parser.parse_args(argv)
    started = time.monotonic()
    children = ("--max-children", str(options.max_children))
    if not options.resume:
        stage()
        mutmut("run", *children, FIRST_MUTANTS)
    shown = diffs()
    sql_case = {name for name, diff in shown.items() if only_sql_letter_case(diff)}
    untried = [name for name, status in statuses().items() if status in NOT_TRIED and name not in sql_case]
    if untried:
        mutmut("run", *children, *untried)
    text = report(statuses(), sql_case, time.monotonic() - started, shown)
    print(text)
    if options.out:
        options.out.write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
