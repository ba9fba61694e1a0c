"""Issue 9 point 6: the whole test suite (the contract suite with it) in CI's Hypothesis profile.

Runs ``./dev test`` with HYPOTHESIS_PROFILE=ci, as ``.ci/run`` does, and times it end to end. Not
part of the smoke run, which itself runs inside that suite.
"""

from __future__ import annotations

import os
import re
import subprocess
import time

from ..figures import judged
from ..registry import REPO, Context, Row

SECTION = "suite"
TARGET_S = 60.0


def run(ctx: Context) -> list[Row]:
    env = dict(os.environ, HYPOTHESIS_PROFILE="ci")
    started = time.monotonic()
    result = subprocess.run([str(REPO / "dev"), "test"], cwd=REPO, env=env, capture_output=True, text=True)
    took = time.monotonic() - started
    summary = re.findall(r"^=*\s*(\d+ (?:passed|failed).*?)\s*=*$", result.stdout, re.MULTILINE)
    note = summary[-1] if summary else "no pytest summary line"
    if result.returncode != 0:
        note = f"FAILED (exit {result.returncode}): {note}"
    return [
        judged(
            SECTION,
            "./dev test, HYPOTHESIS_PROFILE=ci",
            [took],
            "s",
            f"< {TARGET_S:.0f} s",
            lambda v: v < TARGET_S and result.returncode == 0,
            note=str(note),
        )
    ]
