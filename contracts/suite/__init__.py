"""The contract suite: pytest tests that hold any Botcake-compatible server to the contracts.

Run it with ``mock-botcake verify`` (or ``pytest`` on this folder, which reads its ``pytest.ini``).
Without a base URL it starts a fake of its own; with one it speaks only the public API, read-only
unless told otherwise (``--allow-writes``, ``--allow-sends --psid``). See ``plugin.py`` for the options.
"""
