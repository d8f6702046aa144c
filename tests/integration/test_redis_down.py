"""Redis stopped under a running site: gunicorn keeps serving pages, and /healthz says
the broker is down while the database answers."""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from movies.tests.factories import make_movie
from tests.integration.processes import ROOT, process_env

pytestmark = pytest.mark.django_db(transaction=True)
DEAD_REDIS = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def site(tmp_path):
    port = free_port()
    env = process_env(tmp_path, REDIS_URL=DEAD_REDIS)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "whichmovie.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=5)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"gunicorn did not start: {server.stderr.read()[-2000:]}")
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=10)


def get(url: str) -> tuple[int, bytes, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.monotonic() - started


def test_pages_keep_serving_and_healthz_reports_the_broker_down(site):
    movie = make_movie("Anora", year=2024)
    for path in ("/movies/", f"/movies/{movie.pk}/", "/movies/?q=anora", "/admin/login/"):
        status, body, seconds = get(site + path)
        assert status == 200, (path, body[-500:])
        assert seconds < 5
    status, body, _ = get(f"{site}/healthz")
    health = json.loads(body)
    assert status == 200
    assert health["database"]["ok"] is True
    assert health["broker"]["ok"] is False
