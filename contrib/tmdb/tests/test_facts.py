"""A film's facts from its details call: release dates, watch providers, credits and videos,
parsed from TMDB's documented shapes, malformed entries skipped, and served by the double in
the same shapes, all in one call."""

from datetime import UTC, date, datetime

from contrib.tmdb.api import (
    parse_credits,
    parse_release_dates,
    parse_videos,
    parse_watch_providers,
)
from contrib.tmdb.testing.facts import (
    APPENDED,
    MUBI,
    NETFLIX,
    facts,
    offers,
    release,
    video,
)
from contrib.tmdb.testing.server import FakeTMDB
from contrib.tmdb.types import ReleaseType


def test_release_dates_are_kept_by_country_in_date_order():
    block = {
        "results": [
            release("GB", 4, "2025-06-01", "15"),
            release("US", 3, "2025-03-14", "R"),
            release("US", 1, "2024-09-01"),
        ]
    }
    found = parse_release_dates(block)
    assert [(r.type, r.date) for r in found["US"]] == [
        (ReleaseType.PREMIERE, date(2024, 9, 1)),
        (ReleaseType.THEATRICAL, date(2025, 3, 14)),
    ]
    assert found["GB"][0].certification == "15"


def test_a_country_listed_twice_has_its_release_dates_joined():
    block = {"results": [release("US", 3, "1994-05-11"), release("US", 3, "2024-05-30", note="4K")]}
    assert [r.date.year for r in parse_release_dates(block)["US"]] == [1994, 2024]


def test_release_dates_without_a_known_type_a_date_or_a_country_are_skipped():
    bad_type = release("US", 9, "2025-01-01")
    bad_date = release("US", 3, "soon")
    no_country = {**release("US", 3, "2025-01-01"), "iso_3166_1": "USA"}
    good = release("US", 2, "2025-02-02")
    found = parse_release_dates({"results": [bad_type, bad_date, no_country, good, "junk"]})
    assert [r.type for r in found["US"]] == [ReleaseType.LIMITED]
    assert parse_release_dates(None) == {} == parse_release_dates({"results": "x"})


def test_free_and_ad_supported_services_stream_too_in_display_order_without_repeats():
    entry = offers(stream=[NETFLIX], free=[MUBI], rent=[NETFLIX])
    entry["free"][0]["display_priority"] = 5  # JustWatch's order within the country
    entry["ads"] = [{"provider_id": 8, "provider_name": "Netflix", "display_priority": 9}]
    found = parse_watch_providers({"results": {"GB": entry}})["GB"]
    assert [p.name for p in found.stream] == ["Netflix", "MUBI"]
    assert [p.name for p in found.rent] == ["Netflix"]
    assert found.stream[0].logo_path == NETFLIX[2]
    assert found.link.startswith("https://www.themoviedb.org/movie/")


def test_countries_without_any_offer_or_with_a_bad_code_are_left_out():
    found = parse_watch_providers(
        {
            "results": {
                "US": {"link": "x"},
                "usa": offers(stream=[NETFLIX]),
                "FR": offers(buy=[MUBI]),
            }
        }
    )
    assert list(found) == ["FR"]


def test_credits_give_the_directors_and_the_top_five_billed_in_order():
    block = facts(directors=["Ana", "Ben"], cast=["C1", "C2", "C3", "C4", "C5", "C6"])["credits"]
    block["cast"].reverse()  # billing order is `order`, not the list's
    directors, cast = parse_credits(block)
    assert directors == ("Ana", "Ben")
    assert cast == ("C1", "C2", "C3", "C4", "C5")


def test_only_well_formed_youtube_videos_are_kept_with_their_language():
    vimeo = {**video("abcdefghijk"), "site": "Vimeo"}
    short_key = video("abc")
    found = parse_videos({"results": [vimeo, short_key, video("trailer0001", language="fr")]})
    assert [(v.key, v.language, v.official) for v in found] == [("trailer0001", "fr", True)]
    assert found[0].published_at == datetime(2025, 1, 10, 16, tzinfo=UTC)


def test_the_double_answers_every_block_in_one_details_call(make_client):
    film = {
        "id": 77,
        "title": "Seventy Seven",
        "release_date": "2025-03-14",
        **facts(
            releases=[release("US", 3, "2025-03-14", "PG-13")],
            watch={"US": offers(stream=[NETFLIX])},
            directors=["Ana"],
            cast=["Bo"],
            videos=[video("seventy0077")],
        ),
    }
    with FakeTMDB(films=[film]) as fake:
        details = make_client(fake).movie_details(77, append=APPENDED)
        assert len(fake.request_log) == 1
        assert fake.request_log[0].params["append_to_response"] == ",".join(APPENDED)
    assert details.release_dates["US"][0].certification == "PG-13"
    assert details.watch["US"].stream[0].name == "Netflix"
    assert (details.directors, details.cast) == (("Ana",), ("Bo",))
    assert details.videos[0].key == "seventy0077"
    assert details.youtube_keys == ("seventy0077",)
