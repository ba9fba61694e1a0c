"""``python -m mock_botcake`` is the ``mock-botcake`` command."""

from .cli import main

raise SystemExit(main())
