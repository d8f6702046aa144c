"""What every benchmark shares: a Django set up on a scratch database, and its report."""

import json
import os
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    name: str
    target: str
    met: bool
    figures: dict[str, object] = field(default_factory=dict)
    notes: str = ""

    def print(self) -> None:
        width = max(len(k) for k in self.figures) if self.figures else 0
        print(f"== {self.name}")
        for key, value in self.figures.items():
            print(f"   {key:<{width}}  {value}")
        print(f"   target: {self.target}: {'MET' if self.met else 'NOT MET'}")
        if self.notes:
            print(f"   {self.notes}")
        if "--json" in sys.argv:
            print("BENCH-RESULT " + json.dumps(asdict(self)))


def accepted_per_second(served: dict) -> float:
    """What the TMDB double let through, from its first accepted request to its last (a
    request it answered 429 is no throughput); its stats as `/_stats` gives them."""
    span = served["last_accepted"] - served["first_accepted"]
    return (served["accepted"] - 1) / span if span > 0 else 0.0


def setup_django(database_url: str | None = None, **env: str) -> str:
    """Configure settings for a scratch database (SQLite in a temp dir by default) and migrate."""
    if database_url is None:
        database_url = f"sqlite:///{tempfile.mkdtemp(prefix='whichmovie-bench-')}/bench.sqlite3"
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "whichmovie.settings",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-secret-key"),
            "DJANGO_SECURE": "0",
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "WARNING",
            "REDIS_URL": "",
            **env,
        }
    )
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return database_url
