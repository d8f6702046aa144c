"""The matcher measured on the hard catalogue's labelled cases (`testing/cases.json`), with
every evidence lookup it may make answered by the catalogues in this process."""

import pytest

from contrib.text import fold
from contrib.tmdb.accuracy import evaluate_cases, matcher_decider
from contrib.tmdb.matching import Outcome
from contrib.tmdb.testing.search import catalogue_lookups, load_cases, load_catalogue


@pytest.fixture(scope="module")
def report():
    case_set = load_cases()
    result = evaluate_cases(
        case_set.cases, matcher_decider(catalogue_lookups(), today=case_set.today)
    )
    print("\n" + result.summary())
    return result


def test_it_has_at_least_two_hundred_labelled_cases(report):
    assert len(report.results) >= 200


def test_it_matches_every_film_it_should(report):
    assert report.accuracy == 1.0, report.summary()


def test_it_makes_no_wrong_match(report):
    assert report.wrong_matches == [], report.summary()


def test_it_leaves_at_most_two_percent_in_review(report):
    assert report.review_share <= 0.02, report.summary()


def test_it_matches_every_year_less_namesake_from_the_evidence(report):
    titles = [fold(film["title"]) for film in load_catalogue()]
    namesakes = [
        r
        for r in report.should_match
        if r.case.query.year is None and titles.count(fold(r.case.query.title)) > 1
    ]
    assert len(namesakes) >= 20
    assert all(r.is_right for r in namesakes), report.summary()


def test_it_ends_every_series_trailer_as_a_series(report):
    assert len(report.series_cases) >= 25
    assert report.series_right == report.series_cases, report.summary()


def test_it_sends_every_truly_ambiguous_case_to_review(report):
    ambiguous = [
        r for r in report.should_not_match if r.case.expect_outcome is Outcome.NEEDS_REVIEW
    ]
    assert ambiguous
    assert all(r.decision.outcome is Outcome.NEEDS_REVIEW for r in ambiguous), report.summary()


def test_it_finds_nothing_for_films_tmdb_does_not_have(report):
    absent = [r for r in report.should_not_match if r.case.expect_outcome is Outcome.NOT_FOUND]
    assert absent
    assert all(r.decision.outcome is Outcome.NOT_FOUND for r in absent), report.summary()


def test_it_stays_within_the_call_budget(report):
    # Searches and records fetched while matching; the final details call comes on top.
    assert report.calls_per_film < 2.0
    assert report.max_calls <= 6
