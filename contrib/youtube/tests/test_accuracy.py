from collections import Counter

from contrib.youtube.accuracy import measure
from contrib.youtube.tests.title_corpus import ROWS
from contrib.youtube.titles import Kind

GOOD = ("a24", "Past Lives | Official Trailer HD | A24", "Past Lives", None, Kind.TRAILER)
WRONG_YEAR = ("rotten_tomatoes", "Flow Trailer #1 (2024)", "Flow", 2023, Kind.TRAILER)
LEAK = ("mubi", "Dune | Official Trailer", "", None, Kind.OTHER)


def test_it_counts_exact_matches():
    accuracy = measure([GOOD, WRONG_YEAR])

    assert (accuracy.matched, accuracy.total, accuracy.ratio) == (1, 2, 0.5)


def test_it_lists_mismatches_with_what_was_read():
    (mismatch,) = measure([GOOD, WRONG_YEAR]).mismatches

    assert (mismatch.row.raw, mismatch.got.year) == (WRONG_YEAR[1], 2024)


def test_it_tells_a_non_trailer_read_as_a_film():
    accuracy = measure([WRONG_YEAR, LEAK])

    assert [m.row.raw for m in accuracy.leaks] == [LEAK[1]]


def test_it_handles_an_empty_corpus():
    assert measure([]).ratio == 1.0


def test_it_parses_with_each_rows_preset_when_asked():
    row = ("a24", "MUBI | Past Lives | Official Trailer", "MUBI", None, Kind.TRAILER)

    assert (measure([row]).matched, measure([row], preset=None).matched) == (0, 1)


def test_it_has_a_corpus_of_at_least_170_titles_from_6_channel_styles():
    kinds = Counter(row[4] for row in ROWS)

    assert len(ROWS) >= 170
    assert len({row[0] for row in ROWS}) >= 6
    assert kinds[Kind.OTHER] >= 40
    assert kinds[Kind.TEASER] >= 10


def test_it_reads_the_corpus_with_at_least_98_percent_accuracy():
    assert measure(ROWS).ratio >= 0.98


def test_it_reads_the_corpus_with_each_channels_preset_as_well():
    assert measure(ROWS, preset=None).ratio >= 0.98


def test_it_reads_no_corpus_non_trailer_as_a_film():
    assert measure(ROWS).leaks == ()
    assert measure(ROWS, preset=None).leaks == ()
