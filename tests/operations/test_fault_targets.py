"""Which routes a fault rule's path glob can match (control/fault_targets.py): a glob that some API path
matches is never refused, and one that no route's path can match is."""

from __future__ import annotations

from fnmatch import fnmatchcase

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_botcake.control.fault_targets import glob_can_match, page_routes

# What a path parameter may hold in a generated path: no "/", at least one character.
PARAMETER_VALUES = st.text(
    alphabet=st.characters(blacklist_characters="/", blacklist_categories=("Cs",)), min_size=1, max_size=6
)


@st.composite
def a_path_and_its_route(draw: st.DrawFn) -> tuple[str, str]:
    _, route = draw(st.sampled_from(page_routes()))
    parts = [draw(PARAMETER_VALUES) if part.startswith("{") else part for part in route.split("/")]
    return "/".join(parts), route


@st.composite
def a_glob_of(draw: st.DrawFn, path: str) -> str:
    """``path`` with some characters made wildcards (``?``, ``*`` or a class holding the character)."""
    glob = []
    for character in path:
        if character in "*?[]":
            glob.append(f"[{character}]" if character != "]" else "]")
            continue
        glob.append(draw(st.sampled_from([character, character, "?", "*", f"[{character}x]"])))
    return "".join(glob)


@given(st.data())
def test_a_glob_that_matches_a_path_of_a_route_can_match_that_route(data):
    path, route = data.draw(a_path_and_its_route())
    glob = data.draw(a_glob_of(path))

    assert fnmatchcase(path, glob)  # the generator's own promise
    assert glob_can_match(glob, route)


@pytest.mark.parametrize(
    ("glob", "route"),
    [
        ("flows/send_flow", "flows/send_flow"),
        ("flows/*", "flows/{flow_id}/statistics"),
        ("flows/1559/statistics", "flows/{flow_id}/statistics"),
        ("*", "flows"),
        ("flows/[!/]", "flows/{path}"),
        ("f?ows", "flows"),
    ],
)
def test_these_globs_can_match_the_route(glob, route):
    assert glob_can_match(glob, route)


@pytest.mark.parametrize(
    ("glob", "route"),
    [
        ("send_flow", "flows/send_flow"),
        ("flows/send_flow/", "flows/send_flow"),
        ("/flows", "flows"),
        ("flows/1559/statistics", "flows/send_flow"),
        ("flows//statistics", "flows/{flow_id}/statistics"),  # a parameter is never empty
        ("flows/[/]", "flows/{path}"),  # nor holds a /
        ("flows?", "flows"),
    ],
)
def test_these_globs_cannot_match_the_route(glob, route):
    assert not glob_can_match(glob, route)
