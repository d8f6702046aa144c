"""Limiters: even pacing under the ceiling, what a 429 teaches them, probing, blocks, permits,
and sharing it all through Redis.

The behaviour tests run against both stores (memory and Redis) on a fake clock whose `sleep`
moves time on, so they assert the exact waits asked for and never measure time.
"""

import socket
import threading

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from contrib.tmdb.ratelimit import (
    AdaptiveRate,
    LimiterTimeout,
    LimiterUnavailable,
    LocalLimiter,
    NullLimiter,
    RedisLimiter,
)

MAX_RATE = 40
TOP = MAX_RATE * 0.97  # the pace just under the ceiling


@pytest.fixture
def redis_clients(redis_url):
    # Two connections, as two worker processes would have.
    clients = [redis.Redis.from_url(redis_url) for _ in range(2)]
    yield clients
    for client in clients:
        client.close()


class Limiters:
    """Makes limiters on the fake clock. `peer(limiter)` is another thread of its process
    (memory: the same limiter) or another process (Redis: another connection, same key)."""

    def __init__(self, clock, redis_clients=None, key: str = "") -> None:
        self.clock = clock
        self.redis_clients = redis_clients
        self.key = key
        self.options: dict[int, dict] = {}

    def __call__(self, **options):
        options = {"max_rate": MAX_RATE, "sleep": self.clock.sleep, **options}
        if self.redis_clients is None:
            return LocalLimiter(clock=self.clock, **options)
        limiter = RedisLimiter(self.redis_clients[0], key=self.key, clock=self.clock, **options)
        self.options[id(limiter)] = options
        return limiter

    def peer(self, limiter):
        if self.redis_clients is None:
            return limiter
        options = self.options[id(limiter)]
        return RedisLimiter(self.redis_clients[1], key=self.key, clock=self.clock, **options)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def make_limiter(request, clock):
    if request.param == "memory":
        return Limiters(clock)
    clients = request.getfixturevalue("redis_clients")
    return Limiters(clock, clients, request.getfixturevalue("redis_key"))


def answer(limiter, status: int = 200, retry_after: float | None = None) -> None:
    with limiter.slot() as slot:
        slot.answered(status, retry_after)


def successes(limiter, n: int) -> None:
    for _ in range(n):
        answer(limiter)


def test_it_spaces_requests_evenly_just_under_the_ceiling(make_limiter, clock):
    limiter = make_limiter()
    successes(limiter, 5)

    assert clock.sleeps == pytest.approx([1 / TOP] * 4)
    assert limiter.state.rate == pytest.approx(TOP)


def test_a_429_cuts_the_rate_to_just_under_what_the_server_let_through(make_limiter, clock):
    limiter = make_limiter()
    successes(limiter, 25)  # in about 0.6 s: the server allows 25 a second
    answer(limiter, 429)

    assert limiter.state.rate == pytest.approx(25 * 0.97)


def test_without_retry_after_everyone_waits_until_the_last_second_has_room(make_limiter, clock):
    limiter = make_limiter()
    first_success = clock.now
    successes(limiter, 25)
    answer(limiter, 429)
    clock.sleeps.clear()
    answer(limiter)

    # Until the oldest success of that second is a second old.
    assert len(clock.sleeps) == 1
    assert clock.now == pytest.approx(first_success + 1)


def test_retry_after_holds_every_request_until_it_has_passed(make_limiter, clock):
    first = make_limiter()
    other = make_limiter.peer(first)
    successes(first, 3)
    answer(first, 429, retry_after=5)
    told_at = clock.now
    clock.sleeps.clear()
    answer(other)

    assert clock.sleeps == pytest.approx([5])
    assert clock.now == pytest.approx(told_at + 5)


def test_a_429_after_everything_sent_went_through_cuts_by_the_margin():
    # A burst allowance ran out: what the server let through says nothing of its rate.
    policy = AdaptiveRate(max_rate=MAX_RATE)
    state = policy.start(now=0.0)
    cut = policy.after_429(
        state, now=5.0, started=4.9, successes=60, oldest_success=4.1, retry_after=None
    )

    assert cut.rate == pytest.approx(TOP * 0.97)


def test_one_429_never_more_than_halves_the_rate(make_limiter, clock):
    limiter = make_limiter()
    successes(limiter, 2)
    answer(limiter, 429)

    assert limiter.state.rate == pytest.approx(TOP / 2)


def test_a_429_for_a_request_sent_before_the_cut_does_not_cut_again(make_limiter, clock):
    limiter = make_limiter()
    successes(limiter, 25)
    with limiter.slot() as in_flight:
        pass  # sent at the old pace; its answer comes after the cut
    answer(limiter, 429)
    cut = limiter.state.rate
    clock.advance(2)  # a window later, so only its age can spare it
    in_flight.answered(429)

    assert limiter.state.rate == cut


def test_it_cuts_at_most_once_per_window(make_limiter, clock):
    limiter = make_limiter()
    successes(limiter, 25)
    answer(limiter, 429)
    cut = limiter.state.rate
    answer(limiter, 429)  # sent after the cut, within a second of it

    assert limiter.state.rate == cut
    clock.advance(1)
    successes(limiter, 10)
    answer(limiter, 429)  # a window later: the server still says no, so it learns again
    assert limiter.state.rate < cut


def test_a_minute_after_a_cut_it_probes_upward_one_percent_a_second(make_limiter, clock):
    limiter = make_limiter()
    successes(limiter, 25)
    answer(limiter, 429)
    cut = limiter.state.rate
    clock.advance(59.5)
    successes(limiter, 1)
    assert limiter.state.rate == cut  # not yet

    rates = []
    for _ in range(3):
        clock.advance(1.1)
        successes(limiter, 1)
        rates.append(limiter.state.rate)
    assert rates == pytest.approx([cut * 1.01, cut * 1.01**2, cut * 1.01**3])


def test_probing_never_goes_above_the_ceiling(make_limiter, clock):
    limiter = make_limiter()
    successes(limiter, 45)
    answer(limiter, 429)  # a few percent under the top
    clock.advance(60)
    for _ in range(10):
        clock.advance(1.1)
        successes(limiter, 1)

    assert limiter.state.rate == pytest.approx(TOP)


def test_a_turn_booked_before_a_block_is_booked_again_after_it(make_limiter, clock):
    told_at = []

    def sleep_while_another_is_told_to_wait(seconds):
        if not told_at:  # while this turn sleeps, another thread or process gets a 429
            told_at.append(None)
            answer(make_limiter.peer(waiting), 429, retry_after=3)
            told_at[0] = clock.now
        clock.sleep(seconds)

    waiting = make_limiter(sleep=sleep_while_another_is_told_to_wait)
    successes(waiting, 1)
    with waiting.slot() as slot:
        started = clock.now

    assert started == pytest.approx(told_at[0] + 3)  # not at its first booking
    assert slot.started == pytest.approx(started)


def test_other_processes_pace_at_the_rate_one_of_them_learned(redis_clients, redis_key, clock):
    learner, other = (
        RedisLimiter(client, key=redis_key, max_rate=MAX_RATE, clock=clock, sleep=clock.sleep)
        for client in redis_clients
    )
    successes(learner, 25)
    answer(learner, 429)
    clock.advance(1)
    clock.sleeps.clear()
    successes(other, 3)

    assert other.state.rate == pytest.approx(25 * 0.97)
    assert clock.sleeps == pytest.approx([1 / (25 * 0.97)] * 2)


def test_processes_share_one_pace(redis_clients, redis_key, clock):
    limiters = [
        RedisLimiter(client, key=redis_key, max_rate=MAX_RATE, clock=clock, sleep=clock.sleep)
        for client in redis_clients
    ]
    for _ in range(3):
        for limiter in limiters:
            answer(limiter)

    # Six requests from two processes: one pace, not one each.
    assert clock.sleeps == pytest.approx([1 / TOP] * 5)


def test_a_lowered_ceiling_applies_to_a_rate_already_learned(redis_clients, redis_key, clock):
    old = RedisLimiter(redis_clients[0], key=redis_key, max_rate=40, clock=clock, sleep=clock.sleep)
    successes(old, 1)
    clock.advance(1)
    new = RedisLimiter(redis_clients[1], key=redis_key, max_rate=10, clock=clock, sleep=clock.sleep)
    clock.sleeps.clear()
    successes(new, 2)

    assert clock.sleeps == pytest.approx([1 / (10 * 0.97)])


# -- connection permits -------------------------------------------------------------------


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


def test_threads_never_hold_more_permits_than_allowed():
    limiter = LocalLimiter(max_rate=10_000, max_concurrent=3)
    in_flight = InFlight()
    gate = threading.Barrier(10)

    def work():
        gate.wait()
        for _ in range(5):
            with limiter.slot(), in_flight:
                threading.Event().wait(0.005)

    run_threads([work] * 10)
    assert in_flight.max <= 3
    assert in_flight.max > 1  # the threads did overlap


def test_it_gives_up_waiting_for_a_permit_after_the_wait_timeout():
    limiter = LocalLimiter(max_concurrent=1, wait_timeout=0.01)
    with limiter.slot(), pytest.raises(LimiterTimeout), limiter.slot():
        pass


def test_an_exception_inside_the_slot_gives_the_permit_back(make_limiter, clock):
    limiter = make_limiter(max_concurrent=1, wait_timeout=0)
    with pytest.raises(RuntimeError), limiter.slot():
        raise RuntimeError("boom")
    with limiter.slot():  # the permit came back; without it this would time out
        pass


def test_the_null_limiter_bounds_nothing_and_learns_nothing():
    limiter = NullLimiter()
    in_flight = InFlight()
    gate = threading.Barrier(8)

    def work():
        with limiter.slot() as slot, in_flight:
            gate.wait(timeout=5)  # all eight inside at once
            slot.answered(429, retry_after=60)

    run_threads([work] * 8)
    assert in_flight.max == 8


@pytest.mark.parametrize(
    "options", [{"max_rate": 0}, {"max_concurrent": 0}, {"margin": 1.5}, {"window": 0}]
)
def test_it_refuses_settings_that_make_no_sense(options):
    with pytest.raises(ValueError, match="positive"):
        LocalLimiter(**options)


@pytest.mark.redis
def test_processes_never_hold_more_permits_than_allowed(redis_clients, redis_key):
    limiters = [
        RedisLimiter(r, key=redis_key, max_rate=10_000, max_concurrent=3) for r in redis_clients
    ]
    in_flight = InFlight()

    def work(limiter):
        for _ in range(4):
            with limiter.slot(), in_flight:
                threading.Event().wait(0.01)

    run_threads([lambda lim=lim: work(lim) for lim in limiters * 4])
    assert in_flight.max <= 3
    assert in_flight.max > 1
    assert redis_clients[0].zcard(limiters[0].permits_key) == 0


@pytest.mark.redis
def test_a_permit_leaked_by_a_killed_worker_is_reclaimed_after_its_ttl(
    redis_clients, redis_key, clock
):
    def limiter(client, wait_timeout):
        return RedisLimiter(
            client,
            key=redis_key,
            max_concurrent=1,
            permit_ttl=30,
            wait_timeout=wait_timeout,
            clock=clock,
            sleep=clock.sleep,
        )

    stuck = limiter(redis_clients[0], 60).slot()
    stuck.__enter__()  # and never left, as after SIGKILL
    with pytest.raises(LimiterTimeout), limiter(redis_clients[1], 5).slot():
        pass
    assert sum(clock.sleeps) >= 5

    clock.advance(30)
    clock.sleeps.clear()
    with limiter(redis_clients[1], 5).slot():
        pass
    assert clock.sleeps == []  # the leaked permit expired: no wait at all


@pytest.mark.redis
def test_redis_keys_expire_when_idle(redis_clients, redis_key):
    limiter = RedisLimiter(redis_clients[0], key=redis_key)
    with limiter.slot() as slot:
        assert redis_clients[0].pttl(limiter.permits_key) > 0
        slot.answered(200)

    assert 0 < redis_clients[0].pttl(limiter.state_key) <= RedisLimiter.STATE_TTL * 1000
    assert 0 < redis_clients[0].pttl(limiter.successes_key) <= 2000


def test_redis_failing_before_a_turn_is_limiter_unavailable_naming_only_the_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = redis.Redis(host="127.0.0.1", port=port, password="s3cret", retry=Retry(NoBackoff(), 0))

    with pytest.raises(LimiterUnavailable) as caught, RedisLimiter(down, key="down").slot():
        pass

    assert caught.value.reason == "ConnectionError"
    assert "s3cret" not in str(caught.value)
    assert str(port) not in str(caught.value)


@pytest.mark.redis
def test_redis_failing_while_telling_the_answer_is_limiter_unavailable_too(redis_clients):
    limiter = RedisLimiter(redis_clients[0], key="answer-fails")

    def fails(**_):
        raise redis.ConnectionError("Error 111 connecting to redis:6379")

    limiter._record_script = fails
    with pytest.raises(LimiterUnavailable, match="ConnectionError"), limiter.slot() as slot:
        slot.answered(200)
