from datetime import date

from bench.fixtures import listing_and_films
from contrib.tmdb.matching import MatchQuery, Outcome, TrailerEvidence, find_match
from contrib.tmdb.testing.search import catalogue_lookups
from contrib.youtube.titles import parse_title


def test_its_films_are_matched_in_about_two_calls_each_as_the_pipeline_bench_assumes():
    listing, films = listing_and_films(50, seed=9)
    lookups = catalogue_lookups(films, [])
    calls = 0

    def counted(call):
        def wrapper(*args):
            nonlocal calls
            calls += 1
            return call(*args)

        return wrapper

    for entry in listing["entries"]:
        parsed = parse_title(entry["title"])
        query = MatchQuery(
            title=parsed.display_title,
            year=parsed.year,
            trailers=(TrailerEvidence(video_id=entry["id"], title=entry["title"]),),
        )
        decision = find_match(
            query,
            counted(lookups.search),
            today=date(2026, 12, 1),
            details=counted(lookups.details),
            search_tv=counted(lookups.search_tv),
        )
        assert decision.outcome is Outcome.MATCHED, entry["title"]
        calls += 0 if decision.details else 1  # the record enrichment then asks for

    assert 2.0 <= calls / len(listing["entries"]) <= 2.3
