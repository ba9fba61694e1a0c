"""Reading the project's Dockerfile the way Docker does, for tests that run its commands outside Docker."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path

DOCKERFILE = Path(__file__).parent.parent / "Dockerfile"


@dataclass
class Dockerfile:
    base: str = ""
    env: dict[str, str] = field(default_factory=dict)
    user: str = ""
    exposed: list[str] = field(default_factory=list)
    command: list[str] = field(default_factory=list)
    healthcheck: list[str] = field(default_factory=list)


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with comments dropped and ``\\`` continuations joined."""
    logical: list[str] = []
    pending = ""
    for line in text.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.lstrip().startswith("#"):
            continue  # a comment inside a continued instruction
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    pairs = []
    for line in logical:
        keyword, _, arguments = line.strip().partition(" ")
        pairs.append((keyword.upper(), arguments.strip()))
    return pairs


def exec_form(arguments: str) -> list[str]:
    """A JSON-array (exec form) command; the shell form is refused, as the tests need the exact argv."""
    command = json.loads(arguments)
    assert isinstance(command, list) and all(isinstance(a, str) for a in command), arguments
    return command


def parse(path: Path = DOCKERFILE) -> Dockerfile:
    result = Dockerfile()
    for keyword, arguments in instructions(path.read_text("utf-8")):
        if keyword == "FROM":
            result.base = arguments
        elif keyword == "ENV":
            result.env.update(pair.split("=", 1) for pair in shlex.split(arguments))
        elif keyword == "USER":
            result.user = arguments
        elif keyword == "EXPOSE":
            result.exposed += arguments.split()
        elif keyword == "CMD":
            result.command = exec_form(arguments)
        elif keyword == "HEALTHCHECK":
            _, _, command = arguments.partition("CMD ")
            result.healthcheck = exec_form(command)
    return result
