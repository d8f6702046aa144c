"""A catalogue write shows on the next request in every web process, with the page cache in
Redis and without Redis (a file cache under var/): two gunicorns serve the same database
while other processes fetch, enrich and curate, the way `make run` and production do."""

import urllib.error
import urllib.request
import uuid
from contextlib import ExitStack

import pytest

from contrib.tmdb.testing.server import DEFAULT_TOKEN, FakeTMDB
from contrib.youtube.testing.fake_ytdlp import load_listing
from movies.models import Movie
from tests.integration.processes import manage, process_env, start_gunicorn

pytestmark = pytest.mark.django_db(transaction=True)
MUBI_URL = "https://www.youtube.com/@mubi/videos"


def page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def run(env: dict[str, str], *args: str) -> None:
    result = manage(*args, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def shell(env: dict[str, str], code: str) -> None:
    run(env, "shell", "--no-imports", "-c", code)


@pytest.fixture(params=["file cache", pytest.param("redis", marks=pytest.mark.redis)])
def cache_env(request, tmp_path, redis_url):
    if request.param == "redis":
        return {"REDIS_URL": redis_url, "WHICHMOVIE_CACHE_PREFIX": uuid.uuid4().hex[:12]}
    return {"REDIS_URL": "", "WHICHMOVIE_CACHE_DIR": str(tmp_path / "cache")}


def test_every_kind_of_write_shows_at_once_in_both_web_processes(
    seed_channels, cache_env, tmp_path
):
    with FakeTMDB() as tmdb, ExitStack() as stack:
        env = process_env(
            tmp_path,
            listings={MUBI_URL: load_listing("mubi")},
            TMDB_API_URL=tmdb.url,
            TMDB_READ_ACCESS_TOKEN=DEFAULT_TOKEN,
            **cache_env,
        )
        sites = []
        for _ in range(2):
            server, base = start_gunicorn(env)
            stack.callback(server.wait, 10)
            stack.callback(server.terminate)
            sites.append(base)

        def everywhere(path: str) -> list[str]:
            return [page(base + path) for base in sites]

        assert all("No films yet" in html for html in everywhere("/movies/"))  # now cached

        run(env, "fetch_videos", "--source", "mubi")  # a fetch
        assert all("The Substance" in html for html in everywhere("/movies/?q=substance"))
        assert all("The Substance" in html for html in everywhere("/movies/"))

        substance = Movie.objects.get(title_key="the substance")
        film_page = f"/movies/{substance.pk}/"
        assert all("tt17526714" not in html for html in everywhere(film_page))
        run(env, "enrich_movies", "--concurrency", "1")  # an enrichment
        assert all("tt17526714" in html for html in everywhere(film_page))

        shell(  # a curator's choice
            env,
            "from movies.curation import mark_not_a_film; from movies.models import Movie; "
            "mark_not_a_film(Movie.objects.filter(title_key='the substance'))",
        )
        assert all("The Substance" not in html for html in everywhere("/movies/"))

        shell(  # a channel edit in the admin (a model save)
            env,
            "from movies.models import Channel; c = Channel.objects.get(slug='mubi'); "
            "c.name = 'MUBI Classics'; c.save()",
        )
        assert all("MUBI Classics" in html for html in everywhere("/movies/"))
