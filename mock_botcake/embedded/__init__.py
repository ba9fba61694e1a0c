"""The fake inside any Python process: the ``Botcake`` handle, the in-process route and the seeds.

The pytest plugin (``pytest_plugin/``) builds its fixtures on this room; nothing here needs pytest.
"""
