"""Issue 9 point 6: the contract suite against the fake, in the profile CI runs it with; and, for the
record, the project's whole test suite as ``.ci/run`` runs it.

The contract suite is timed as a user runs it, ``mock-botcake verify`` (it starts a fake of its own
and loads its own Hypothesis profile, ``contract-suite-fake``). Neither is part of the smoke run, which
itself runs inside the whole suite.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

from ..figures import judged, measured
from ..registry import REPO, Context, Row

SECTION = "suite"
TARGET_S = 60.0


def run(ctx: Context) -> list[Row]:
    env = dict(os.environ, HYPOTHESIS_PROFILE="ci")
    contract_s, contract = _timed([sys.executable, "-m", "mock_botcake", "verify"], env)
    whole_s, whole = _timed([str(REPO / "dev"), "test"], env)
    return [
        judged(
            SECTION,
            "contract suite against the fake (mock-botcake verify)",
            [contract_s],
            "s",
            f"< {TARGET_S:.0f} s",
            lambda v: v < TARGET_S and contract.returncode == 0,
            note=_summary(contract),
        ),
        measured(
            SECTION,
            "the whole test suite (./dev test, HYPOTHESIS_PROFILE=ci)",
            [whole_s],
            "s",
            note=_summary(whole),
        ),
    ]


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.monotonic()
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    return time.monotonic() - started, result


def _summary(result: subprocess.CompletedProcess[str]) -> str:
    found = re.findall(r"(\d+ (?:passed|failed)[^=\n]*?)\s*=*$", result.stdout, re.MULTILINE)
    note = found[-1].strip() if found else "no pytest summary line"
    return note if result.returncode == 0 else f"FAILED (exit {result.returncode}): {note}"
