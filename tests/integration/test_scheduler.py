"""`manage.py crontab`: one scheduler holds the Redis lock; a second one exits 0."""

import select
import time

import pytest

from tests.integration.processes import manage, process_env, start_manage

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def read_until(process, text: str, timeout: float = 20) -> str:
    seen = ""
    deadline = time.monotonic() + timeout
    while text not in seen:
        if time.monotonic() > deadline or process.poll() is not None:
            raise AssertionError(f"never printed {text!r}; got {seen!r}")
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            seen += process.stdout.readline()
    return seen


def test_a_second_scheduler_exits_cleanly_while_the_first_holds_the_lock(tmp_path, redis_url):
    env = process_env(tmp_path, REDIS_URL=redis_url)
    first = start_manage("crontab", "--no-heartbeat", env=env)
    try:
        output = read_until(first, "Starting scheduler")
        assert "Loaded tasks from movies." in output
        second = manage("crontab", "--no-heartbeat", env=env, timeout=30)
        assert second.returncode == 0
        assert "Another scheduler is already running." in second.stderr
    finally:
        first.terminate()
        first.wait(timeout=15)
