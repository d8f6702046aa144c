"""Limiters: spacing, bursts, concurrency bounds, sharing through Redis, leaked permits.

Timing assertions are lower bounds ("no request started before its turn"), which a slow
machine cannot break, plus generous upper bounds against a limiter that never lets go.
"""

import threading
import time

import pytest
import redis

from contrib.tmdb.ratelimit import LimiterTimeout, LocalLimiter, NullLimiter, RedisLimiter

EPSILON = 0.002


class InFlight:
    """Counts concurrent holders of a slot across threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.current = 0
        self.max = 0

    def __enter__(self):
        with self.lock:
            self.current += 1
            self.max = max(self.max, self.current)

    def __exit__(self, *exc_info):
        with self.lock:
            self.current -= 1


def run_threads(targets) -> None:
    threads = [threading.Thread(target=t) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()


def collect_starts(limiters, per_thread: int) -> list[float]:
    starts, lock = [], threading.Lock()

    def work(limiter):
        for _ in range(per_thread):
            with limiter.slot():
                now = time.monotonic()
                with lock:
                    starts.append(now)

    run_threads([lambda lim=lim: work(lim) for lim in limiters])
    return sorted(starts)


def assert_spaced(starts: list[float], t0: float, rate: float, burst: int) -> None:
    """The i-th start may not precede t0 + (i - burst + 1) / rate."""
    for i, start in enumerate(starts):
        earliest = t0 + max(0, i - burst + 1) / rate
        assert start >= earliest - EPSILON, f"start {i} came {earliest - start:.4f}s early"


@pytest.fixture
def redis_clients(redis_url):
    # Two connections, as two worker processes would have.
    clients = [redis.Redis.from_url(redis_url) for _ in range(2)]
    yield clients
    for client in clients:
        client.close()


def test_it_handles_spacing_local_acquisitions_at_the_rate():
    limiter = LocalLimiter(rate_per_second=200, max_concurrent=5, burst=1)
    t0 = time.monotonic()
    starts = collect_starts([limiter], per_thread=50)

    assert_spaced(starts, t0, rate=200, burst=1)
    elapsed = starts[-1] - t0
    assert elapsed >= 49 / 200 - EPSILON
    assert elapsed < 49 / 200 + 2.0


def test_it_handles_spacing_acquisitions_from_many_threads():
    limiter = LocalLimiter(rate_per_second=200, max_concurrent=4, burst=2)
    t0 = time.monotonic()
    starts = collect_starts([limiter] * 4, per_thread=12)

    assert len(starts) == 48
    assert_spaced(starts, t0, rate=200, burst=2)
    assert starts[-1] - t0 < 47 / 200 + 2.0


def test_it_handles_a_small_burst_without_waiting():
    limiter = LocalLimiter(rate_per_second=10, max_concurrent=10, burst=5)
    t0 = time.monotonic()
    for _ in range(5):
        with limiter.slot():
            pass
    burst_done = time.monotonic()
    with limiter.slot():
        sixth = time.monotonic()

    assert burst_done - t0 < 0.09  # five slots, no sleep
    assert sixth - t0 >= 0.1 - EPSILON  # then one per 1/rate


def test_it_handles_concurrency_bound_under_threads():
    limiter = LocalLimiter(rate_per_second=10_000, max_concurrent=3, burst=10)
    in_flight = InFlight()

    def work():
        for _ in range(5):
            with limiter.slot(), in_flight:
                time.sleep(0.01)

    run_threads([work] * 10)
    assert 2 <= in_flight.max <= 3


def test_it_handles_waiting_too_long_for_a_permit():
    limiter = LocalLimiter(rate_per_second=100, max_concurrent=1, wait_timeout=0.05)
    with limiter.slot(), pytest.raises(LimiterTimeout), limiter.slot():
        pass


def test_it_handles_an_exception_inside_the_slot():
    limiter = LocalLimiter(rate_per_second=100, max_concurrent=1, wait_timeout=0.5)
    with pytest.raises(RuntimeError), limiter.slot():
        raise RuntimeError("boom")
    with limiter.slot():  # the permit came back
        pass


def test_it_handles_no_limits_with_the_null_limiter():
    limiter = NullLimiter()
    in_flight = InFlight()

    def work():
        with limiter.slot(), in_flight:
            time.sleep(0.05)

    run_threads([work] * 8)
    assert in_flight.max > 1


def test_it_handles_invalid_settings():
    with pytest.raises(ValueError, match="positive"):
        LocalLimiter(rate_per_second=0)
    with pytest.raises(ValueError, match="positive"):
        LocalLimiter(max_concurrent=0)


@pytest.mark.redis
def test_it_handles_a_rate_shared_across_redis_clients(redis_clients, redis_key):
    limiters = [
        RedisLimiter(r, key=redis_key, rate_per_second=100, max_concurrent=10, burst=1)
        for r in redis_clients
    ]
    t0 = time.monotonic()
    starts = collect_starts(limiters * 2, per_thread=10)

    assert len(starts) == 40
    # The combined rate is 100/s, not 100/s per limiter.
    assert_spaced(starts, t0, rate=100, burst=1)
    assert starts[-1] - t0 < 39 / 100 + 3.0


@pytest.mark.redis
def test_it_handles_concurrency_shared_across_redis_clients(redis_clients, redis_key):
    limiters = [
        RedisLimiter(r, key=redis_key, rate_per_second=10_000, max_concurrent=3, burst=20)
        for r in redis_clients
    ]
    in_flight = InFlight()

    def work(limiter):
        for _ in range(4):
            with limiter.slot(), in_flight:
                time.sleep(0.02)

    run_threads([lambda lim=lim: work(lim) for lim in limiters * 4])
    assert 2 <= in_flight.max <= 3
    assert redis_clients[0].zcard(limiters[0].permits_key) == 0


@pytest.mark.redis
def test_it_handles_permits_leaked_by_a_killed_worker(redis_clients, redis_key):
    killed = RedisLimiter(redis_clients[0], key=redis_key, max_concurrent=1, permit_ttl=0.3)
    killed.acquire_permit()  # and never releases it, as after SIGKILL

    impatient = RedisLimiter(
        redis_clients[1], key=redis_key, max_concurrent=1, permit_ttl=0.3, wait_timeout=0.05
    )
    with pytest.raises(LimiterTimeout), impatient.slot():
        pass

    survivor = RedisLimiter(
        redis_clients[1], key=redis_key, max_concurrent=1, permit_ttl=0.3, wait_timeout=5
    )
    t0 = time.monotonic()
    with survivor.slot():
        waited = time.monotonic() - t0
    assert waited < 3.0  # reclaimed after the ttl instead of blocking forever


@pytest.mark.redis
def test_it_handles_an_exception_inside_a_redis_slot(redis_clients, redis_key):
    limiter = RedisLimiter(redis_clients[0], key=redis_key, max_concurrent=1, wait_timeout=0.5)
    with pytest.raises(RuntimeError), limiter.slot():
        raise RuntimeError("boom")
    assert redis_clients[0].zcard(limiter.permits_key) == 0
    with limiter.slot():
        pass


@pytest.mark.redis
def test_it_handles_redis_keys_expiring_when_idle(redis_clients, redis_key):
    limiter = RedisLimiter(redis_clients[0], key=redis_key, rate_per_second=50)
    with limiter.slot():
        assert redis_clients[0].pttl(limiter.permits_key) > 0
    assert 0 < redis_clients[0].pttl(limiter.rate_key) <= 2000
