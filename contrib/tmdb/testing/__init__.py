"""Test doubles for TMDB.

- `contrib.tmdb.testing.server.FakeTMDB`: a real HTTP server on 127.0.0.1 speaking TMDB's
  API v3 (latency, 429s and faults on demand), also runnable as
  `python -m contrib.tmdb.testing.server`.
- `contrib.tmdb.testing.search`: the film catalogue and TMDB-like search it serves.

Nothing is imported here, so that `python -m contrib.tmdb.testing.server` runs cleanly.
"""
