"""The benchmark harness of mock-botcake: ``python -m benchmarks [--smoke]`` (see benchmarks/README.md)."""
