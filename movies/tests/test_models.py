from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from contrib.tmdb.types import ImageConfig
from movies.models import Channel, ImageConfiguration, Movie, Trailer
from movies.tests.factories import make_movie, make_trailer

pytestmark = pytest.mark.django_db
Status = Movie.Status


def test_it_creates_a_film_with_only_the_seeds_required_fields():
    movie = Movie.objects.create(title="Dune", source="rotten_tomatoes")
    assert movie.tmdb_id is None
    assert movie.imdb_id is None
    assert movie.overview is None
    assert movie.status == Status.PENDING
    assert movie.title_key == "dune"
    assert movie.created_at is not None


def test_it_keeps_tmdb_ids_unique():
    make_movie("Dune", tmdb_id=438631, year=2021)
    with pytest.raises(IntegrityError):
        make_movie("Dune Part One", tmdb_id=438631)


def test_it_keeps_imdb_ids_unique():
    make_movie("Dune", imdb_id="tt1160419", year=2021)
    with pytest.raises(IntegrityError):
        make_movie("Dune again", imdb_id="tt1160419")


def test_it_allows_many_films_without_ids():
    make_movie("One")
    make_movie("Two")
    assert Movie.objects.filter(tmdb_id__isnull=True, imdb_id__isnull=True).count() == 2


def test_it_allows_the_same_title_in_different_years():
    make_movie("The Crow", year=1994)
    make_movie("The Crow", year=2024)
    assert Movie.objects.count() == 2


def test_it_refuses_two_films_with_the_same_key_and_year():
    make_movie("The Substance", year=2024)
    with pytest.raises(IntegrityError):
        make_movie("THE SUBSTANCE", year=2024)


def test_it_refuses_two_undated_films_with_the_same_key():
    make_movie("The Substance")
    with pytest.raises(IntegrityError):
        make_movie("THE SUBSTANCE")


def test_it_deletes_trailers_with_their_film():
    movie = make_movie()
    make_trailer(movie)
    make_trailer(movie)
    movie.delete()
    assert Trailer.objects.count() == 0


def test_it_keeps_trailer_video_ids_unique():
    movie = make_movie()
    make_trailer(movie, video_id="abcdefghijk")
    with pytest.raises(IntegrityError):
        make_trailer(make_movie("Other"), video_id="abcdefghijk")


def test_enriched_means_a_tmdb_id_is_set():
    make_movie("Matched", tmdb_id=1, status=Status.MATCHED)
    make_movie("Pending")
    assert list(Movie.objects.enriched().values_list("title", flat=True)) == ["Matched"]


def test_pending_returns_only_pending_films():
    make_movie("Pending")
    make_movie("Review", status=Status.NEEDS_REVIEW)
    assert list(Movie.objects.pending().values_list("title", flat=True)) == ["Pending"]


def test_visible_hides_films_curators_rejected():
    make_movie("Film")
    make_movie("Podcast", status=Status.REJECTED)
    assert list(Movie.objects.visible().values_list("title", flat=True)) == ["Film"]


def test_visible_hides_series():
    make_movie("Film")
    make_movie("Vincenzo", status=Status.SERIES, tmdb_tv_id=96162)
    assert list(Movie.objects.visible().values_list("title", flat=True)) == ["Film"]


def test_a_channels_studios_default_to_its_name():
    channel = Channel(name="A24")
    assert channel.studios == ("A24",)
    channel.studio_names = "Marvel Studios\n\n  Marvel Television  \n"
    assert channel.studios == ("Marvel Studios", "Marvel Television")


def test_due_for_enrichment_follows_the_status_lifecycle():
    now = timezone.now()
    make_movie("Pending")
    make_movie("Failed", status=Status.FAILED)
    make_movie("Not found, due", status=Status.NOT_FOUND, next_attempt_at=now - timedelta(hours=1))
    make_movie("Not found, later", status=Status.NOT_FOUND, next_attempt_at=now + timedelta(days=2))
    make_movie("Matched", status=Status.MATCHED, tmdb_id=5)
    make_movie("Review", status=Status.NEEDS_REVIEW)
    make_movie("Series", status=Status.SERIES)
    make_movie("Locked", locked=True)
    due = set(Movie.objects.due_for_enrichment(now).values_list("title", flat=True))
    assert due == {"Pending", "Failed", "Not found, due"}


def test_it_builds_image_urls_from_the_stored_configuration():
    movie = make_movie(poster_path="/abc.jpg", backdrop_path="/bg.jpg")
    assert movie.poster_url("w342") == "https://image.tmdb.org/t/p/w342/abc.jpg"
    ImageConfiguration.store(ImageConfig(base_url="https://images.example.org/t/"))
    assert movie.poster_url("w500") == "https://images.example.org/t/w500/abc.jpg"
    assert movie.backdrop_url() == "https://images.example.org/t/w1280/bg.jpg"


def test_it_has_no_image_url_without_a_path():
    assert make_movie().poster_url() is None


def test_it_links_to_tmdb_imdb_and_letterboxd():
    movie = make_movie(tmdb_id=438631, imdb_id="tt1160419")
    assert movie.tmdb_url == "https://www.themoviedb.org/movie/438631"
    assert movie.imdb_url == "https://www.imdb.com/title/tt1160419/"
    assert movie.letterboxd_url == "https://letterboxd.com/tmdb/438631/"


def test_display_year_prefers_the_release_date():
    assert make_movie("A", year=2024, release_date=date(2023, 9, 1)).display_year == 2023
    assert make_movie("B", year=2024).display_year == 2024


def test_renaming_a_channel_moves_the_catalogue_version_on():
    from movies import cache as catalogue
    from movies.models import Channel

    before = catalogue.generation()
    channel = Channel.objects.get(slug="mubi")
    channel.name = "MUBI Trailers"
    channel.save()
    after = catalogue.generation()
    assert after != before


def test_the_image_configuration_is_read_again_once_the_catalogue_moves_on():
    from contrib.tmdb.types import ImageConfig
    from movies import cache as catalogue
    from movies.models import ImageConfiguration

    ImageConfiguration.store(ImageConfig(base_url="https://image.tmdb.org/t/p/"))
    assert ImageConfiguration.current().base_url == "https://image.tmdb.org/t/p/"
    ImageConfiguration.objects.update(base_url="https://images.tmdb.org/t/p/")  # another process
    assert ImageConfiguration.current().base_url == "https://image.tmdb.org/t/p/"
    catalogue.bump()
    assert ImageConfiguration.current().base_url == "https://images.tmdb.org/t/p/"


def test_storing_the_same_image_configuration_again_moves_nothing_on():
    from contrib.tmdb.types import ImageConfig
    from movies import cache as catalogue
    from movies.models import ImageConfiguration

    ImageConfiguration.store(ImageConfig())
    generation = catalogue.generation()
    ImageConfiguration.store(ImageConfig())
    assert catalogue.generation() == generation


def test_the_image_configuration_is_read_once_per_generation_until_its_cache_is_cleared(
    django_assert_num_queries,
):
    ImageConfiguration.current(version=7)
    with django_assert_num_queries(0):
        ImageConfiguration.current(version=7)

    ImageConfiguration.clear_cache()

    with django_assert_num_queries(1):
        ImageConfiguration.current(version=7)
