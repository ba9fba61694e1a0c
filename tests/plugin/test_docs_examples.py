"""The examples of docs/pytest.md run as written: each block is a file of a fresh project."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).parents[2] / "docs" / "pytest.md"
# A block is announced by `<!-- file: NAME -->` on the line before its fence.
BLOCK = re.compile(r"<!-- file: (?P<name>\S+) -->\n```\w*\n(?P<body>.*?)\n```", re.DOTALL)


def example_files() -> dict[str, str]:
    return {match["name"]: match["body"] + "\n" for match in BLOCK.finditer(DOC.read_text("utf-8"))}


def test_the_guide_has_its_examples() -> None:
    names = set(example_files())

    assert {"shop.py", "test_shop.py", "test_shop_async.py", "test_sends.py", "seeds/shop.json"} <= names


def test_every_example_of_the_guide_passes(pytester: pytest.Pytester) -> None:
    files = example_files()
    for name, body in files.items():
        path = pytester.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    expected_tests = sum(len(re.findall(r"^def test_", body, re.M)) for body in files.values())

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=expected_tests)
    assert expected_tests >= 8
