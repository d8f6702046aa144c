"""The TMDB double in a process of its own, for benchmarks and multi-process tests: the
clients under test then compete for the CPU with nothing but themselves."""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT = 20


@contextmanager
def fake_tmdb_process(films: list[dict] | None = None, **knobs) -> Iterator[str]:
    """Start `python -m contrib.tmdb.testing.server`; yield its base URL (".../3").

    `knobs` are the server's command-line options: latency=0.08, rate_limit=40,
    rate_algorithm="fixed_window", retry_after="none", ...
    """
    args = [sys.executable, "-m", "contrib.tmdb.testing.server", "--port", "0"]
    for name, value in knobs.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    with tempfile.TemporaryDirectory() as tmp:
        if films is not None:
            catalogue = Path(tmp) / "catalogue.json"
            catalogue.write_text(json.dumps(films))
            args += ["--catalogue", str(catalogue)]
        root = Path(__file__).resolve().parents[3]
        env = {**os.environ, "PYTHONPATH": str(root)}
        server = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env, cwd=root)
        try:
            line = server.stdout.readline()  # "FakeTMDB serving http://127.0.0.1:PORT/3 (...)"
            if not line.startswith("FakeTMDB serving "):
                raise RuntimeError(f"the TMDB double did not start: {line!r}")
            yield line.split()[2]
        finally:
            server.terminate()
            server.wait(timeout=START_TIMEOUT)


def _control(base_url: str, action: str, body: dict | None = None) -> dict:
    root = base_url.rsplit("/3", 1)[0]
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{root}/__fake__/{action}", data=data)
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def stats(base_url: str) -> dict:
    """Requests, 429s and faults the double counted since it started or was reset."""
    return _control(base_url, "stats")


def reset_stats(base_url: str) -> None:
    _control(base_url, "reset", {})


def configure(base_url: str, **knobs) -> None:
    """Change latency, rate_limit, rate_algorithm, retry_after (None: no header),
    fault_rate, ... while it runs."""
    _control(base_url, "config", knobs)
