"""The contract suite: pytest tests that hold any Botcake-compatible server to the contracts.

Run it with ``mock-botcake verify`` (or ``pytest`` on this folder, which reads its ``pytest.ini``).
Without a base URL it starts a fake of its own; with one it speaks only the public API, read-only
unless told otherwise (``--allow-writes``, ``--allow-sends --psid``). See ``plugin.py`` for the options.

How it is built: it speaks HTTP through ``requests`` only, so the same tests run against the fake and
the real API. A test that needs the fake's control plane asks for the ``fake`` fixture, one that
writes for ``writer``, one that sends for ``psid``; each is skipped, with the reason, when the target
or the flags do not allow it. The schemas are the oracle: bodies are mutated from the schemas'
``examples`` (``bodies.py``), and a body must succeed exactly when ``schemas.problems`` finds nothing
wrong with it. Open questions go through the ``probe`` fixture: on the fake the answer must be
``fidelity.OPEN_QUESTIONS[id].fake_answer``, elsewhere anything its ``real_target`` accepts, and
every answer is recorded for the report. Against a target it did not start, every request is paced and
a GET is retried after a transient answer (``Patience`` in ``target.py``); a test that gets only
transient answers ends "target unavailable", never failed (exit status 75 of ``mock-botcake verify``).
"""
