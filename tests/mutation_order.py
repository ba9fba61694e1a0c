"""A pytest plugin for the mutation run only (``pytest_add_cli_args`` in pyproject's ``[tool.mutmut]``).

For each mutant mutmut runs the tests that reach the mutated function and stops at the first failure,
so their order decides how soon a mutant is killed, never whether it is: a survivor still runs every
one of them. The tests of the mutated module run first, then the others of its room, then the rest
(mutmut's own order is that of a set). A mutant of ``store/store.py`` is reached by nearly every
test, through the fixtures; this puts tests/store first, where most such mutants fail at once.
"""

from __future__ import annotations

import os
from typing import Any

# Where the tests of each room of mock_botcake live, beyond tests/<room>.
ROOM_TESTS = {
    "control": ("tests/control/", "tests/operations/"),
    "pytest_plugin": ("tests/plugin/",),
    "embedded": ("tests/plugin/", "tests/embedded/"),
    "contracts": ("tests/contracts/",),
    "web": ("tests/api/test_routing.py", "tests/api/"),
}


def rank(nodeid: str, mutant: str) -> int:
    """0 for a test of the mutated module, 1 for one of its room, 2 for any other."""
    parts = mutant.split(".")  # mock_botcake.<room>[.<package>].<module>.<function>__mutmut_<n>
    room, module = parts[1], parts[-2]
    path = nodeid.split("::")[0]
    of_the_module = module.rstrip("s") in path.rsplit("/", 1)[-1]
    if of_the_module or (module == "fake" and path.startswith("tests/plugin/")):
        return 0
    if path.startswith(ROOM_TESTS.get(room, (f"tests/{room}/",))):
        return 1
    return 2


def pytest_collection_modifyitems(items: list[Any]) -> None:
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if mutant.count(".") < 3:
        return  # the runs that record durations and check the unmutated code: any order will do
    items.sort(key=lambda item: rank(item.nodeid, mutant))
