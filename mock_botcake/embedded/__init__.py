"""The fake inside any Python process, with or without pytest.

``mock_botcake()`` routes ``requests``' calls to https://botcake.io into a fake of this process (a
decorator or a context manager, as moto's ``mock_aws``); ``serve_botcake()`` serves one on a free port
from a thread, for any other client. Both hand over the ``Botcake`` handle of the pytest fixtures, which
build on this room (docs/outside-pytest.md). Heavy imports (the app, responses, the server) wait until a
fake is started, so importing this costs little.
"""

from typing import Any

from .fake import Botcake, ControlPlaneError, Page
from .live import ServerNotReady, serve_botcake
from .mock import BotcakeMock, NoActiveBotcake, current_botcake, mock_botcake


def __getattr__(name: str) -> Any:
    # seeds.py loads the store; only a failed seed needs its exception, so it is imported on first use.
    if name == "SeedError":
        from .seeds import SeedError

        return SeedError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Botcake",
    "BotcakeMock",
    "ControlPlaneError",
    "NoActiveBotcake",
    "Page",
    "SeedError",
    "ServerNotReady",
    "current_botcake",
    "mock_botcake",
    "serve_botcake",
]
