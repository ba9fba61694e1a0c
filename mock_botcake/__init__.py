"""mock-botcake: a stateful fake of the Botcake public API, its contracts, and ways to use it in tests."""

# The package's version, written only here: pyproject.toml reads it (`dynamic = ["version"]`).
__version__ = "0.1.0"
