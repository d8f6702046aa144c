from datetime import date

from contrib.text import fold
from contrib.tmdb.matching import (
    ACCEPT_SCORE,
    MAX_DETAILS,
    PLAUSIBLE_SCORE,
    MatchQuery,
    Outcome,
    Rule,
    TitleMatch,
    TrailerEvidence,
    compare_titles,
    decide,
    find_match,
    score_candidates,
)
from contrib.tmdb.types import MovieDetails, SearchResult, TVResult

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
    assert (decision.outcome, decision.calls) == (Outcome.MATCHED, 1)
    assert search.calls == [("The Crow", 2024)]


def test_it_searches_without_the_year_for_a_festival_premiere():
    search = FakeSearch(film(976893, "Perfect Days", 2023))
    decision = find_match(MatchQuery("Perfect Days", 2024), search, today=TODAY)
    assert decision.outcome is Outcome.MATCHED
    assert search.calls == [("Perfect Days", 2024), ("Perfect Days", None)]


def test_it_stops_after_the_year_search_when_two_strong_films_tie():
    search = FakeSearch(film(1, "Bird", 2024), film(2, "Bird", 2024))
    decision = find_match(MatchQuery("Bird", 2024), search, today=TODAY)
    assert (decision.outcome, decision.calls) == (Outcome.NEEDS_REVIEW, 1)


def test_it_searches_once_for_a_trailer_without_a_year():
    search = FakeSearch(film(933260, "The Substance", 2024))
    decision = find_match(MatchQuery("THE SUBSTANCE"), search, today=TODAY)
    assert search.calls == [("THE SUBSTANCE", None)]
    assert decision.calls == 1


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


# -- evidence ------------------------------------------------------------------------------------


def trailer(video_id="trailer0001", published=None, **fields) -> TrailerEvidence:
    return TrailerEvidence(video_id=video_id, published=published, **fields)


def series(series_id: int, name: str, first_aired: date | None) -> TVResult:
    return TVResult(id=series_id, name=name, first_air_date=first_aired)


class FakeTMDB:
    """Films by title (any text finds them all, filtered by year like TMDB's `year`), their
    records, and series; every call is recorded."""

    def __init__(self, *films, records=None, shows=(), regional=None):
        self.films = films
        self.records = records or {}
        self.shows = shows
        # Film id -> extra years it was released in somewhere (TMDB's `year` filter).
        self.regional = regional or {}
        self.calls: list[tuple] = []

    def search(self, text: str, year: int | None) -> list[SearchResult]:
        self.calls.append(("search", text, year))
        return [
            f
            for f in self.films
            if year is None or f.year == year or year in self.regional.get(f.id, ())
        ]

    def details(self, movie_id: int) -> MovieDetails:
        self.calls.append(("details", movie_id))
        return self.records.get(movie_id) or MovieDetails(id=movie_id, title="")

    def search_tv(self, text: str) -> list[TVResult]:
        self.calls.append(("tv", text))
        return list(self.shows)

    def find(self, query: MatchQuery, today: date = TODAY):
        return find_match(
            query, self.search, today=today, details=self.details, search_tv=self.search_tv
        )

    def kinds(self) -> list[str]:
        return [call[0] for call in self.calls]


def rules(decision) -> list[Rule]:
    return [e.rule for e in decision.evidence]


def test_the_trailer_among_a_films_tmdb_videos_settles_two_old_namesakes():
    tmdb = FakeTMDB(
        film(30018, "Mother", 2009),
        film(381283, "mother!", 2017, popularity=30.0),
        records={30018: MovieDetails(id=30018, title="Mother", youtube_keys=("mubi0000001",))},
    )
    query = MatchQuery("MOTHER", trailers=(trailer("mubi0000001", date(2021, 6, 10)),))
    decision = tmdb.find(query)
    assert (decision.outcome, decision.best.id) == (Outcome.MATCHED, 30018)
    assert rules(decision)[0] is Rule.VIDEO


def test_the_trailer_among_tmdb_videos_matches_a_film_whose_title_fits_less():
    tmdb = FakeTMDB(
        film(1041613, "Love Lies Bleeding", 2024),
        records={1041613: MovieDetails(id=1041613, title="", youtube_keys=("llb00000001",))},
    )
    decision = tmdb.find(MatchQuery("Love Lies", 2024, trailers=(trailer("llb00000001"),)))
    assert (decision.outcome, decision.best.id) == (Outcome.MATCHED, 1041613)


def test_the_channels_studio_among_production_companies_settles_two_recent_namesakes():
    tmdb = FakeTMDB(
        film(1136867, "Materialists", 2025),
        film(1290315, "Materialists", 2024),
        records={1136867: MovieDetails(id=1136867, title="", production_companies=("A24",))},
    )
    query = MatchQuery(
        "MATERIALISTS", trailers=(trailer(published=date(2025, 3, 26), studios=("A24",)),)
    )
    decision = tmdb.find(query)
    assert (decision.outcome, decision.best.id) == (Outcome.MATCHED, 1136867)
    assert Rule.STUDIO in rules(decision)


def test_a_studio_named_inside_a_longer_company_name_counts():
    tmdb = FakeTMDB(
        film(1, "Poor Things", 2023),
        film(2, "Poor Things", 2022),
        records={
            1: MovieDetails(id=1, title="", production_companies=("Fox Searchlight Pictures",))
        },
    )
    query = MatchQuery(
        "POOR THINGS",
        trailers=(trailer(published=date(2023, 5, 1), studios=("Searchlight Pictures",)),),
    )
    assert tmdb.find(query).best.id == 1


def test_a_studio_never_lifts_a_weak_title_over_the_threshold():
    tmdb = FakeTMDB(
        film(1041613, "Love Lies Bleeding", 2024),
        records={1041613: MovieDetails(id=1041613, title="", production_companies=("A24",))},
    )
    query = MatchQuery("Love Lies", 2024, trailers=(trailer(studios=("A24",)),))
    assert tmdb.find(query).outcome is Outcome.NEEDS_REVIEW


def test_a_year_less_trailer_prefers_the_film_released_near_its_upload_not_today():
    tmdb = FakeTMDB(film(11906, "Suspiria", 1977), film(361292, "Suspiria", 2018))
    query = MatchQuery("SUSPIRIA", trailers=(trailer(published=date(2018, 7, 17)),))
    decision = tmdb.find(query, today=date(2025, 6, 1))
    assert (decision.outcome, decision.best.id) == (Outcome.MATCHED, 361292)
    assert Rule.UPLOAD_DATE in rules(decision)


def test_a_film_out_two_years_before_the_upload_gets_no_recency():
    # Channels post a film's trailer up to a year after its premiere, not two.
    tmdb = FakeTMDB(film(1138194, "Heretic", 2024), film(12600, "Heretic", 2022))
    query = MatchQuery("HERETIC", trailers=(trailer(published=date(2024, 8, 13)),))
    decision = tmdb.find(query)
    assert [c.result.id for c in decision.candidates] == [1138194, 12600]
    assert decision.candidates[1].score == decision.candidates[1].title_score


def test_the_first_upload_counts_when_a_film_has_several_trailers():
    tmdb = FakeTMDB(film(11906, "Suspiria", 1977), film(361292, "Suspiria", 2018))
    trailers = (
        trailer("later000001", published=date(2024, 5, 1)),
        trailer("first000001", published=date(2018, 7, 17)),
    )
    assert tmdb.find(MatchQuery("SUSPIRIA", trailers=trailers)).best.id == 361292


def test_another_channels_trailer_gives_the_year_and_is_recorded_as_the_evidence():
    tmdb = FakeTMDB(film(800158, "The Killer", 2023), film(1094138, "The Killer", 2024))
    trailers = (
        trailer("mubi0000001", published=date(2023, 9, 5), channel="MUBI"),
        trailer("rt000000001", year=2023, channel="Rotten Tomatoes", title="The Killer (2023)"),
    )
    decision = tmdb.find(MatchQuery("THE KILLER", 2023, trailers=trailers))
    assert decision.best.id == 800158
    assert Rule.OTHER_TRAILER_YEAR in rules(decision)


def test_a_re_release_trailer_matches_the_film_already_out_not_the_new_namesake():
    tmdb = FakeTMDB(film(653, "Nosferatu", 1922), film(426063, "Nosferatu", 2024))
    query = MatchQuery(
        "NOSFERATU",
        rerelease=True,
        trailers=(trailer(published=date(2022, 10, 27), rerelease=True),),
    )
    decision = tmdb.find(query)
    assert (decision.outcome, decision.best.id) == (Outcome.MATCHED, 653)
    assert Rule.RERELEASE in rules(decision)


def test_a_re_release_trailer_gets_no_recency_preference():
    tmdb = FakeTMDB(film(11906, "Suspiria", 1977), film(361292, "Suspiria", 2018))
    query = MatchQuery(
        "SUSPIRIA",
        rerelease=True,
        trailers=(trailer(published=date(2019, 1, 10), rerelease=True),),
    )
    assert tmdb.find(query).outcome is Outcome.NEEDS_REVIEW


def test_a_re_release_trailer_is_never_looked_up_as_a_series():
    tmdb = FakeTMDB(film(653, "Nosferatu", 1922), shows=[series(1, "Nosferatu", None)])
    query = MatchQuery("NOSFERATU", rerelease=True, trailers=(trailer(rerelease=True),))
    tmdb.find(query)
    assert "tv" not in tmdb.kinds()


def test_a_release_that_year_in_some_country_counts_as_the_trailers_year():
    tmdb = FakeTMDB(
        film(1, "Evil Does Not Exist", 2022),
        film(2, "Evil Does Not Exist", 2025),
        regional={1: {2024}},
    )
    decision = tmdb.find(MatchQuery("Evil Does Not Exist", 2024))
    assert (decision.outcome, decision.best.id) == (Outcome.MATCHED, 1)
    assert "in some country" in decision.evidence[1].detail


def test_an_anniversary_re_release_decades_later_does_not_count_as_the_year():
    tmdb = FakeTMDB(
        film(9495, "The Crow", 1994, popularity=48.0),
        film(957452, "The Crow", 2024),
        regional={9495: {2024}},
    )
    decision = tmdb.find(MatchQuery("The Crow", 2024))
    assert decision.best.id == 957452
    assert decision.candidates[1].year_distance == 30


def test_an_alternative_title_on_the_films_record_matches():
    tmdb = FakeTMDB(
        film(315011, "Shin Godzilla", 2016, original_title="シン・ゴジラ"),
        records={
            315011: MovieDetails(
                id=315011, title="Shin Godzilla", alternative_titles=("Godzilla Resurgence",)
            )
        },
    )
    query = MatchQuery("GODZILLA RESURGENCE", trailers=(trailer(published=date(2016, 10, 20)),))
    decision = tmdb.find(query)
    assert (decision.outcome, decision.best.id) == (Outcome.MATCHED, 315011)
    assert "alternative title 'Godzilla Resurgence'" in decision.evidence[0].detail


# -- series ------------------------------------------------------------------------------------


def test_a_title_only_a_series_has_is_a_series():
    tmdb = FakeTMDB(shows=[series(96162, "Vincenzo", date(2021, 2, 20))])
    decision = tmdb.find(MatchQuery("Vincenzo", trailers=(trailer(published=date(2021, 2, 12)),)))
    assert (decision.outcome, decision.series.id, decision.best) == (Outcome.SERIES, 96162, None)
    assert rules(decision) == [Rule.SERIES]


def test_a_series_first_aired_near_the_upload_beats_an_old_film_namesake():
    tmdb = FakeTMDB(
        film(12403, "Severance", 2006), shows=[series(95396, "Severance", date(2022, 2, 17))]
    )
    query = MatchQuery("Severance", trailers=(trailer(published=date(2022, 1, 13)),))
    decision = tmdb.find(query)
    assert (decision.outcome, decision.series.id) == (Outcome.SERIES, 95396)
    assert [c.result.id for c in decision.candidates] == [12403]  # for a curator's override


def test_a_series_with_a_later_seasons_year_still_is_a_series():
    tmdb = FakeTMDB(shows=[series(60622, "Fargo", date(2014, 4, 15))])
    assert tmdb.find(MatchQuery("Fargo", 2017)).outcome is Outcome.SERIES


def test_a_film_released_near_the_upload_is_not_looked_up_as_a_series():
    tmdb = FakeTMDB(
        film(1155178, "The Order", 2024), shows=[series(87917, "The Order", date(2019, 3, 7))]
    )
    query = MatchQuery("THE ORDER", trailers=(trailer(published=date(2024, 8, 28)),))
    decision = tmdb.find(query)
    assert (decision.outcome, decision.best.id) == (Outcome.MATCHED, 1155178)
    assert tmdb.kinds() == ["search"]


def test_a_film_whose_videos_hold_the_trailer_stays_a_film_despite_a_fitting_series():
    tmdb = FakeTMDB(
        film(12403, "Severance", 2006),
        records={12403: MovieDetails(id=12403, title="", youtube_keys=("sev00000001",))},
        shows=[series(95396, "Severance", date(2022, 2, 17))],
    )
    query = MatchQuery("Severance", trailers=(trailer("sev00000001", date(2022, 1, 13)),))
    assert tmdb.find(query).outcome is Outcome.MATCHED


def test_a_series_and_a_film_fitting_equally_need_review():
    tmdb = FakeTMDB(
        film(9740, "Hannibal", 2001), shows=[series(40008, "Hannibal", date(2013, 4, 4))]
    )
    query = MatchQuery("HANNIBAL", trailers=(trailer(published=date(2020, 6, 1)),))
    decision = tmdb.find(query)
    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert "fit equally" in decision.reason


def test_a_series_whose_title_only_starts_the_same_leaves_the_film_decision():
    tmdb = FakeTMDB(
        film(957452, "The Crow", 2024),
        shows=[series(1780, "The Crow: Stairway to Heaven", date(1998, 9, 25))],
    )
    decision = tmdb.find(MatchQuery("The Crow", 2026))
    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert decision.series is None


def test_a_series_name_with_the_studios_possessive_matches_through_the_alternative_title():
    tmdb = FakeTMDB(shows=[series(1403, "Marvel's Agents of S.H.I.E.L.D.", date(2013, 9, 24))])
    query = MatchQuery(
        "Agents of S.H.I.E.L.D.",
        alt_titles=("Marvel's Agents of S.H.I.E.L.D.",),
        trailers=(trailer(published=date(2013, 5, 13)),),
    )
    assert tmdb.find(query).outcome is Outcome.SERIES


def test_a_series_named_by_a_part_of_the_title_is_a_series():
    tmdb = FakeTMDB(shows=[series(42009, "Black Mirror", date(2011, 12, 4))])
    tmdb.search_tv = lambda text: [s for s in tmdb.shows if fold(s.name) == fold(text)]
    decision = tmdb.find(MatchQuery("Black Mirror - Crocodile"))
    assert (decision.outcome, decision.series.id) == (Outcome.SERIES, 42009)
    assert "a part of the title" in decision.evidence[0].detail


def test_a_part_of_the_title_must_name_the_series_exactly():
    tmdb = FakeTMDB(shows=[series(1971, "Mission: Impossible", date(1966, 9, 17))])
    assert tmdb.find(MatchQuery("Mission - The Lost Reel")).outcome is Outcome.NOT_FOUND


def test_a_series_named_with_an_owners_possessive_fits_when_the_dates_agree():
    tmdb = FakeTMDB(shows=[series(67466, "Marvel's Runaways", date(2017, 11, 21))])
    decision = tmdb.find(MatchQuery("Runaways", 2017))
    assert (decision.outcome, decision.series.id) == (Outcome.SERIES, 67466)


def test_a_series_named_with_an_owners_possessive_never_fits_a_title_whose_dates_disagree():
    tmdb = FakeTMDB(shows=[series(1416, "Grey's Anatomy", date(2005, 3, 27))])
    query = MatchQuery("ANATOMY", trailers=(trailer(published=date(2024, 5, 1)),))
    assert tmdb.find(query).outcome is Outcome.NOT_FOUND


# -- calls -------------------------------------------------------------------------------------


def test_a_match_the_date_corroborates_makes_no_extra_call():
    tmdb = FakeTMDB(film(9495, "The Crow", 1994), film(957452, "The Crow", 2024))
    decision = tmdb.find(MatchQuery("The Crow", 2024))
    assert (decision.calls, tmdb.kinds()) == (1, ["search"])


def test_a_match_on_the_title_alone_fetches_its_record_then_looks_for_a_series():
    tmdb = FakeTMDB(film(843, "In the Mood for Love", 2000))
    query = MatchQuery("IN THE MOOD FOR LOVE", trailers=(trailer(published=date(2020, 11, 20)),))
    decision = tmdb.find(query)
    assert decision.outcome is Outcome.MATCHED
    assert tmdb.kinds() == ["search", "details", "tv"]
    assert decision.calls == 3


def test_it_hands_back_the_winners_record_so_it_is_not_fetched_again():
    record = MovieDetails(id=30018, title="Mother", youtube_keys=("mubi0000001",))
    tmdb = FakeTMDB(
        film(30018, "Mother", 2009), film(381283, "mother!", 2017), records={30018: record}
    )
    query = MatchQuery("MOTHER", trailers=(trailer("mubi0000001", date(2021, 6, 10)),))
    assert tmdb.find(query).details is record


def test_it_fetches_at_most_a_few_records_for_a_crowded_tie():
    tmdb = FakeTMDB(*(film(i, "Crash", 1960 + i) for i in range(1, 9)))
    tmdb.find(MatchQuery("CRASH", trailers=(trailer(published=date(2024, 1, 1)),)))
    assert tmdb.kinds().count("details") == MAX_DETAILS
