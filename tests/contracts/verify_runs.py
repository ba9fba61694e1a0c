"""Running ``mock-botcake verify`` as a user would: a separate process, its exit code and its output."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

RUN_TIMEOUT_S = 300
# Stand-ins are local: no pause between requests, no wait before a retry, unless a test says otherwise
# (a flag wins over these).
LOCAL_TARGET = {"BOTCAKE_PAUSE": "0", "BOTCAKE_RETRY_WAIT": "0"}


@dataclass(frozen=True)
class Verdict:
    code: int
    output: str


def verify(
    *args: str, cwd: Path | None = None, executable: str = sys.executable, env: dict[str, str] | None = None
) -> Verdict:
    """``mock-botcake verify ARGS``; ``env`` adds variables (such as BOTCAKE_TOKEN) to this process's."""
    run = subprocess.run(
        [executable, "-m", "mock_botcake", "verify", *args],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **LOCAL_TARGET, **(env or {})},
    )
    return Verdict(run.returncode, run.stdout + run.stderr)
