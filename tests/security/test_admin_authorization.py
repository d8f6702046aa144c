"""A staff user may do in the admin only what their permissions say: a curator with view
permissions sees films, channels and runs, and changes none of them, nor starts a job."""

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from movies import dispatch
from movies.models import Channel, Movie, PipelineRun
from movies.tests.factories import make_movie

pytestmark = pytest.mark.django_db
CANDIDATES = [{"id": 957452, "title": "The Crow", "year": 2024, "overview": ""}]


@pytest.fixture
def viewer() -> Client:
    user = User.objects.create_user("viewer", password="a-long-password-1", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def jobs(monkeypatch) -> list:
    """Every job the admin hands over (to the workers or a thread), recorded, none run."""
    handed = []
    monkeypatch.setattr(dispatch, "run_later", lambda actor, *args: handed.append(args) or "")
    return handed


@pytest.fixture
def film():
    return make_movie("The Crow", status="needs_review", locked=True, candidates=CANDIDATES)


def snapshot(film):
    return Movie.objects.filter(pk=film.pk).values().get()


def test_a_viewer_can_read_the_films_channels_and_runs(viewer, film):
    PipelineRun.objects.create(job="fetch", target="mubi")
    for url in (
        "/admin/movies/movie/",
        f"/admin/movies/movie/{film.pk}/change/",
        "/admin/movies/channel/",
        "/admin/movies/pipelinerun/",
    ):
        assert viewer.get(url).status_code == 200, url


@pytest.mark.parametrize("action", ["re_enrich", "reset_to_pending", "mark_not_a_film"])
def test_a_viewer_cannot_run_a_film_action_and_nothing_changes(viewer, film, jobs, action):
    before = snapshot(film)
    listing = viewer.get("/admin/movies/movie/").content.decode()
    assert f'value="{action}"' not in listing  # not even offered
    response = viewer.post(
        "/admin/movies/movie/", {"action": action, "_selected_action": [film.pk]}
    )
    assert response.status_code in (200, 302, 403)
    assert snapshot(film) == before
    assert jobs == []


def test_a_viewer_cannot_choose_a_candidate(viewer, film, jobs):
    before = snapshot(film)
    viewer.post("/admin/movies/movie/", {"_choose": f"{film.pk}:957452"})
    viewer.post(f"/admin/movies/movie/{film.pk}/change/", {"_choose": f"{film.pk}:957452"})
    assert snapshot(film) == before
    assert jobs == []


def test_a_viewer_cannot_fetch_a_channel_now(viewer, jobs):
    mubi = Channel.objects.get(slug="mubi")
    viewer.post("/admin/movies/channel/", {"action": "fetch_now", "_selected_action": [mubi.pk]})
    assert jobs == []


def test_a_viewer_cannot_start_an_enrichment_nor_see_the_button(viewer, jobs):
    page = viewer.get("/admin/movies/pipelinerun/").content
    assert b"_enrich_now" not in page
    response = viewer.post("/admin/movies/pipelinerun/", {"_enrich_now": "1"}, follow=True)
    assert b"You may not start jobs" in response.content
    assert jobs == []


def test_a_curator_with_change_permission_may(film, jobs):
    user = User.objects.create_user("curator", password="a-long-password-1", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_movie", "change_movie"])
    )
    client = Client()
    client.force_login(user)
    client.post("/admin/movies/movie/", {"action": "re_enrich", "_selected_action": [film.pk]})
    client.post("/admin/movies/pipelinerun/", {"_enrich_now": "1"})
    assert len(jobs) == 2
