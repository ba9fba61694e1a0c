"""One module per section of the harness; see ``benchmarks.registry.SECTIONS``."""
