"""No web request waits on TMDB or YouTube: what the admin asks for that needs them is a job
(a message to the workers, or a background thread without a broker)."""

import threading

import pytest
from django.contrib.auth.models import User
from django.test import Client

from contrib.tmdb.testing.server import FakeTMDB
from movies import dispatch
from movies.models import Movie
from movies.tests.factories import make_movie

CANDIDATES = [{"id": 957452, "title": "The Crow", "year": 2024, "overview": ""}]


@pytest.fixture
def hanging_tmdb(settings):
    """A TMDB that never answers in time: a request that called it would hang."""
    with FakeTMDB(hang_seconds=30, faults=("hang",), fault_rate=1.0) as fake:
        settings.TMDB_API_URL = fake.url
        settings.TMDB_READ_ACCESS_TOKEN = fake.token
        from movies.tmdb import get_client

        get_client.cache_clear()
        yield fake
        get_client.cache_clear()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "post",
    [
        lambda client, film: client.post("/admin/movies/movie/", {"_choose": f"{film.pk}:957452"}),
        lambda client, film: client.post(
            "/admin/movies/movie/", {"action": "re_enrich", "_selected_action": [film.pk]}
        ),
        lambda client, film: client.post("/admin/movies/pipelinerun/", {"_enrich_now": "1"}),
    ],
    ids=["choose a candidate", "re-enrich", "enrich now"],
)
def test_an_admin_request_that_needs_tmdb_calls_it_not_and_queues_a_job(
    admin_client, hanging_tmdb, monkeypatch, django_capture_on_commit_callbacks, post
):
    started = []
    monkeypatch.setattr(dispatch, "start_thread", lambda function, args: started.append(args))
    film = make_movie("The Crow", status="needs_review", candidates=CANDIDATES)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(admin_client, film)
    assert response.status_code == 302
    assert hanging_tmdb.stats()["requests"] == 0
    assert len(started) == 1


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_job_runs_in_a_background_thread(
    seed_channels, tmdb_settings, monkeypatch
):
    client = Client()
    client.force_login(User.objects.create_superuser("boss", password="a-long-password-1"))
    threads: list[threading.Thread] = []
    real_start = dispatch.start_thread
    monkeypatch.setattr(
        dispatch, "start_thread", lambda function, args: threads.append(real_start(function, args))
    )
    film = make_movie("The Crow", status="needs_review", candidates=CANDIDATES)
    response = client.post("/admin/movies/movie/", {"_choose": f"{film.pk}:957452"})
    assert response.status_code == 302
    assert len(threads) == 1
    threads[0].join(timeout=30)
    assert not threads[0].is_alive()
    film.refresh_from_db()
    assert (film.tmdb_id, film.status, film.locked) == (957452, Movie.Status.MATCHED, True)
