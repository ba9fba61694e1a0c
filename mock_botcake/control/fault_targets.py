"""Which API routes a fault rule's ``match`` can meet: a path glob that can match no route is refused.

A rule such as ``"path": "/api/public_api/v1/pages/*/flows/send_flow"`` (the glob is matched against
the path after the page prefix only) or ``"send_flow"`` (without ``flows/``) would be accepted and
never fire. Here the glob is compared with each route of the ``api`` group as a pattern, not with
sample paths, so ``flows/1559/statistics`` meets ``flows/{flow_id}/statistics``: a path parameter is
one or more characters other than ``/``, as Flask routes it. The answer errs towards "can match" (a
parameter's converter may be narrower), so a rule that can fire is never refused.
"""

from __future__ import annotations

import difflib
from fnmatch import fnmatchcase
from functools import cache
from typing import Any

from ..api import api
from ..wire.urls import PAGE_PREFIX

# A path parameter in a route's pattern: one or more characters, none of them "/".
_PARAMETER = None
# The characters a path parameter is tried with against a glob's [class]: printable ASCII but "/".
_PARAMETER_CHARS = tuple(chr(code) for code in range(32, 127) if chr(code) != "/")
_MATCHED_AGAINST = (
    "it is matched against the path after /api/public_api/v1/pages/<page_id>/, such as flows/send_flow "
    "or flows/{flow_id}/statistics (GET /openapi.json lists every route)"
)


@cache
def page_routes() -> tuple[tuple[str, str], ...]:
    """Each API route under the page prefix: its method and its path after it (``flows/send_flow``)."""
    prefix = PAGE_PREFIX + "/"
    return tuple(
        (operation.method.upper(), operation.path.removeprefix(prefix))
        for operation in api.operations
        if operation.path.startswith(prefix)
    )


def unmatchable_problems(match: dict[str, Any]) -> list[str]:
    """Why a rule's ``match`` can meet no API request, with a hint; ``[]`` when it can meet one."""
    glob = match.get("path")
    if glob is None:
        return []
    method = match.get("method")
    reached = [(verb, route) for verb, route in page_routes() if glob_can_match(glob, route)]
    if any(method in (None, verb) for verb, _ in reached):
        return []
    if reached:
        routes = ", ".join(f"{verb} {route}" for verb, route in reached[:5])
        return [f"match.path {glob!r} matches no {method} route, only {routes}"]
    nearest = difflib.get_close_matches(glob, sorted({route for _, route in page_routes()}), n=3, cutoff=0.5)
    hint = f"; the nearest routes: {', '.join(nearest)}" if nearest else ""
    return [f"match.path {glob!r} can match no API route: {_MATCHED_AGAINST}{hint}"]


def glob_can_match(glob: str, route: str) -> bool:
    """Whether some path matches both ``glob`` (``fnmatch``) and ``route`` (``flows/{flow_id}``)."""
    globbed, routed = _glob_tokens(glob), _route_tokens(route)
    # A walk over the pairs (glob position, route position) that some common prefix of a path reaches.
    todo, seen = [(0, 0)], set()
    while todo:
        state = todo.pop()
        if state in seen:
            continue
        seen.add(state)
        at_glob, at_route = state
        if at_glob < len(globbed) and globbed[at_glob] == "*":
            todo.append((at_glob + 1, at_route))  # * may match nothing
        if at_glob == len(globbed) or at_route == len(routed):
            if (at_glob, at_route) == (len(globbed), len(routed)):
                return True
            continue
        token, part = globbed[at_glob], routed[at_route]
        if not _one_character_meets(token, part):
            continue
        next_globs = (at_glob,) if token == "*" else (at_glob + 1,)
        next_routes = (at_route, at_route + 1) if part is _PARAMETER else (at_route + 1,)
        todo.extend((g, r) for g in next_globs for r in next_routes)
    return False


def _glob_tokens(glob: str) -> list[str]:
    """The glob cut into what each matches one character of (``*`` any number): a character, ``?``,
    ``*`` or a ``[class]`` (an unclosed ``[`` is a plain character, as ``fnmatch`` reads it)."""
    tokens, at = [], 0
    while at < len(glob):
        end = _class_end(glob, at) if glob[at] == "[" else None
        if end is None:
            tokens.append(glob[at])
            at += 1
        else:
            tokens.append(glob[at : end + 1])
            at = end + 1
    return tokens


def _class_end(glob: str, start: int) -> int | None:
    """Where the ``[class]`` at ``start`` closes (``fnmatch``'s reading: ``[!]...]``, ``[]...]``)."""
    at = start + 1
    if at < len(glob) and glob[at] == "!":
        at += 1
    if at < len(glob) and glob[at] == "]":
        at += 1
    end = glob.find("]", at)
    return end if end != -1 else None


def _route_tokens(route: str) -> list[str | None]:
    tokens: list[str | None] = []
    for index, segment in enumerate(route.split("/")):
        if index:
            tokens.append("/")
        if segment.startswith("{") and segment.endswith("}"):
            tokens.append(_PARAMETER)
        else:
            tokens.extend(segment)
    return tokens


@cache
def _one_character_meets(token: str, part: str | None) -> bool:
    """Whether one character can match both the glob's ``token`` and the route's ``part``."""
    if token in ("*", "?"):
        return True
    candidates = (part,) if part is not _PARAMETER else (*_PARAMETER_CHARS, *token.replace("/", ""))
    return any(fnmatchcase(character, token) for character in candidates)
