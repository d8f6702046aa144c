"""Client-side limits for TMDB: a request rate that finds the server's real limit, under a
ceiling, and a bound on concurrent connections.

TMDB documents its rate limit as "somewhere in the 40 requests per second range", says it
"could change at any time", asks clients to respect the 429, and does not promise a
`Retry-After`. So the limiter trusts no fixed number. It starts a few percent under the
ceiling (`max_rate`, TMDB_MAX_RPS), spaces requests evenly (no bursts: a strict one-second
sliding window answers a burst with 429s), and learns from the answers (`AdaptiveRate`):

- a 429 for a request sent at the current pace cuts the rate to just under what the server
  let through in the last second (successful answers of every thread and process), or by
  `margin` when everything sent went through (a burst allowance just ran out), never by more
  than half at once; at most one cut per window, so requests already on their way do not cut
  it again;
- after any 429 every thread and process waits: until `Retry-After` when the server sent one,
  else until the oldest success of the last second is a second old (a one-second window then
  has room again);
- `probe_after` seconds after a cut, the rate creeps up by `probe_step` a second, never above
  the ceiling, in case the server allows more again.

`slot()` is a context manager: it takes a connection permit (blocking until one is free),
waits for the request's turn, and yields a `Slot`; the client calls `slot.answered(status,
retry_after)` once the server has answered. The permit is taken first, so requests queued on
the rate never start together; the client's retry back-off sleeps outside the slot.

- `LocalLimiter`: threads of one process.
- `RedisLimiter`: every process and host sharing one Redis (web, workers, commands); the
  learned rate, the block and the success log live in Redis and change atomically.
- `NullLimiter`: no limits (tests, benchmarks of the raw client).
"""

import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from typing import Protocol

from redis.exceptions import RedisError


class LimiterTimeout(TimeoutError):
    """No connection permit became free within the limiter's `wait_timeout`."""


class LimiterUnavailable(ConnectionError):
    """The store a shared limiter keeps its state in failed; `reason` names only the error's
    class (its text may hold the server's address)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Slot:
    """One request's turn; `answered()` tells the limiter how the server took it."""

    def __init__(self, report: Callable[[float, int, float | None], None], started: float):
        self._report = report
        self.started = started  # on the limiter's clock

    def answered(self, status: int, retry_after: float | None = None) -> None:
        """`status` is the HTTP status; `retry_after` the parsed header of a 429, if any."""
        self._report(self.started, status, retry_after)


class Limiter(Protocol):
    """What TMDBClient needs from a limiter."""

    def slot(self) -> AbstractContextManager[Slot]: ...


class NullLimiter:
    """No rate, no concurrency bound, nothing learned."""

    @contextmanager
    def slot(self) -> Iterator[Slot]:
        yield Slot(lambda *_: None, started=0.0)

    def __repr__(self) -> str:
        return "NullLimiter()"


@dataclass(frozen=True)
class RateState:
    """What every thread and process shares. Times are on the limiter's clock."""

    rate: float  # requests per second the limiter paces at now
    blocked_until: float = 0.0  # no request starts before this
    cut_at: float | None = None  # when a 429 last cut the rate
    changed_at: float = 0.0  # when `rate` last changed
    epoch: int = 0  # bumped by every cut or block: turns booked before it are booked again


@dataclass(frozen=True)
class AdaptiveRate:
    """The policy: how a 429 or a quiet spell changes the shared `RateState`. No state, no I/O."""

    max_rate: float
    margin: float = 0.97  # pace this far under a known limit: arrival jitter stays under it
    window: float = 1.0  # TMDB counts requests per second
    probe_after: float = 60.0  # a probe past the real limit costs a 429 and its pause
    probe_step: float = 0.01
    min_rate: float = 1.0

    def __post_init__(self) -> None:
        if self.max_rate <= 0 or not 0 < self.margin <= 1 or self.window <= 0:
            raise ValueError("max_rate and window must be positive, margin in (0, 1]")

    @property
    def top(self) -> float:
        """The fastest pace: just under the ceiling."""
        return self.max_rate * self.margin

    def start(self, now: float) -> RateState:
        return RateState(rate=self.top, changed_at=now)

    def after_429(
        self,
        state: RateState,
        *,
        now: float,
        started: float,
        successes: int,
        oldest_success: float | None,
        retry_after: float | None,
    ) -> RateState:
        if retry_after is not None:
            blocked = now + retry_after
        elif oldest_success is not None:
            blocked = oldest_success + self.window
        else:
            blocked = now + self.window
        blocked = max(blocked, state.blocked_until)
        fresh = state.cut_at is None or (
            started >= state.cut_at and now >= state.cut_at + self.window
        )
        if not fresh:
            # Sent before the last cut, or within a window of it: the cut already answers it.
            if blocked == state.blocked_until:
                return state
            return replace(state, blocked_until=blocked, epoch=state.epoch + 1)
        allowed = successes / self.window
        rate = max(min(allowed, state.rate) * self.margin, state.rate / 2, self.min_rate)
        return RateState(
            rate=min(rate, self.top),
            blocked_until=blocked,
            cut_at=now,
            changed_at=now,
            epoch=state.epoch + 1,
        )

    def after_success(self, state: RateState, now: float) -> RateState:
        """Probe: `probe_after` seconds after a cut, `probe_step` more each second."""
        if state.cut_at is None or state.rate >= self.top:
            return state
        if now - state.cut_at < self.probe_after or now - state.changed_at < 1.0:
            return state
        rate = min(self.top, state.rate * (1 + self.probe_step))
        return replace(state, rate=rate, changed_at=now)


@dataclass(frozen=True)
class _Observation:
    now: float
    state: RateState
    successes: int  # successful answers within the last window
    oldest_success: float | None


class _AdaptiveLimiter:
    """The pacing loop and the policy; subclasses keep the state (memory or Redis)."""

    def __init__(self, policy: AdaptiveRate, sleep: Callable[[float], None]) -> None:
        self.policy = policy
        self._sleep = sleep

    @contextmanager
    def slot(self) -> Iterator[Slot]:
        permit = self._acquire_permit()
        try:
            while True:
                start, now, epoch = self._reserve()
                if start <= now:
                    break
                self._sleep(start - now)
                if self._epoch() == epoch:
                    break
                # A 429 cut the rate or blocked everyone while this turn waited: book again.
            yield Slot(self._answered, started=start)
        finally:
            self._release_permit(permit)

    def _answered(self, started: float, status: int, retry_after: float | None) -> None:
        if status != 429:
            seen = self._record(success=True)
            # A lost race means another thread changed the rate first: nothing to add.
            self._update(seen.state, self.policy.after_success(seen.state, seen.now))
            return
        seen = self._record()
        for _ in range(5):
            new = self.policy.after_429(
                seen.state,
                now=seen.now,
                started=started,
                successes=seen.successes,
                oldest_success=seen.oldest_success,
                retry_after=retry_after,
            )
            if self._update(seen.state, new):
                return
            seen = self._record()  # another thread or process changed it first: look again

    @property
    def state(self) -> RateState:
        """The shared state now (for statistics and tests)."""
        return self._record().state

    # -- what a store provides ---------------------------------------------------------

    def _acquire_permit(self) -> object:
        raise NotImplementedError

    def _release_permit(self, permit: object) -> None:
        raise NotImplementedError

    def _reserve(self) -> tuple[float, float, int]:
        """Book the next start time: (start, now, epoch)."""
        raise NotImplementedError

    def _epoch(self) -> int:
        raise NotImplementedError

    def _record(self, success: bool = False) -> _Observation:
        """Log a success if it is one; return what is known now."""
        raise NotImplementedError

    def _update(self, old: RateState, new: RateState) -> bool:
        """Store `new` unless the state changed since `old` was read (True: stored or equal)."""
        raise NotImplementedError


class LocalLimiter(_AdaptiveLimiter):
    """Thread-safe adaptive limiter for one process."""

    def __init__(
        self,
        max_rate: float = 40,
        max_concurrent: int = 10,
        *,
        wait_timeout: float | None = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        **policy: float,
    ) -> None:
        if max_concurrent < 1:
            raise ValueError("max_rate and max_concurrent must be positive")
        super().__init__(AdaptiveRate(max_rate, **policy), sleep)
        self.max_rate = max_rate
        self.max_concurrent = max_concurrent
        self.wait_timeout = wait_timeout
        self._clock = clock
        self._lock = threading.Lock()
        self._state = self.policy.start(clock())
        self._tat = float("-inf")  # theoretical arrival time of the next request
        self._successes: deque[float] = deque()
        self._permits = threading.BoundedSemaphore(max_concurrent)

    def _acquire_permit(self) -> None:
        if not self._permits.acquire(timeout=self.wait_timeout):
            raise LimiterTimeout(f"no TMDB connection permit free after {self.wait_timeout}s")

    def _release_permit(self, permit: object) -> None:
        self._permits.release()

    def _reserve(self) -> tuple[float, float, int]:
        # Booking (rather than "check, sleep, check again") keeps waiting threads in order.
        with self._lock:
            now = self._clock()
            start = max(now, self._tat)
            self._tat = start + 1 / self._state.rate
            return start, now, self._state.epoch

    def _epoch(self) -> int:
        with self._lock:
            return self._state.epoch

    def _record(self, success: bool = False) -> _Observation:
        with self._lock:
            now = self._clock()
            if success:
                self._successes.append(now)
            while self._successes and self._successes[0] <= now - self.policy.window:
                self._successes.popleft()
            oldest = self._successes[0] if self._successes else None
            return _Observation(now, self._state, len(self._successes), oldest)

    def _update(self, old: RateState, new: RateState) -> bool:
        if new == old:
            return True
        with self._lock:
            if (self._state.epoch, self._state.changed_at) != (old.epoch, old.changed_at):
                return False
            if new.epoch != old.epoch:
                self._tat = new.blocked_until  # the block: pacing starts again after it
            self._state = new
            return True

    def __repr__(self) -> str:
        return (
            f"LocalLimiter(max_rate={self.max_rate}, max_concurrent={self.max_concurrent}, "
            f"rate={self._state.rate:.1f})"
        )


# Every script takes the time as ARGV[1] (seconds; negative: Redis's own clock, so that hosts
# with skewed clocks share one timeline) and makes sure the state hash exists.
_NOW_AND_STATE = """
local function fmt(x) return string.format('%.17g', x) end
local now = tonumber(ARGV[1])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'rate', ARGV[2], 'tat', '0', 'blocked_until', '0',
    'cut_at', '', 'changed_at', fmt(now), 'epoch', '0')
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
"""

# KEYS[1]: state. ARGV: now, top rate, state ttl (ms). Books the next start time.
_RESERVE = (
    _NOW_AND_STATE
    + """
local s = redis.call('HMGET', KEYS[1], 'rate', 'tat', 'epoch')
local rate = math.min(tonumber(s[1]), tonumber(ARGV[2]))
local start = math.max(now, tonumber(s[2]))
redis.call('HSET', KEYS[1], 'tat', fmt(start + 1 / rate))
return {fmt(start), fmt(now), s[3]}
"""
)

# KEYS[1]: state, KEYS[2]: success log (sorted set scored by time).
# ARGV: now, top rate, state ttl (ms), "1" to log a success, member, window (s).
_RECORD = (
    _NOW_AND_STATE
    + """
local window = tonumber(ARGV[6])
if ARGV[4] == '1' then redis.call('ZADD', KEYS[2], now, ARGV[5]) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', fmt(now - window))
redis.call('PEXPIRE', KEYS[2], math.ceil(window * 2000))
local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
local s = redis.call('HMGET', KEYS[1], 'rate', 'blocked_until', 'cut_at', 'changed_at', 'epoch')
return {fmt(now), redis.call('ZCARD', KEYS[2]), oldest[2] or '', s[1], s[2], s[3], s[4], s[5]}
"""
)

# KEYS[1]: state. ARGV: expected epoch and changed_at, then the new rate, blocked_until,
# cut_at, changed_at, epoch, and the state ttl (ms). Stores them unless someone else did first;
# a new epoch (a cut or a block) books the next start at the block's end.
_UPDATE = """
local s = redis.call('HMGET', KEYS[1], 'epoch', 'changed_at')
if s[1] ~= ARGV[1] or tonumber(s[2]) ~= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'rate', ARGV[3], 'blocked_until', ARGV[4], 'cut_at', ARGV[5],
  'changed_at', ARGV[6], 'epoch', ARGV[7])
if ARGV[7] ~= ARGV[1] then redis.call('HSET', KEYS[1], 'tat', ARGV[4]) end
redis.call('PEXPIRE', KEYS[1], ARGV[8])
return 1
"""

# KEYS[1]: sorted set of permit ids scored by expiry (ms). ARGV: now (ms; negative: Redis's
# clock), limit, ttl (ms), permit id. Expired permits (a worker SIGKILLed while holding one)
# are dropped before counting, so a crash never shrinks the pool for longer than the ttl.
_PERMIT_ACQUIRE = """
local now = tonumber(ARGV[1])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + 1000)
  return 1
end
return 0
"""


class RedisLimiter(_AdaptiveLimiter):
    """Adaptive limiter shared by every process using the same Redis and `key`: what one
    process learns (a lower rate, a block) paces all of them.

    `permit_ttl` must exceed the longest request (connect + read timeouts): a permit held
    longer than that is considered leaked and handed to someone else. `clock` (seconds) is
    for tests; by default the time is Redis's.
    """

    STATE_TTL = 3600  # seconds a learned rate outlives the last request

    def __init__(
        self,
        redis_client,
        *,
        key: str = "tmdb",
        max_rate: float = 40,
        max_concurrent: int = 20,
        permit_ttl: float = 30,
        wait_timeout: float | None = 60.0,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **policy: float,
    ) -> None:
        if max_concurrent < 1 or permit_ttl <= 0:
            raise ValueError("max_rate, max_concurrent and permit_ttl must be positive")
        super().__init__(AdaptiveRate(max_rate, **policy), sleep)
        self.redis = redis_client
        self.key = key
        self.max_rate = max_rate
        self.max_concurrent = max_concurrent
        self.permit_ttl = permit_ttl
        self.wait_timeout = wait_timeout
        self.state_key = f"{key}:ratelimit:state"
        self.successes_key = f"{key}:ratelimit:successes"
        self.permits_key = f"{key}:ratelimit:permits"
        self._clock = clock
        self._wait_clock = clock or time.monotonic
        self._reserve_script = redis_client.register_script(_RESERVE)
        self._record_script = redis_client.register_script(_RECORD)
        self._update_script = redis_client.register_script(_UPDATE)
        self._acquire_script = redis_client.register_script(_PERMIT_ACQUIRE)

    @contextmanager
    def slot(self) -> Iterator[Slot]:
        """As the adaptive limiter's; Redis failing at any step of the turn (the permit, the
        booking, telling how TMDB answered) is LimiterUnavailable."""
        try:
            with super().slot() as slot:
                yield slot
        except RedisError as exc:
            raise LimiterUnavailable(type(exc).__name__) from None

    def _now(self) -> float:
        return self._clock() if self._clock else -1.0

    def _state_args(self) -> list:
        return [repr(self._now()), repr(self.policy.top), self.STATE_TTL * 1000]

    def _acquire_permit(self) -> str:
        """Block until a connection permit is free; return its id."""
        permit = uuid.uuid4().hex
        ttl_ms = max(1, int(self.permit_ttl * 1000))
        deadline = None if self.wait_timeout is None else self._wait_clock() + self.wait_timeout
        pause = 0.002
        while True:
            now_ms = int(self._clock() * 1000) if self._clock else -1
            args = [now_ms, self.max_concurrent, ttl_ms, permit]
            if self._acquire_script(keys=[self.permits_key], args=args):
                return permit
            if deadline is not None and self._wait_clock() >= deadline:
                raise LimiterTimeout(f"no TMDB connection permit free after {self.wait_timeout}s")
            # Polling with a growing pause: cheap for Redis, and a freed permit is noticed
            # within ~25 ms, small next to a TMDB round trip.
            self._sleep(pause)
            pause = min(pause * 2, 0.025)

    def _release_permit(self, permit: object) -> None:
        self.redis.zrem(self.permits_key, permit)

    def _reserve(self) -> tuple[float, float, int]:
        start, now, epoch = self._reserve_script(keys=[self.state_key], args=self._state_args())
        return float(start), float(now), int(epoch)

    def _epoch(self) -> int:
        return int(self.redis.hget(self.state_key, "epoch") or -1)

    def _record(self, success: bool = False) -> _Observation:
        args = [*self._state_args(), "1" if success else "0", uuid.uuid4().hex, self.policy.window]
        now, count, oldest, *state = self._record_script(
            keys=[self.state_key, self.successes_key], args=args
        )
        rate, blocked_until, cut_at, changed_at, epoch = (v.decode() for v in state)
        return _Observation(
            now=float(now),
            state=RateState(
                rate=min(float(rate), self.policy.top),
                blocked_until=float(blocked_until),
                cut_at=float(cut_at) if cut_at else None,
                changed_at=float(changed_at),
                epoch=int(epoch),
            ),
            successes=int(count),
            oldest_success=float(oldest) if oldest else None,
        )

    def _update(self, old: RateState, new: RateState) -> bool:
        if new == old:
            return True
        args = [
            str(old.epoch),
            repr(old.changed_at),
            repr(new.rate),
            repr(new.blocked_until),
            "" if new.cut_at is None else repr(new.cut_at),
            repr(new.changed_at),
            str(new.epoch),
            self.STATE_TTL * 1000,
        ]
        return bool(self._update_script(keys=[self.state_key], args=args))

    def __repr__(self) -> str:
        return (
            f"RedisLimiter(key={self.key!r}, max_rate={self.max_rate}, "
            f"max_concurrent={self.max_concurrent})"
        )
