"""examples/node (docs/other-languages.md) passes under Node's own test runner against a real serve."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .servers import start, stop

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "node"
NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed: examples/node did not run")
def test_the_node_example_passes_against_a_running_serve():
    served = start("--seed", "empty")
    try:
        done = subprocess.run(
            [NODE, "--test", str(EXAMPLE)],
            env={**os.environ, "MOCK_BOTCAKE_URL": served.root},
            capture_output=True,
            text=True,
            cwd=EXAMPLE,
            timeout=120,
        )
    finally:
        stop(served)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "# pass 3" in done.stdout and "# fail 0" in done.stdout
