"""The sections of the harness, what each one reports, and the run settings they share.

A section is a module with ``run(ctx: Context) -> list[Row]``, listed in ``SECTIONS`` under a short
name; adding one is writing the module and listing it here. A listed module that cannot be imported is
reported as skipped rather than failing the whole run.
"""

from __future__ import annotations

import importlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = Path.home() / ".cache" / "mock-botcake-bench"

# name -> module, in the order they run and print. Point numbers follow issue 9.
SECTIONS: dict[str, str] = {
    "http": "benchmarks.sections.http",  # 1. throughput, latency; 4. RSS after the c32 runs
    "inprocess": "benchmarks.inprocess",  # 2. in-process cost and per-test reset (the pytest plugin)
    "startup": "benchmarks.sections.startup",  # 3. process start to first 200
    "journal": "benchmarks.sections.journal",  # 4. RSS after many requests with the request journal on
    "scale": "benchmarks.sections.scale",  # 5. big pages, many sends, the state file
    "suite": "benchmarks.sections.suite",  # 6. the test suite in CI's profile
    "servers": "benchmarks.sections.servers",  # the WSGI server comparison (not run by default)
}
DEFAULT_OFF = {"servers"}
# The smoke run proves the harness still works in seconds: no peers, no long runs, no recursion into the
# test suite that runs it.
FAILED = "(section failed)"
SMOKE_SECTIONS = ("http", "inprocess", "startup", "journal", "scale")


@dataclass
class Context:
    smoke: bool
    repeats: int
    seconds: float  # one wrk run
    peers: bool  # WireMock and Prism
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        print(f"  .. {text}", flush=True)
        self.notes.append(text)


@dataclass
class Row:
    """One figure: its median over the repeats, its spread, and how it compares to its target."""

    section: str
    what: str
    value: float | None
    unit: str
    spread: str = ""
    target: str = ""
    ok: bool | None = None  # None: no target, or not judged (smoke)
    note: str = ""


def run_sections(names: list[str], ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for name in names:
        print(f"== {name}", flush=True)
        try:
            module = importlib.import_module(SECTIONS[name])
        except ModuleNotFoundError as missing:
            if missing.name != SECTIONS[name]:
                raise
            rows.append(Row(name, "(section not present)", None, "", note=f"{SECTIONS[name]} not found"))
            continue
        try:
            rows.extend(module.run(ctx))
        except Exception as error:  # one broken section must not hide the others' figures
            traceback.print_exc()
            rows.append(Row(name, FAILED, None, "", ok=False, note=repr(error)[:200]))
    if ctx.smoke:  # no targets in a smoke run: its figures come from runs far too short to judge
        for row in rows:
            if row.what != FAILED:
                row.ok = None
    return rows
