from datetime import date

from contrib.tmdb.matching import (
    ACCEPT_SCORE,
    PLAUSIBLE_SCORE,
    MatchQuery,
    Outcome,
    TitleMatch,
    compare_titles,
    decide,
    find_match,
    score_candidates,
)
from contrib.tmdb.types import SearchResult

TODAY = date(2025, 6, 1)


def film(movie_id: int, title: str, year: int | None, **fields) -> SearchResult:
    released = date(year, 6, 1) if year else None
    return SearchResult(id=movie_id, title=title, release_date=released, **fields)


def match(query: MatchQuery, *results: SearchResult):
    return decide(query, score_candidates(query, results, today=TODAY))


class FakeSearch:
    """Answers every text alike, filtered by year; or by text when `by_text` is given."""

    def __init__(self, *results: SearchResult, by_text: dict | None = None):
        self.results = results
        self.by_text = by_text
        self.calls: list[tuple[str, int | None]] = []

    def __call__(self, text: str, year: int | None) -> list[SearchResult]:
        self.calls.append((text, year))
        results = self.by_text.get(text, []) if self.by_text is not None else self.results
        return [r for r in results if year is None or r.year == year]


# -- titles ----------------------------------------------------------------------------------


def test_it_scores_an_identical_title_as_exact():
    assert compare_titles("The Crow", "The Crow").match is TitleMatch.EXACT


def test_it_folds_case_accents_punctuation_and_dash_style():
    score = compare_titles(
        "MISSION IMPOSSIBLE — THE FINAL RECKONING", "Mission: Impossible – The Final Reckoning"
    )
    assert score.score == 1.0


def test_it_folds_accents_in_upper_case_titles():
    assert compare_titles("AMELIE", "Amélie").score == 1.0


def test_it_folds_a_leading_article():
    score = compare_titles("Substance", "The Substance")
    assert score.match is TitleMatch.SAME_WITHOUT_ARTICLE
    assert score.score >= ACCEPT_SCORE


def test_it_ignores_spacing_inside_words():
    assert compare_titles("Babygirl", "Baby Girl").match is TitleMatch.SAME_LETTERS


def test_it_treats_roman_and_arabic_sequel_numbers_alike():
    assert compare_titles("Gladiator 2", "Gladiator II").score == 1.0


def test_it_ranks_exact_above_prefix_above_word_overlap():
    exact = compare_titles("Love Lies Bleeding", "Love Lies Bleeding")
    prefix = compare_titles("Love Lies", "Love Lies Bleeding")
    overlap = compare_titles("Love Lies Bleeding", "Love Actually")
    assert exact.score > prefix.score > overlap.score
    assert (prefix.match, overlap.match) == (TitleMatch.PREFIX, TitleMatch.OVERLAP)


def test_it_keeps_a_prefix_below_the_acceptance_threshold():
    assert compare_titles("Inside Out", "Inside Out 2").score < ACCEPT_SCORE


def test_it_accepts_a_title_missing_only_its_subtitle():
    score = compare_titles("Furiosa", "Furiosa: A Mad Max Saga")
    assert score.match is TitleMatch.MAIN_TITLE
    assert score.score >= ACCEPT_SCORE


def test_it_does_not_take_a_subtitle_for_the_title():
    assert compare_titles("Civil War", "Captain America: Civil War").score < PLAUSIBLE_SCORE


def test_it_keeps_a_colon_inside_a_time_whole():
    assert compare_titles("3", "3:10 to Yuma").match is not TitleMatch.MAIN_TITLE


# -- scoring and deciding ----------------------------------------------------------------------


def test_it_prefers_exact_title_and_year_over_a_more_popular_namesake():
    decision = match(
        MatchQuery("The Crow", 2024),
        film(9495, "The Crow", 1994, popularity=48.0),
        film(957452, "The Crow", 2024, popularity=31.0),
    )
    assert decision.outcome is Outcome.MATCHED
    assert decision.best.id == 957452


def test_it_accepts_a_film_one_year_off_the_trailer():
    decision = match(MatchQuery("Perfect Days", 2024), film(976893, "Perfect Days", 2023))
    assert decision.outcome is Outcome.MATCHED


def test_it_prefers_the_same_year_over_one_year_off():
    decision = match(
        MatchQuery("The Killer", 2024),
        film(800158, "The Killer", 2023, popularity=45.0),
        film(1094138, "The Killer", 2024, popularity=15.0),
    )
    assert decision.best.id == 1094138


def test_it_does_not_accept_a_film_two_years_off():
    decision = match(MatchQuery("The Crow", 2026), film(957452, "The Crow", 2024))
    assert decision.outcome is Outcome.NEEDS_REVIEW


def test_it_finds_nothing_in_an_exact_title_decades_off():
    decision = match(MatchQuery("Carrie", 2025), film(7340, "Carrie", 1976))
    assert decision.outcome is Outcome.NOT_FOUND


def test_it_accepts_an_undated_film_for_a_trailer_with_a_year():
    decision = match(MatchQuery("Bugonia", 2025), film(701387, "Bugonia", None))
    assert decision.outcome is Outcome.MATCHED


def test_it_prefers_the_recent_film_when_the_trailer_has_no_year():
    decision = match(
        MatchQuery("NOSFERATU"),
        film(653, "Nosferatu", 1922, popularity=40.0),
        film(426063, "Nosferatu", 2024, popularity=36.0),
    )
    assert decision.outcome is Outcome.MATCHED
    assert decision.best.id == 426063


def test_it_reviews_two_old_namesakes_when_the_trailer_has_no_year():
    decision = match(
        MatchQuery("SUSPIRIA"), film(11906, "Suspiria", 1977), film(361292, "Suspiria", 2018)
    )
    assert decision.outcome is Outcome.NEEDS_REVIEW


def test_it_reviews_two_films_with_the_same_title_and_year():
    decision = match(
        MatchQuery("Bird", 2024),
        film(1028648, "Bird", 2024, popularity=10.0, vote_count=150),
        film(1331740, "Bird", 2024, popularity=0.8),
    )
    assert decision.outcome is Outcome.NEEDS_REVIEW


def test_it_uses_popularity_only_to_order_tied_candidates():
    decision = match(
        MatchQuery("Bird", 2024),
        film(1331740, "Bird", 2024, popularity=0.8),
        film(1028648, "Bird", 2024, popularity=10.0),
    )
    assert [c.result.id for c in decision.candidates] == [1028648, 1331740]


def test_it_never_matches_civil_war_to_captain_america():
    decision = match(
        MatchQuery("Civil War", 2016),
        film(271110, "Captain America: Civil War", 2016, popularity=95.0),
    )
    assert decision.outcome is Outcome.NOT_FOUND


def test_it_matches_on_the_original_title():
    decision = match(
        MatchQuery("Anatomie d’une chute"),
        film(915935, "Anatomy of a Fall", 2023, original_title="Anatomie d'une chute"),
    )
    assert decision.best.id == 915935


def test_it_matches_on_an_alternative_title():
    query = MatchQuery("Kuolleet Lehdet Official Trailer", alt_titles=("Fallen Leaves",))
    decision = match(query, film(986280, "Fallen Leaves", 2023))
    assert decision.outcome is Outcome.MATCHED


def test_it_is_not_found_without_results():
    decision = match(MatchQuery("Moonlight Over Tbilisi", 2024))
    assert (decision.outcome, decision.candidates) == (Outcome.NOT_FOUND, ())


def test_it_keeps_the_top_five_candidates_for_review():
    results = [film(i, "Crash", 1990 + i) for i in range(1, 8)]
    decision = match(MatchQuery("CRASH"), *results)
    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert len(decision.candidates) == 5


def test_it_names_no_best_film_unless_matched():
    decision = match(MatchQuery("Love Lies", 2024), film(1041613, "Love Lies Bleeding", 2024))
    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert decision.best is None


def test_it_explains_a_review_to_the_curator():
    decision = match(MatchQuery("Bird", 2024), film(1, "Bird", 2024), film(2, "Bird", 2024))
    assert "too close to call" in decision.reason


# -- searching -----------------------------------------------------------------------------------


def test_it_makes_one_search_when_the_year_settles_it():
    search = FakeSearch(film(9495, "The Crow", 1994), film(957452, "The Crow", 2024))
    decision = find_match(MatchQuery("The Crow", 2024), search, today=TODAY)
    assert (decision.outcome, decision.searches) == (Outcome.MATCHED, 1)
    assert search.calls == [("The Crow", 2024)]


def test_it_searches_without_the_year_for_a_festival_premiere():
    search = FakeSearch(film(976893, "Perfect Days", 2023))
    decision = find_match(MatchQuery("Perfect Days", 2024), search, today=TODAY)
    assert decision.outcome is Outcome.MATCHED
    assert search.calls == [("Perfect Days", 2024), ("Perfect Days", None)]


def test_it_stops_after_the_year_search_when_two_strong_films_tie():
    search = FakeSearch(film(1, "Bird", 2024), film(2, "Bird", 2024))
    decision = find_match(MatchQuery("Bird", 2024), search, today=TODAY)
    assert (decision.outcome, decision.searches) == (Outcome.NEEDS_REVIEW, 1)


def test_it_searches_once_for_a_trailer_without_a_year():
    search = FakeSearch(film(933260, "The Substance", 2024))
    decision = find_match(MatchQuery("THE SUBSTANCE"), search, today=TODAY)
    assert search.calls == [("THE SUBSTANCE", None)]
    assert decision.searches == 1


def test_it_searches_neighbour_years_when_the_unfiltered_page_is_full():
    # A full page of more popular namesakes hides the 2014 film from the unfiltered search.
    namesakes = [film(100 + i, "Love", 1980 + i, popularity=50.0) for i in range(20)]
    wanted = film(7, "Love", 2014)
    years = []

    def search(text: str, year: int | None) -> list[SearchResult]:
        years.append(year)
        if year is None:
            return namesakes
        return [f for f in (*namesakes, wanted) if f.year == year]

    decision = find_match(MatchQuery("Love", 2015), search, today=TODAY)
    assert decision.best == wanted
    assert years == [2015, None, 2014]


def test_it_retries_without_the_subtitle_when_nothing_is_found():
    search = FakeSearch(by_text={"Nosferatu": [film(426063, "Nosferatu", 2024)]})
    decision = find_match(MatchQuery("Nosferatu: A Symphony of Horror"), search, today=TODAY)
    assert search.calls[-1] == ("Nosferatu", None)
    assert decision.outcome is not Outcome.NOT_FOUND


def test_it_merges_candidates_across_searches():
    search = FakeSearch(film(1, "Speak No Evil", 2022), film(2, "Speak No Evil", 2024))
    decision = find_match(MatchQuery("Speak No Evil", 2023), search, today=TODAY)
    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert {c.result.id for c in decision.candidates} == {1, 2}


def test_it_does_not_search_for_a_blank_title():
    search = FakeSearch()
    decision = find_match(MatchQuery(" – "), search, today=TODAY)
    assert (decision.outcome, search.calls) == (Outcome.NOT_FOUND, [])
