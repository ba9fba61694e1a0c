"""examples/unittest (docs/outside-pytest.md) passes under unittest's own runner, as a user runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "unittest"


def test_the_unittest_example_passes_every_test():
    tests = [path.read_text("utf-8") for path in EXAMPLE.glob("test_*.py")]
    expected = sum(len(re.findall(r"^    def test_", body, re.M)) for body in tests)
    # No __pycache__ left in the example's folder; no proxy between the live tests and their server.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_PROXY": "*"}

    done = subprocess.run(
        [sys.executable, "-m", "unittest", "-v"],
        cwd=EXAMPLE,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Ran {expected} tests" in done.stderr and expected >= 5, done.stderr
    assert "OK" in done.stderr.splitlines()[-1]
