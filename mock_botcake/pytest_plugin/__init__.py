"""The pytest plugin: a Botcake fake in one fixture, in-process (``botcake``) or live (``botcake_server``).

Registered through the ``pytest11`` entry point (``plugin.py``), so installing mock-botcake is all a user
does. ``Botcake`` and ``Page`` are exported for type hints in users' tests.
"""

from ..embedded.fake import Botcake, Page

__all__ = ["Botcake", "Page"]
