"""Suite-wide rules: tests that need PostgreSQL or Redis skip on a laptop without them, and
fail on CI (CI=true) where they must run. The summary says how many ran on each."""

import importlib
import os

import pytest
from django.db import connection

ON_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _unavailable(reason: str):
    if ON_CI:
        pytest.fail(f"{reason} (CI=true: this test must run here)", pytrace=False)
    pytest.skip(reason)


def _redis_down() -> str | None:
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        return f"Redis unreachable at {TEST_REDIS_URL}: {type(exc).__name__}"
    return None


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _unavailable("needs PostgreSQL: set DATABASE_URL=postgres://...")
    if item.get_closest_marker("redis") and (reason := _redis_down()):
        _unavailable(reason)


def pytest_terminal_summary(terminalreporter):
    ran = {"postgres": 0, "redis": 0, "browser": 0}
    for report in terminalreporter.stats.get("passed", []):
        for marker in ran:
            if marker in report.keywords:
                ran[marker] += 1
    from django.conf import settings

    vendor = connection.vendor if settings.configured else "not configured"
    terminalreporter.write_line(
        f"database: {vendor}; passed tests needing PostgreSQL: {ran['postgres']}, "
        f"Redis: {ran['redis']}, Chromium: {ran['browser']}"
    )


@pytest.fixture
def redis_url():
    """The test Redis. Tests use keys (or a dramatiq namespace) of their own and never flush
    the database, so two test sessions can share it."""
    return TEST_REDIS_URL


@pytest.fixture
def seed_channels(transactional_db):
    """Tests with real commits start from empty tables: put the seeded channels back."""
    migration = importlib.import_module("movies.migrations.0002_seed_channels")
    from django.apps import apps

    migration.create_channels(apps, None)
