import logging

import pytest

from whichmovie.cache import ResilientRedisCache

DOWN = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


@pytest.fixture
def down_cache():
    return ResilientRedisCache(DOWN, {"OPTIONS": {"socket_connect_timeout": 0.2}})


def test_it_treats_reads_as_misses_while_redis_is_down(down_cache):
    assert down_cache.get("key") is None
    assert down_cache.get("key", "fallback") == "fallback"
    assert down_cache.get_many(["a", "b"]) == {}
    assert down_cache.has_key("key") is False


def test_it_drops_writes_while_redis_is_down(down_cache):
    down_cache.set("key", 1)
    assert down_cache.add("key", 1) is False
    assert down_cache.delete("key") is False
    down_cache.set_many({"a": 1})
    down_cache.delete_many(["a"])


def test_it_warns_once_per_outage(down_cache, caplog):
    caplog.set_level(logging.WARNING, logger="whichmovie.cache")
    for _ in range(3):
        down_cache.get("key")
    assert len(caplog.records) == 1
    assert "Cache unavailable" in caplog.records[0].getMessage()


@pytest.mark.redis
def test_it_works_as_a_cache_when_redis_is_up(redis_url):
    cache = ResilientRedisCache(redis_url, {"KEY_PREFIX": "test-resilient"})
    cache.set("key", {"films": 3})
    assert cache.get("key") == {"films": 3}
    cache.delete("key")


recovered = []


def remember_recovery():
    recovered.append(True)


@pytest.mark.redis
def test_it_calls_its_recovery_hook_once_when_redis_answers_again(redis_url, monkeypatch):
    from django.core.cache.backends.redis import RedisCache
    from redis.exceptions import ConnectionError as RedisConnectionError

    cache = ResilientRedisCache(
        redis_url,
        {
            "KEY_PREFIX": "test-recovery",
            "OPTIONS": {"ON_RECOVERY": f"{__name__}.remember_recovery"},
        },
    )
    real_get = RedisCache.get
    outage = iter([True])

    def get_during_an_outage(self, *args, **kwargs):
        if next(outage, False):
            raise RedisConnectionError("Connection refused")
        return real_get(self, *args, **kwargs)

    monkeypatch.setattr(RedisCache, "get", get_during_an_outage)
    recovered.clear()
    assert cache.get("key") is None  # the outage
    assert recovered == []
    cache.get("key")  # Redis answers again
    cache.get("key")
    assert recovered == [True]
