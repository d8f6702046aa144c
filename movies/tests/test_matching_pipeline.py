"""Matching through the whole pipeline: trailers listed by the yt-dlp double, fetched and
saved, then enriched through the real TMDB client against FakeTMDB."""

from dataclasses import replace

import pytest

from contrib.text import fold
from contrib.tmdb.accuracy import evaluate_cases
from contrib.tmdb.testing.search import load_cases
from contrib.tmdb.testing.server import FakeTMDB
from contrib.youtube.titles import parse_title
from movies.enrichment import Result, enrich_due
from movies.models import Movie
from movies.tests.pipeline_cases import (
    case_channels,
    fetch_trailers,
    pipeline_decider,
    real_series_cases,
)

pytestmark = pytest.mark.django_db
Status = Movie.Status
CASES = load_cases()


def case(label: str):
    return next(c for c in CASES.cases if c.label == label)


def fetch(*labels: str) -> None:
    channels = case_channels(CASES)
    for label in labels:
        fetch_trailers(case(label), channels)


def enrich(client) -> Result:
    (result,) = enrich_due(client=client, concurrency=1, today=CASES.today).results
    return result


def film_of(label: str) -> Movie:
    return Movie.objects.get(trailers__video_id=case(label).query.trailers[0].video_id)


def only_trailer(labelled, index: int):
    """The case as if it had only its `index`-th trailer."""
    query = replace(labelled.query, trailers=(labelled.query.trailers[index],))
    return replace(labelled, query=query, sources=(labelled.sources[index],))


def rules(movie: Movie) -> list[str]:
    return [e["rule"] for e in movie.match_evidence]


def test_the_parser_reads_each_cases_trailers_as_the_case_says():
    for labelled in CASES.cases:
        main, *others = labelled.query.trailers
        parsed = parse_title(main.title)
        assert (fold(parsed.title), parsed.year, parsed.rerelease) == (
            fold(labelled.query.title),
            main.year,
            main.rerelease,
        ), labelled.label
        assert set(labelled.query.alt_titles) <= set(parsed.alternatives), labelled.label
        for other in others:
            assert parse_title(other.title).year == other.year, other.title


def test_the_hard_catalogue_ends_every_case_as_labelled(tmdb_client):
    report = evaluate_cases(CASES.cases, pipeline_decider(tmdb_client, CASES))
    print("\n" + report.summary())
    assert report.failures == [], report.summary()
    assert report.wrong_matches == []
    assert report.review_share <= 0.02


def test_every_real_series_trailer_tmdb_knows_ends_as_a_series(make_tmdb_client):
    """Real channels' series trailers that the parser leaves to TMDB (Netflix, Disney+,
    Marvel, HBO...), against a TMDB that knows each series and the hard film catalogue."""
    case_set, series = real_series_cases(CASES.today)
    with FakeTMDB(series=series) as fake:
        report = evaluate_cases(case_set.cases, pipeline_decider(make_tmdb_client(fake), case_set))
    assert len(report.results) >= 40
    assert report.series_right == report.series_cases, report.summary()


def test_a_series_trailer_ends_as_not_a_film_hidden_from_the_site(tmdb_client):
    fetch("Severance — Official Trailer | Apple TV+")
    assert enrich(tmdb_client) == Result.SERIES
    series = film_of("Severance — Official Trailer | Apple TV+")
    assert (series.status, series.tmdb_tv_id, series.tmdb_id) == (Status.SERIES, 95396, None)
    assert rules(series) == ["series"]
    assert not Movie.objects.visible().exists()


def test_a_year_less_namesake_is_matched_from_its_upload_date(tmdb_client):
    fetch("TALK TO ME | Official Trailer HD | A24")
    enrich(tmdb_client)
    film = film_of("TALK TO ME | Official Trailer HD | A24")
    assert (film.status, film.tmdb_id) == (Status.MATCHED, 1008042)  # not the 2007 film
    assert "upload date" in rules(film)


def test_a_year_less_namesake_is_matched_from_the_trailer_tmdb_lists(tmdb_client):
    fetch("MOTHER | Trailer | MUBI")
    enrich(tmdb_client)
    film = film_of("MOTHER | Trailer | MUBI")
    assert (film.status, film.tmdb_id) == (Status.MATCHED, 30018)  # not mother! (2017)
    assert rules(film)[0] == "video"


def test_a_year_less_namesake_is_matched_from_the_channels_studio(tmdb_client):
    fetch("MATERIALISTS | Official Trailer HD | A24")
    enrich(tmdb_client)
    film = film_of("MATERIALISTS | Official Trailer HD | A24")
    assert (film.status, film.tmdb_id) == (Status.MATCHED, 1136867)
    assert "studio" in rules(film)


def test_another_channels_trailer_with_a_year_takes_a_film_out_of_review(tmdb_client):
    channels = case_channels(CASES)
    killer = case("THE KILLER | Trailer")  # MUBI's, then Rotten Tomatoes' "(2023)"
    fetch_trailers(only_trailer(killer, 0), channels)
    assert enrich(tmdb_client) == Result.NEEDS_REVIEW  # 2023 or 2024: both near the upload

    fetch_trailers(only_trailer(killer, 1), channels)
    assert enrich(tmdb_client) == Result.MATCHED
    film = film_of("THE KILLER | Trailer")
    assert (film.tmdb_id, film.trailers.count()) == (800158, 2)
    assert "another trailer's year" in rules(film)


def test_a_re_release_trailer_matches_the_original_film_beside_the_remake(tmdb_client):
    fetch("The Crow (2024) - Official Trailer")
    enrich(tmdb_client)
    fetch("THE CROW | 30th Anniversary Trailer")
    enrich(tmdb_client)
    assert sorted(Movie.objects.values_list("tmdb_id", flat=True)) == [9495, 957452]
    assert "re-release" in rules(film_of("THE CROW | 30th Anniversary Trailer"))


def test_a_match_the_upload_date_settles_asks_tmdb_only_for_a_search_and_the_record(
    tmdb_client, fake_tmdb
):
    fetch("TALK TO ME | Official Trailer HD | A24")
    fake_tmdb.reset_stats()
    enrich(tmdb_client)
    assert fake_tmdb.stats()["by_path"] == {
        "/3/configuration": 1,
        "/3/search/movie": 1,
        "/3/movie/{id}": 1,
    }
