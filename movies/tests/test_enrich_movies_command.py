from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from movies.models import Movie
from movies.tests.factories import make_movie
from movies.tmdb import get_client

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("enrich_movies", *args, stdout=out)
    return out.getvalue()


def test_it_prints_a_summary_of_the_run(tmdb_settings):
    make_movie("The Crow", year=2024)
    make_movie("The Killer")
    output = run("--concurrency", "1")
    assert "Enriched 2/2 films" in output
    assert "1 matched" in output
    assert "1 needs review" in output
    assert "TMDB calls" in output


def test_it_honours_the_limit(tmdb_settings):
    make_movie("The Crow", year=2024)
    make_movie("Dune", year=2021)
    assert "Enriched 1/1 films" in run("--limit", "1")


def test_without_a_credential_it_says_so_in_one_sentence_and_changes_nothing(settings):
    settings.TMDB_READ_ACCESS_TOKEN = settings.TMDB_API_KEY = ""
    get_client.cache_clear()
    movie = make_movie("The Crow", year=2024)
    with pytest.raises(CommandError, match="No TMDB credential: set TMDB_READ_ACCESS_TOKEN"):
        run()
    get_client.cache_clear()
    assert Movie.objects.get(pk=movie.pk).enrich_attempts == 0


def test_a_refused_credential_exits_non_zero(tmdb_settings):
    tmdb_settings.TMDB_READ_ACCESS_TOKEN = "not-the-token"
    get_client.cache_clear()
    make_movie("The Crow", year=2024)
    with pytest.raises(CommandError, match=r"refused the credential \(401\)"):
        run()


def test_it_rejects_a_nonsense_limit():
    with pytest.raises(CommandError, match="positive"):
        run("--limit", "-3")
