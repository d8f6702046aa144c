"""Settings for processes that tests and benchmarks start (`rundramatiq`, `fetch_videos`,
gunicorn): the production settings, plus recorded YouTube listings and a broker namespace
of their own."""

import os

from whichmovie.settings import *  # noqa: F403
from whichmovie.settings import DRAMATIQ_BROKER, INSTALLED_APPS, REDIS_URL

INSTALLED_APPS = [*INSTALLED_APPS, "tests.integration.fake_youtube.FakeYoutubeConfig"]

# A second scheduler gives up waiting for the lock after 2 s instead of 15.
DRAMATIQ_CRONTAB = {"REDIS_URL": REDIS_URL or None, "LOCK_BLOCKING_TIMEOUT": 2}

if REDIS_URL:
    DRAMATIQ_BROKER = {
        **DRAMATIQ_BROKER,
        "OPTIONS": {
            **DRAMATIQ_BROKER["OPTIONS"],
            "namespace": os.environ.get("DRAMATIQ_NAMESPACE", "dramatiq"),
            # Notice a killed worker within seconds rather than a minute, and look every time.
            "heartbeat_timeout": 3_000,
            "maintenance_chance": 1_000_000,
        },
    }
