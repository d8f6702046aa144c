"""The matcher measured on the hard catalogue's labelled cases (`testing/cases.json`)."""

import pytest

from contrib.tmdb.accuracy import evaluate_cases
from contrib.tmdb.matching import Outcome
from contrib.tmdb.testing.search import catalogue_search, load_cases


@pytest.fixture(scope="module")
def report():
    case_set = load_cases()
    result = evaluate_cases(case_set.cases, catalogue_search(), today=case_set.today)
    print("\n" + result.summary())
    return result


def test_it_has_at_least_seventy_labelled_cases(report):
    assert len(report.results) >= 70


def test_it_matches_nearly_every_film_it_should(report):
    assert report.accuracy >= 0.98, report.summary()


def test_it_makes_no_wrong_match(report):
    assert report.wrong_matches == [], report.summary()


def test_it_sends_every_ambiguous_case_to_review(report):
    ambiguous = [
        r for r in report.should_not_match if r.case.expect_outcome is Outcome.NEEDS_REVIEW
    ]
    assert ambiguous
    assert all(r.decision.outcome is Outcome.NEEDS_REVIEW for r in ambiguous), report.summary()


def test_it_finds_nothing_for_films_tmdb_does_not_have(report):
    absent = [r for r in report.should_not_match if r.case.expect_outcome is Outcome.NOT_FOUND]
    assert absent
    assert all(r.decision.outcome is Outcome.NOT_FOUND for r in absent), report.summary()


def test_it_stays_within_the_search_budget(report):
    # The benchmark budgets two TMDB calls per film, one of them the details call.
    assert report.searches_per_film < 1.5
