"""The dashboard at ``/_mock/ui``: its routes, what it shows (``view``), its templates and static files."""
