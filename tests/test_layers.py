"""Imports run one way between the rooms of mock_botcake (docs/architecture.md): each room imports only
the rooms below it in ``LAYERS``, so there is no loop between packages and a leaf stays a leaf."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mock_botcake"
# Lowest first. `contracts` is the installed contracts/ folder: the schemas and the contract suite.
LAYERS = (
    "fidelity",
    "contracts",
    "wire",
    "store",
    "seeds",
    "web",
    "api",
    "control",
    "contract_tools",
    "app",
    "serving",
    "embedded",
    "pytest_plugin",
    "cli",
    "__main__",
)


def room_of(path: Path, package: Path = PACKAGE) -> str:
    return path.relative_to(package).with_suffix("").parts[0]


def imported_rooms(path: Path, package_folder: Path = PACKAGE) -> set[str]:
    """The rooms of mock_botcake that the module at ``path`` imports (the package root's names aside)."""
    parts = ["mock_botcake", *path.relative_to(package_folder).with_suffix("").parts]
    package = parts[:-1]  # a module's package; an __init__'s own package
    rooms = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = [*base, *(node.module.split(".") if node.module else [])]
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            target, names = [], [alias.name for alias in node.names]
            rooms.update(name.split(".")[1] for name in names if name.startswith("mock_botcake."))
            continue
        else:
            continue
        if target[:1] != ["mock_botcake"]:
            continue
        rooms.update([target[1]] if len(target) > 1 else [n for n in names if n in LAYERS])
    return rooms


MODULES = sorted(PACKAGE.rglob("*.py"))


ROOM_MODULES = [path for path in MODULES if room_of(path) != "__init__"]


def test_every_room_of_the_package_has_its_place_in_the_layers():
    assert {room_of(path) for path in ROOM_MODULES} <= set(LAYERS)


@pytest.mark.parametrize("path", ROOM_MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_a_module_imports_only_its_own_room_and_the_rooms_below_it(path):
    room = room_of(path)
    below = set(LAYERS[: LAYERS.index(room)])
    assert imported_rooms(path) - {room} <= below, f"{room} may import only {sorted(below)}"


def test_the_layer_check_sees_an_import_that_runs_upwards(tmp_path):
    upward = tmp_path / "mock_botcake" / "web" / "upward.py"
    upward.parent.mkdir(parents=True)
    upward.write_text("from ..api import api\nfrom .. import fidelity\n")
    assert imported_rooms(upward, tmp_path / "mock_botcake") == {"api", "fidelity"}
