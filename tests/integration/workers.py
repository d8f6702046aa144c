"""Real `manage.py rundramatiq` worker processes on Redis, for tests and benchmarks."""

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from contrib.youtube.testing.fake_ytdlp import write_recording

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Workers:
    broker: RedisBroker  # for sending messages from the test process
    env: dict[str, str]
    processes: list[subprocess.Popen]
    log_path: Path

    def send(self, actor: dramatiq.Actor, *args) -> None:
        self.broker.enqueue(actor.message(*args))

    def start(self, processes: int = 1, threads: int = 4) -> subprocess.Popen:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "rundramatiq",
                "--processes",
                str(processes),
                "--threads",
                str(threads),
                "--worker-shutdown-timeout",
                "5000",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # one process group: SIGKILL reaches every fork
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def running_workers(
    *,
    database_url: str,
    redis_url: str,
    listings: dict,
    tmdb_url: str,
    crashes: tuple[str, ...] = (),
    **env: str,
) -> Iterator[Workers]:
    """Yield a `Workers` handle (no process started yet); stop every process at the end.

    yt-dlp serves `listings` and raises a TypeError for the channel URLs in `crashes`."""
    namespace = f"whichmovie-test-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        listings_path = write_recording(Path(tmp) / "listings.json", listings, crashes=crashes)
        from contrib.tmdb.testing.server import DEFAULT_TOKEN

        worker_env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
            "DJANGO_SECRET_KEY": "integration-test-only",
            "DJANGO_SECURE": "0",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DRAMATIQ_NAMESPACE": namespace,
            "FAKE_YOUTUBE_LISTINGS": str(listings_path),
            "TMDB_API_URL": tmdb_url,
            "TMDB_READ_ACCESS_TOKEN": DEFAULT_TOKEN,
            "TMDB_API_KEY": "",
            "LOG_LEVEL": "INFO",
            **env,
        }
        broker = RedisBroker(url=redis_url, namespace=namespace)
        broker.declare_queue("default")
        workers = Workers(broker, worker_env, [], Path(tmp) / "workers.log")
        try:
            yield workers
        finally:
            for process in workers.processes:
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
            for process in workers.processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
            for key in broker.client.scan_iter(f"{namespace}*"):
                broker.client.delete(key)
            broker.close()


def wait_until(condition, *, timeout: float, interval: float = 0.2, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(message or "condition not met in time")
        time.sleep(interval)
