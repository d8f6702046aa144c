"""A film's TMDB facts as stored: per-country rows, stream offers, credits, and TMDB's
official trailers beside the channels' ones; all from the one details call."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from contrib.tmdb.api import parse_movie_details
from contrib.tmdb.testing.facts import (
    MUBI,
    NETFLIX,
    details_response,
    facts,
    offers,
    release,
    video,
)
from contrib.tmdb.testing.server import FakeTMDB
from movies import facts as stored
from movies.enrichment import DETAILS_APPEND, enrich_movie
from movies.fetching import save_listing
from movies.models import Channel, Movie, MovieRegion, Provider, StreamOffer, Trailer
from movies.tests.factories import listing, make_movie, make_trailer

pytestmark = pytest.mark.django_db
NOW = timezone.now()
TODAY = NOW.date()


def details(**kwargs):
    film = {"id": 501, "title": "Glass Orchard", "release_date": "2025-03-01", **facts(**kwargs)}
    return parse_movie_details(details_response(film))


def store(movie, **kwargs):
    return stored.store(movie, details(**kwargs), now=NOW)


def test_each_country_keeps_the_first_date_of_each_kind_and_its_certification():
    film = make_movie("Glass Orchard")
    store(
        film,
        releases=[
            release("US", 1, "2024-09-05", "NR"),
            release("US", 3, "2025-03-14", "R"),
            release("US", 2, "2025-03-07"),
            release("US", 4, "2025-05-02"),
            release("US", 3, "2026-01-01", note="re-release"),
        ],
    )
    row = MovieRegion.objects.get(movie=film, region="US")
    assert (row.premiere, row.limited, row.theatrical, row.digital) == (
        date(2024, 9, 5),
        date(2025, 3, 7),
        date(2025, 3, 14),
        date(2025, 5, 2),
    )
    assert row.cinemas == date(2025, 3, 7)  # the first limited or wide release
    assert row.released == date(2025, 3, 7)  # a festival premiere is no release
    assert row.certification == "R"  # the cinema release's, before the premiere's


def test_streaming_services_are_stored_for_on_my_services():
    film = make_movie("Glass Orchard")
    store(film, watch={"GB": offers(stream=[NETFLIX, MUBI], rent=[MUBI])})
    row = MovieRegion.objects.get(movie=film, region="GB")
    assert (row.streaming, row.first_stream) == (True, "Netflix")
    assert row.watch["rent"] == [{"id": 11, "name": "MUBI", "logo": MUBI[2]}]
    assert sorted(StreamOffer.objects.values_list("region", "provider_id")) == [
        ("GB", 8),
        ("GB", 11),
    ]
    assert Provider.objects.get(pk=8).name == "Netflix"


def test_a_country_that_is_gone_from_tmdb_loses_its_row_and_offers():
    film = make_movie("Glass Orchard")
    store(film, watch={"GB": offers(stream=[NETFLIX]), "FR": offers(stream=[MUBI])})
    store(film, watch={"FR": offers(stream=[MUBI])})
    assert list(MovieRegion.objects.values_list("region", flat=True)) == ["FR"]
    assert list(StreamOffer.objects.values_list("region", flat=True)) == ["FR"]


def test_tmdbs_official_trailers_and_teasers_join_the_films_trailers_with_their_language():
    film = make_movie("Glass Orchard")
    store(
        film,
        videos=[
            video("official001", "Official Trailer", language="en"),
            video("teaser00001", "Teaser", "Teaser", language="fr"),
            video("unofficial1", official=False),
            video("featurette1", "Behind the scenes", "Featurette"),
        ],
    )
    found = Trailer.objects.filter(movie=film).order_by("video_id")
    assert [(t.video_id, t.kind, t.language, t.from_tmdb) for t in found] == [
        ("official001", "trailer", "en", True),
        ("teaser00001", "teaser", "fr", True),
    ]


def test_a_channels_trailer_is_never_duplicated_by_tmdbs():
    film = make_movie("Glass Orchard")
    channel = Channel.objects.get(slug="mubi")
    make_trailer(film, "official001", channel=channel)
    store(film, videos=[video("official001")])
    (trailer,) = Trailer.objects.filter(video_id="official001")
    assert (trailer.from_tmdb, trailer.channel) == (False, channel)


def test_a_trailer_tmdb_no_longer_lists_is_removed_and_a_channels_stays():
    film = make_movie("Glass Orchard")
    make_trailer(film, "channel0001")
    store(film, videos=[video("official001")])
    store(film, videos=[video("official002")])
    assert sorted(Trailer.objects.values_list("video_id", flat=True)) == [
        "channel0001",
        "official002",
    ]


def test_a_channel_posting_tmdbs_trailer_takes_it_over():
    film = make_movie("Glass Orchard")
    store(film, videos=[video("v0000000000")])  # listing() numbers its videos v0000000000...
    save_listing(Channel.objects.get(slug="mubi"), listing("GLASS ORCHARD | Official Trailer"))
    (trailer,) = Trailer.objects.filter(video_id="v0000000000")
    assert (trailer.from_tmdb, trailer.channel.slug) == (False, "mubi")


def test_a_film_first_matched_while_it_streams_is_news_only_if_it_came_out_recently():
    recent = make_movie("Recent")
    old = make_movie("Old")
    recent_day = (TODAY - timedelta(days=20)).isoformat()
    newly = store(
        recent, releases=[release("US", 4, recent_day)], watch={"US": offers(stream=[NETFLIX])}
    )
    store(old, releases=[release("US", 3, "1994-05-11")], watch={"US": offers(stream=[NETFLIX])})
    assert newly == ["US"]
    assert MovieRegion.objects.get(movie=recent).streaming_since == NOW
    assert MovieRegion.objects.get(movie=old).streaming_since is None


def test_a_film_that_gains_a_service_on_a_later_refresh_is_news_once():
    film = make_movie("Old", details_fetched_at=NOW - timedelta(days=8))
    assert store(film, releases=[release("US", 3, "1994-05-11")]) == []
    assert store(film, watch={"US": offers(stream=[NETFLIX])}) == ["US"]
    first = MovieRegion.objects.get(movie=film).streaming_since
    assert store(film, watch={"US": offers(stream=[NETFLIX, MUBI])}) == []
    assert MovieRegion.objects.get(movie=film).streaming_since == first


def test_enrichment_stores_every_fact_from_its_one_details_call(make_tmdb_client):
    today = timezone.now().date()
    film = {
        "id": 9001,
        "title": "Saltwater Hymns",
        "original_title": "Saltwater Hymns",
        "release_date": (today - timedelta(days=30)).isoformat(),
        "popularity": 5.0,
        "vote_count": 100,
        "vote_average": 7.5,
        "production_companies": [{"id": 1, "name": "Harbour Films"}],
        **facts(
            releases=[release("US", 3, (today - timedelta(days=30)).isoformat(), "PG")],
            watch={"US": offers(stream=[NETFLIX])},
            directors=["Ines Vale"],
            cast=["Ada", "Bo"],
            videos=[video("saltwater01")],
        ),
    }
    movie = make_movie("Saltwater Hymns", year=today.year)
    with FakeTMDB(films=[film]) as fake:
        assert enrich_movie(movie.pk, client=make_tmdb_client(fake), today=today) == "matched"
        details_calls = [r for r in fake.request_log if r.path == "/3/movie/9001"]
    assert len(details_calls) == 1
    assert details_calls[0].params["append_to_response"] == ",".join(DETAILS_APPEND)
    movie.refresh_from_db()
    assert (movie.directors, movie.cast, movie.companies) == (
        ["Ines Vale"],
        ["Ada", "Bo"],
        ["Harbour Films"],
    )
    assert movie.details_fetched_at is not None
    assert MovieRegion.objects.get(movie=movie, region="US").certification == "PG"
    assert Trailer.objects.get(video_id="saltwater01").from_tmdb
    assert Movie.objects.get(pk=movie.pk).latest_release_date == today - timedelta(days=30)
