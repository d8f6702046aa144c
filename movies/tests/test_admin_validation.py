"""What the admin refuses: channel addresses that are not YouTube channels, windows past the
maximum, trailer video ids that are not YouTube's, a film made another film's twin."""

import pytest
from django.core.exceptions import ValidationError

from movies.models import MAX_WINDOW, Channel, Trailer
from movies.tests.factories import make_channel, make_movie, make_trailer

pytestmark = pytest.mark.django_db

ADD_CHANNEL = "/admin/movies/channel/add/"


def channel_form(**fields):
    return {
        "slug": "a24",
        "name": "A24",
        "url": "https://www.youtube.com/@A24",
        "enabled": "on",
        "title_preset": "a24",
        "window": "50",
        **fields,
    }


def errors_of(response):
    return {
        name: list(errors) for name, errors in response.context["adminform"].form.errors.items()
    }


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        ("https://www.youtube.com/@A24", "https://www.youtube.com/@A24/videos"),
        ("youtube.com/@A24/featured?si=x", "https://www.youtube.com/@A24/videos"),
        ("http://m.youtube.com/c/A24/", "https://www.youtube.com/c/A24/videos"),
        (
            "https://www.youtube.com/channel/UCuPivVjnfNo4mb3Oog_frZg",
            "https://www.youtube.com/channel/UCuPivVjnfNo4mb3Oog_frZg/videos",
        ),
    ],
)
def test_a_channel_added_in_the_admin_is_stored_as_its_videos_tab(admin_client, url, stored):
    response = admin_client.post(ADD_CHANNEL, channel_form(url=url))

    assert response.status_code == 302, errors_of(response)
    assert Channel.objects.get(slug="a24").url == stored


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://vimeo.com/a24", "vimeo.com is not YouTube"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "address of a video"),
        ("https://www.youtube.com/playlist?list=PL123", "address of a playlist"),
        ("http://169.254.169.254/latest/meta-data/", "is not YouTube"),
    ],
)
def test_the_admin_refuses_an_address_that_is_not_a_youtube_channel(admin_client, url, message):
    response = admin_client.post(ADD_CHANNEL, channel_form(url=url))

    assert response.status_code == 200
    (error,) = errors_of(response)["url"]
    assert message in error
    assert not Channel.objects.filter(slug="a24").exists()


def test_the_admin_refuses_a_second_address_of_a_channel_already_stored(admin_client):
    response = admin_client.post(ADD_CHANNEL, channel_form(url="https://youtube.com/@mubi"))

    assert "already exists" in errors_of(response)["url"][0]
    assert Channel.objects.filter(url="https://www.youtube.com/@mubi/videos").count() == 1


@pytest.mark.parametrize("window", ["0", str(MAX_WINDOW + 1), "100000"])
def test_the_admin_refuses_a_window_out_of_bounds(admin_client, window):
    response = admin_client.post(ADD_CHANNEL, channel_form(window=window))

    assert "window" in errors_of(response)
    assert not Channel.objects.filter(slug="a24").exists()


def test_the_admin_accepts_the_largest_window(admin_client):
    admin_client.post(ADD_CHANNEL, channel_form(window=str(MAX_WINDOW)))

    assert Channel.objects.get(slug="a24").window == MAX_WINDOW


def test_a_channel_saved_in_code_is_stored_as_its_videos_tab_too():
    channel = make_channel("neon", url="https://www.youtube.com/@NEON/")

    channel.refresh_from_db()
    assert channel.url == "https://www.youtube.com/@NEON/videos"


def test_the_admin_refuses_a_trailer_video_id_that_is_not_youtubes(admin_client):
    movie = make_movie("Dune", year=2021)
    trailer = make_trailer(movie, video_id="dQw4w9WgXcQ", title="Dune Trailer")
    form = {
        "title": "Dune",
        "year": "2021",
        "source": "rotten_tomatoes",
        "status": "pending",
        "genres": "[]",
        "trailers-TOTAL_FORMS": "1",
        "trailers-INITIAL_FORMS": "1",
        "trailers-0-id": str(trailer.pk),
        "trailers-0-movie": str(movie.pk),
        "trailers-0-video_id": "https://youtu.be/dQw4w9WgXcQ",
        "trailers-0-title": "Dune Trailer",
        "trailers-0-kind": "trailer",
    }
    response = admin_client.post(f"/admin/movies/movie/{movie.pk}/change/", form)

    assert response.status_code == 200
    (inline,) = response.context["inline_admin_formsets"]
    assert "11 letters, digits" in str(inline.formset.errors[0]["video_id"])
    assert Trailer.objects.get().video_id == "dQw4w9WgXcQ"


def film_form(movie, **fields):
    return {
        "title": movie.title,
        "year": movie.year or "",
        "source": movie.source,
        "status": movie.status,
        "genres": "[]",
        "trailers-TOTAL_FORMS": "0",
        "trailers-INITIAL_FORMS": "0",
        **fields,
    }


def test_the_admin_refuses_a_year_that_makes_a_film_another_films_twin(admin_client):
    other = make_movie("Dune", year=2021)
    undated = make_movie("DUNE")
    response = admin_client.post(
        f"/admin/movies/movie/{undated.pk}/change/", film_form(undated, year="2021")
    )

    assert response.status_code == 200
    (error,) = errors_of(response)["year"]
    link = f'<a href="/admin/movies/movie/{other.pk}/change/">Dune (2021)</a>'
    assert link in error
    assert link in response.content.decode()
    undated.refresh_from_db()
    assert undated.year is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("genres", "5"),
        ("genres", '["Drama", 7]'),
        ("directors", '{"name": "Ana"}'),
        ("cast", '"Ana"'),
        ("origin_countries", "[1]"),
        ("origin_countries", '["Atlantis"]'),
    ],
)
def test_the_admin_refuses_a_list_of_names_that_is_not_one(admin_client, field, value):
    film = make_movie("Dune", year=2021)
    response = admin_client.post(
        f"/admin/movies/movie/{film.pk}/change/", film_form(film, **{field: value})
    )

    assert response.status_code == 200
    assert field in errors_of(response)
    assert admin_client.get("/movies/").status_code == 200


def test_the_admin_keeps_lists_of_names_and_country_codes_as_written(admin_client):
    film = make_movie("Dune", year=2021)
    response = admin_client.post(
        f"/admin/movies/movie/{film.pk}/change/",
        film_form(film, genres='["Drama", " Crime "]', origin_countries='["gb", "US"]'),
    )

    assert response.status_code == 302, errors_of(response)
    film.refresh_from_db()
    assert (film.genres, film.origin_countries) == (["Drama", "Crime"], ["GB", "US"])


@pytest.mark.parametrize("video_id", ["dQw4w9WgXc", "dQw4w9WgXcQ!", "dQw4w9 gXcQ"])
def test_a_trailer_video_id_must_be_11_characters_of_youtubes_alphabet(video_id):
    trailer = Trailer(movie=make_movie("Dune"), video_id=video_id, title="Dune Trailer")

    with pytest.raises(ValidationError, match="11 letters"):
        trailer.full_clean()
