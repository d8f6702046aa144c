"""Run the project's own processes (manage.py commands, workers, gunicorn) against the test
database, the way an operator runs them."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from django.db import connection

from contrib.youtube.testing.fake_ytdlp import write_recording

ROOT = Path(__file__).resolve().parents[2]


def session_database_url() -> str:
    """DATABASE_URL of the database this test session created (PostgreSQL or SQLite file)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


def process_env(
    tmp_path: Path, *, listings=None, errors=None, crashes=(), warnings=None, **env: str
) -> dict[str, str]:
    """Environment for a child process: test database, recorded YouTube, no real service.

    `errors` maps a channel URL to the cause of a yt-dlp error, `crashes` lists channel URLs
    where yt-dlp raises a TypeError, `warnings` maps a URL to the warnings yt-dlp gives."""
    recorded = write_recording(
        tmp_path / f"youtube-{uuid.uuid4().hex[:6]}.json",
        listings,
        errors=errors,
        crashes=crashes,
        warnings=warnings,
    )
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
        "DJANGO_SECRET_KEY": "integration-test-only",
        "DJANGO_SECURE": "0",
        "DATABASE_URL": session_database_url(),
        "REDIS_URL": "",
        "FAKE_YOUTUBE_LISTINGS": str(recorded),
        "TMDB_API_URL": "http://127.0.0.1:9/3",
        "TMDB_READ_ACCESS_TOKEN": "",
        "TMDB_API_KEY": "",
        "LOG_LEVEL": "INFO",
        **env,
    }


def manage(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start_manage(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], *, workers: int = 1, threads: int = 2):
    """gunicorn serving the project on a free port; (process, base URL) once /healthz answers
    (with any status). Raises RuntimeError with gunicorn's last words if it does not start."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "whichmovie.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
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
            return server, base
        except urllib.error.HTTPError:
            return server, base  # it answers: a 503 from /healthz is still an answer
        except OSError as exc:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                said = server.stderr.read()[-2000:]
                raise RuntimeError(f"gunicorn did not start: {said}") from exc
            time.sleep(0.2)
