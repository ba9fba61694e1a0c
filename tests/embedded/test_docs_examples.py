"""The examples of docs/outside-pytest.md run as written: each block is a file of a fresh folder, where
``python -m unittest`` runs the tests and each ``check_*.py`` script runs on its own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).parents[2] / "docs" / "outside-pytest.md"
# A block is announced by `<!-- file: NAME -->` on the line before its fence.
BLOCK = re.compile(r"<!-- file: (?P<name>\S+) -->\n```\w*\n(?P<body>.*?)\n```", re.DOTALL)


def example_files() -> dict[str, str]:
    return {match["name"]: match["body"] + "\n" for match in BLOCK.finditer(DOC.read_text("utf-8"))}


def write_examples(folder: Path) -> dict[str, str]:
    files = example_files()
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    return files


def python(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The folder's own modules first (as `python -m unittest` in a user's project), no proxy in the way.
    env = {**os.environ, "PYTHONPATH": str(folder), "NO_PROXY": "*"}
    return subprocess.run(
        [sys.executable, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_page_has_an_example_of_each_way():
    bodies = "\n".join(example_files().values())

    assert "@mock_botcake()\nclass" in bodies  # a decorated TestCase
    assert "with mock_botcake() as botcake:" in bodies
    assert "@mock_botcake(seed=" in bodies  # a decorated function
    assert "serve_botcake()" in bodies


def test_the_unittest_examples_pass(tmp_path):
    files = write_examples(tmp_path)
    expected = sum(len(re.findall(r"^    def test_", body, re.M)) for body in files.values())

    done = python(tmp_path, "-m", "unittest", "-v")

    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Ran {expected} tests" in done.stderr and expected >= 5, done.stderr


def test_the_script_examples_run_to_the_end(tmp_path):
    scripts = [name for name in write_examples(tmp_path) if name.startswith("check_")]

    outputs = [python(tmp_path, script) for script in scripts]

    assert scripts
    for script, done in zip(scripts, outputs, strict=True):
        assert done.returncode == 0, f"{script}: {done.stdout}{done.stderr}"
    assert "sent: {'order_id': 7}" in outputs[0].stdout
    assert "demo pages: ['113045297552223', 'waba_1053844194483527']" in outputs[0].stdout
