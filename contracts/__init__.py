"""The wire format of the Botcake public API: JSON Schemas (``schemas/``) and the contract suite.

Installed as ``mock_botcake.contracts`` (see ``pyproject.toml``), so the fake, the OpenAPI document and
the contract tests all load the same files.
"""
