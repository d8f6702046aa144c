"""Suite-wide rules: tests that need PostgreSQL or Redis skip on a laptop without them, and
fail on CI (CI=true) where they must run. The summary says how many ran on each."""

import importlib
import os
import shutil
import tempfile

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


DB_FIXTURES = {"db", "transactional_db", "live_server", "admin_client", "seed_channels"}
# Which tests used the database, Redis or Chromium, for the summary line.
_uses: dict[str, set[str]] = {"database": set(), "redis": set(), "browser": set()}


def pytest_configure(config):
    """A page cache of this session's own, shared with the processes its tests start: never
    the developer's var/cache, nor another session's; and no file outside temporary folders."""
    from django.conf import settings

    # Tests sign in and fail to sign in often: a fast hasher (never in production).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Hypothesis (under schemathesis, tests/api) keeps its notes in a folder of its own too.
    from hypothesis.configuration import set_hypothesis_home_dir

    notes = tempfile.mkdtemp(prefix="whichmovie-test-hypothesis-")
    set_hypothesis_home_dir(notes)
    config.add_cleanup(lambda: shutil.rmtree(notes, ignore_errors=True))
    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        location = tempfile.mkdtemp(prefix="whichmovie-test-cache-")
        os.environ["WHICHMOVIE_CACHE_DIR"] = location
        settings.CACHES["default"]["LOCATION"] = location
        config.add_cleanup(lambda: shutil.rmtree(location, ignore_errors=True))


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _unavailable("needs PostgreSQL: set DATABASE_URL=postgres://...")
    if item.get_closest_marker("redis") and (reason := _redis_down()):
        _unavailable(reason)
    if item.get_closest_marker("django_db") or DB_FIXTURES & set(item.fixturenames):
        _uses["database"].add(item.nodeid)
    if item.get_closest_marker("redis"):
        _uses["redis"].add(item.nodeid)
    if item.get_closest_marker("browser"):
        _uses["browser"].add(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    from django.conf import settings

    passed = {report.nodeid for report in terminalreporter.stats.get("passed", [])}
    ran = {name: len(nodeids & passed) for name, nodeids in _uses.items()}
    vendor = connection.vendor if settings.configured else "none"
    terminalreporter.write_line(
        f"passed tests on the database ({vendor}): {ran['database']}, "
        f"on Redis: {ran['redis']}, in Chromium: {ran['browser']}"
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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a page, a count or a YouTube cool-down left by
    another test must not answer this one."""
    from django.core.cache import cache

    from movies.cache import forget_read

    cache.clear()
    forget_read()
