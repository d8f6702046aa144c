"""Client-side limits for TMDB: a request rate and a number of concurrent connections.

TMDB's soft limits are about 40-50 requests per second and ~20 connections per IP. Every
limiter has one method, `slot()`, a context manager that

1. takes one of `max_concurrent` connection permits (blocking until one is free), then
2. waits until the request rate allows one more request to start,

and gives the permit back on exit. The permit is taken first so that requests queued on the
rate never start together in a burst, and the client's retry back-off sleeps happen outside
the slot, so a sleeping retry does not hold a connection.

- `LocalLimiter`: threads of one process.
- `RedisLimiter`: every process and host sharing one Redis (web, workers, commands).
- `NullLimiter`: no limits (tests, benchmarks of the raw client).

The rate is a GCRA (generic cell rate algorithm, a token bucket expressed as one timestamp):
requests are spaced `1 / rate` apart, with up to `burst` of them allowed back to back.
"""

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol


class LimiterTimeout(TimeoutError):
    """No connection permit became free within the limiter's `wait_timeout`."""


class Limiter(Protocol):
    """What TMDBClient needs from a limiter."""

    def slot(self) -> AbstractContextManager[None]: ...


class NullLimiter:
    """No rate, no concurrency bound."""

    @contextmanager
    def slot(self) -> Iterator[None]:
        yield

    def __repr__(self) -> str:
        return "NullLimiter()"


class LocalLimiter:
    """Thread-safe limiter for one process: GCRA rate plus a bounded semaphore."""

    def __init__(
        self,
        rate_per_second: float = 40,
        max_concurrent: int = 10,
        *,
        burst: int = 4,
        wait_timeout: float | None = 60.0,
    ) -> None:
        if rate_per_second <= 0 or max_concurrent < 1 or burst < 1:
            raise ValueError("rate_per_second, max_concurrent and burst must be positive")
        self.rate_per_second = rate_per_second
        self.max_concurrent = max_concurrent
        self.burst = burst
        self.wait_timeout = wait_timeout
        self._interval = 1.0 / rate_per_second
        self._tolerance = (burst - 1) * self._interval
        self._tat = 0.0  # theoretical arrival time of the next request (monotonic clock)
        self._lock = threading.Lock()
        self._permits = threading.BoundedSemaphore(max_concurrent)

    def _reserve(self) -> float:
        """Book the next start time; return how long the caller must sleep first.

        Booking (rather than "check, sleep, check again") keeps waiting threads in order
        and costs one lock acquisition per request.
        """
        with self._lock:
            now = time.monotonic()
            tat = max(self._tat, now)
            start = max(now, tat - self._tolerance)
            self._tat = tat + self._interval
            return start - now

    @contextmanager
    def slot(self) -> Iterator[None]:
        if not self._permits.acquire(timeout=self.wait_timeout):
            raise LimiterTimeout(f"no TMDB connection permit free after {self.wait_timeout}s")
        try:
            delay = self._reserve()
            if delay > 0:
                time.sleep(delay)
            yield
        finally:
            self._permits.release()

    def __repr__(self) -> str:
        return (
            f"LocalLimiter(rate_per_second={self.rate_per_second}, "
            f"max_concurrent={self.max_concurrent}, burst={self.burst})"
        )


# KEYS[1]: GCRA timestamp key. ARGV: emission interval and burst tolerance, microseconds.
# Books the next start time and returns the microseconds the caller must wait before it.
# Redis's own clock is used so that hosts with skewed clocks still share one timeline.
_GCRA_RESERVE = """
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = now
local stored = redis.call('GET', KEYS[1])
if stored then
  tat = math.max(tonumber(stored), now)
end
local start = math.max(now, tat - tolerance)
local new_tat = tat + interval
local ttl_ms = math.ceil((new_tat - now) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', ttl_ms)
return math.floor(start - now)
"""

# KEYS[1]: sorted set of permit ids scored by expiry (Redis time, ms).
# ARGV: limit, ttl in ms, permit id. Expired permits (a worker SIGKILLed while holding one)
# are dropped before counting, so a crash never shrinks the pool for longer than the ttl.
_SEMAPHORE_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 1000)
  return 1
end
return 0
"""


class RedisLimiter:
    """Limiter shared by every process using the same Redis and `key`.

    `permit_ttl` must exceed the longest request (connect + read timeouts): a permit held
    longer than that is considered leaked and handed to someone else.
    """

    def __init__(
        self,
        redis_client,
        *,
        key: str = "tmdb",
        rate_per_second: float = 40,
        max_concurrent: int = 20,
        permit_ttl: float = 30,
        burst: int = 4,
        wait_timeout: float | None = 60.0,
    ) -> None:
        if rate_per_second <= 0 or max_concurrent < 1 or burst < 1 or permit_ttl <= 0:
            raise ValueError(
                "rate_per_second, max_concurrent, burst and permit_ttl must be positive"
            )
        self.redis = redis_client
        self.key = key
        self.rate_per_second = rate_per_second
        self.max_concurrent = max_concurrent
        self.permit_ttl = permit_ttl
        self.burst = burst
        self.wait_timeout = wait_timeout
        self.rate_key = f"{key}:ratelimit:gcra"
        self.permits_key = f"{key}:ratelimit:permits"
        self._interval_us = 1_000_000 / rate_per_second
        self._tolerance_us = (burst - 1) * self._interval_us
        self._reserve = redis_client.register_script(_GCRA_RESERVE)
        self._acquire = redis_client.register_script(_SEMAPHORE_ACQUIRE)

    def acquire_permit(self) -> str:
        """Block until a connection permit is free; return its id (for `release_permit`)."""
        permit = uuid.uuid4().hex
        ttl_ms = max(1, int(self.permit_ttl * 1000))
        deadline = None if self.wait_timeout is None else time.monotonic() + self.wait_timeout
        pause = 0.002
        while not self._acquire(
            keys=[self.permits_key], args=[self.max_concurrent, ttl_ms, permit]
        ):
            if deadline is not None and time.monotonic() >= deadline:
                raise LimiterTimeout(f"no TMDB connection permit free after {self.wait_timeout}s")
            # Polling with a growing pause: cheap for Redis, and a freed permit is noticed
            # within ~25 ms, small next to a TMDB round trip.
            time.sleep(pause)
            pause = min(pause * 2, 0.025)
        return permit

    def release_permit(self, permit: str) -> None:
        self.redis.zrem(self.permits_key, permit)

    def wait_for_rate(self) -> None:
        delay_us = int(
            self._reserve(keys=[self.rate_key], args=[self._interval_us, self._tolerance_us])
        )
        if delay_us > 0:
            time.sleep(delay_us / 1_000_000)

    @contextmanager
    def slot(self) -> Iterator[None]:
        permit = self.acquire_permit()
        try:
            self.wait_for_rate()
            yield
        finally:
            self.release_permit(permit)

    def __repr__(self) -> str:
        return (
            f"RedisLimiter(key={self.key!r}, rate_per_second={self.rate_per_second}, "
            f"max_concurrent={self.max_concurrent}, burst={self.burst})"
        )
