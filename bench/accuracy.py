"""How often the catalogue is right: title parsing on the 389-title corpus and TMDB matching
on the hard catalogue, against the seeds' approach (first search result, year ignored).

Targets (issues 3 and 4): >= 98% of titles parsed exactly and no non-trailer read as a
film; >= 98% of films matched right with zero wrong matches.
"""

from bench.common import Result


def main() -> Result:
    from contrib.tmdb.accuracy import evaluate_cases
    from contrib.tmdb.testing.search import catalogue_search, load_cases
    from contrib.youtube.accuracy import measure
    from contrib.youtube.tests.title_corpus import ROWS

    parsing = measure(ROWS)
    case_set = load_cases()
    search = catalogue_search()
    report = evaluate_cases(case_set.cases, search, today=case_set.today)

    # The seeds: search the bare title and take the first result, whatever it is.
    seeds_right = seeds_wrong = 0
    for case in case_set.cases:
        results = search(case.query.title, None)
        picked = results[0].id if results else None
        if picked is not None and picked == case.expect_id:
            seeds_right += 1
        elif picked is not None:
            seeds_wrong += 1

    should_match = len(report.should_match)
    met = (
        parsing.ratio >= 0.98
        and not parsing.leaks
        and report.accuracy >= 0.98
        and not report.wrong_matches
    )
    return Result(
        name="Accuracy: title parsing and TMDB matching",
        target=">= 98% titles parsed, 0 non-trailers as films; >= 98% matched, 0 wrong",
        met=met,
        figures={
            "titles parsed exactly": f"{parsing.matched}/{parsing.total} ({parsing.ratio:.1%})",
            "non-trailers read as films": len(parsing.leaks),
            "films matched right": f"{len(report.matched_right)}/{should_match} "
            f"({report.accuracy:.1%})",
            "wrong matches": len(report.wrong_matches),
            "search calls per film": f"{report.searches_per_film:.2f}",
            "seeds' first result: right": f"{seeds_right}/{should_match}",
            "seeds' first result: wrong": seeds_wrong,
        },
    )


if __name__ == "__main__":
    main().print()
