import pytest

from movies.models import Channel, PipelineRun
from movies.tests.factories import make_movie, make_trailer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/movies/movie/",
        "/admin/movies/movie/?status__exact=needs_review",
        "/admin/movies/channel/",
        "/admin/movies/channel/add/",
        "/admin/movies/pipelinerun/",
    ],
)
def test_it_loads_admin_pages_for_a_superuser(admin_client, url):
    make_trailer(make_movie("Dune", year=2021))
    PipelineRun.objects.create(job="fetch", target="mubi")
    assert admin_client.get(url).status_code == 200


def test_it_shows_trailers_inline_on_the_movie_page(admin_client):
    movie = make_movie("Dune", year=2021)
    make_trailer(movie, video_id="dunetrailr1", title="Dune Official Trailer #1 (2021)")
    response = admin_client.get(f"/admin/movies/movie/{movie.pk}/change/")
    assert response.status_code == 200
    assert b"dunetrailr1" in response.content


def test_it_lists_the_seed_channels(admin_client):
    assert set(Channel.objects.values_list("slug", flat=True)) == {"rotten_tomatoes", "mubi"}
    response = admin_client.get("/admin/movies/channel/")
    assert b"Rotten Tomatoes Indie" in response.content


def test_it_requires_login(client):
    response = client.get("/admin/movies/movie/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
