"""mock-botcake: a stateful fake of the Botcake public API, its contracts, and ways to use it in tests."""

__version__ = "0.1.0"
