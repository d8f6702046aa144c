"""How often the catalogue is right: title parsing on the 389-title project corpus and on
real channels' titles, and TMDB matching on the hard catalogue, against the seeds' approach
(first search result, year ignored).

Targets (issues 3, 4 and 12): >= 98% of project titles parsed exactly and no non-trailer read
as a film; on real titles >= 97% of film titles right, >= 98% of film trailers kept, no wrong
year but festival-premiere offsets (shown), >= 97% of non-films rejected; >= 98% of films
matched right with zero wrong matches.
"""

from bench.common import Result


def main() -> Result:
    from contrib.tmdb.accuracy import evaluate_cases
    from contrib.tmdb.testing.search import catalogue_search, load_cases
    from contrib.youtube.accuracy import load_labelled, measure, measure_real
    from contrib.youtube.tests.title_corpus import ROWS

    parsing = measure(ROWS)
    real = measure_real(load_labelled())
    halves = [real.half(0), real.half(1)]
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
        and real.met
        and report.accuracy >= 0.98
        and not report.wrong_matches
    )
    return Result(
        name="Accuracy: title parsing and TMDB matching",
        target=">= 98% titles parsed, 0 non-trailers as films; real titles: >= 97% film titles "
        "right, >= 98% trailers kept, 0 wrong years but premiere offsets, >= 97% non-films "
        "rejected; >= 98% matched, 0 wrong",
        met=met,
        figures={
            "titles parsed exactly": f"{parsing.matched}/{parsing.total} ({parsing.ratio:.1%})",
            "non-trailers read as films": len(parsing.leaks),
            "real: film titles right": _share(real.titles_right, real.films),
            "real: film titles right, hash halves": " / ".join(
                _share(half.titles_right, half.films) for half in halves
            ),
            "real: film trailers kept": _share(real.kept, real.films),
            "real: wrong years": f"{len(real.wrong_years)} of {len(real.years_given)} given "
            f"({len(real.one_year_off)} one year off, "
            f"{len(real.premiere_offsets) - len(real.one_year_off)} two years off: premieres; "
            f"{len(real.rerelease_years)} re-releases, {len(real.other_wrong_years)} other)",
            "real: re-release trailers (no year)": len(real.rereleases),
            "real: non-films rejected": _share(real.rejected, real.non_films),
            "real: series rejected / left to TMDB": f"{len(real.series_rejected)} / "
            f"{len(real.series_left_to_tmdb)} of {len(real.series)}",
            "real: trailers of no named film (not scored)": len(real.unlabelled_films),
            "films matched right": f"{len(report.matched_right)}/{should_match} "
            f"({report.accuracy:.1%})",
            "wrong matches": len(report.wrong_matches),
            "search calls per film": f"{report.searches_per_film:.2f}",
            "seeds' first result: right": f"{seeds_right}/{should_match}",
            "seeds' first result: wrong": seeds_wrong,
        },
    )


def _share(part: tuple, whole: tuple) -> str:
    return f"{len(part)}/{len(whole)} ({len(part) / len(whole) if whole else 1:.1%})"


if __name__ == "__main__":
    main().print()
