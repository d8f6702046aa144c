from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from movies.models import Movie, PipelineRun
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


def test_a_film_tmdb_cannot_serve_is_failed_and_not_looked_up_by_the_next_run(
    tmdb_settings, fake_tmdb
):
    dune = make_movie("Dune", year=2021)
    crow = make_movie("The Crow", year=2024)
    fake_tmdb.queue_faults("501-2", path="/3/movie/438631")  # Dune's details

    output = run()

    assert "1 matched" in output
    assert "1 failed" in output
    dune.refresh_from_db()
    assert dune.status == Movie.Status.FAILED
    assert dune.last_error == (
        "TMDB /movie/438631: HTTP 501, status_code 2: Invalid service: this service does not exist."
    )
    assert dune.next_attempt_at > timezone.now() + timedelta(hours=23)
    assert Movie.objects.get(pk=crow.pk).status == Movie.Status.MATCHED

    fake_tmdb.reset_stats()
    assert "Enriched 0/0 films" in run()
    assert [r.path for r in fake_tmdb.request_log] == ["/3/configuration"]


def test_a_403_code_8_fails_only_that_film_and_the_run_goes_on(tmdb_settings, fake_tmdb):
    make_movie("Dune", year=2021)
    make_movie("The Crow", year=2024)
    fake_tmdb.queue_faults("403-8", path="/3/search/movie")  # the first film's search

    output = run()

    assert "Enriched 2/2 films" in output
    assert "Stopped early" not in output
    failed = Movie.objects.get(status=Movie.Status.FAILED)
    assert "HTTP 403, status_code 8: Duplicate entry" in failed.last_error
    assert Movie.objects.filter(status=Movie.Status.MATCHED).count() == 1
    assert PipelineRun.objects.get().outcome == PipelineRun.Outcome.OK


def test_a_401_during_the_run_stops_it_in_one_sentence_and_changes_no_film(
    tmdb_settings, fake_tmdb
):
    make_movie("Dune", year=2021)
    make_movie("The Crow", year=2024)
    before = list(Movie.objects.order_by("pk").values())
    fake_tmdb.queue_faults("401", path="/3/search/movie")  # after /configuration passed

    with pytest.raises(CommandError) as stopped:
        run()

    assert str(stopped.value) == (
        "TMDB refused the credential (401) during the run: check the token or key."
    )
    assert list(Movie.objects.order_by("pk").values()) == before
