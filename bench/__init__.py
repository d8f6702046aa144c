"""Benchmarks: one module each, runnable alone (`python -m bench.save_listing`) or all
together with `make bench`, which rewrites docs/benchmarks.md from what they print."""
