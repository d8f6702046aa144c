"""How well `parse_title` reads a corpus of known titles, for tests and benchmarks.

Two corpora: the project's own (`measure`: exact title, year and kind per row) and the real
one, titles copied from real channels and labelled with the film they advertise
(`measure_real`: the issue's figures, film titles right, trailers kept, wrong years,
non-films rejected, series).
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from contrib.text import fold
from contrib.youtube.titles import Kind, ParsedTitle, parse_title


class CorpusRow(NamedTuple):
    channel_style: str
    raw: str
    title: str
    year: int | None
    kind: Kind


@dataclass(frozen=True)
class Mismatch:
    row: CorpusRow
    got: ParsedTitle

    @property
    def leaked(self) -> bool:
        """A non-trailer read as a film: the costly kind of mistake."""
        return self.row.kind is Kind.OTHER and self.got.is_film


@dataclass(frozen=True)
class Accuracy:
    matched: int
    total: int
    mismatches: tuple[Mismatch, ...]

    @property
    def ratio(self) -> float:
        return self.matched / self.total if self.total else 1.0

    @property
    def leaks(self) -> tuple[Mismatch, ...]:
        return tuple(m for m in self.mismatches if m.leaked)


def measure(
    rows: Iterable[tuple[str, str, str, int | None, Kind]], *, preset: str | None = "auto"
) -> Accuracy:
    """Parse every row's title and count exact (title, year, kind) matches.

    `preset=None` parses each row with the preset named by its channel style.
    """
    total = 0
    mismatches = []
    for values in rows:
        row = CorpusRow._make(values)
        got = parse_title(row.raw, preset=preset or row.channel_style)
        total += 1
        if (got.title, got.year, got.kind) != (row.title, row.year, row.kind):
            mismatches.append(Mismatch(row, got))
    return Accuracy(total - len(mismatches), total, tuple(mismatches))


# --- the real corpus ----------------------------------------------------------------------

REAL_CORPUS = Path(__file__).resolve().parent / "fixtures" / "real_titles.jsonl"

FILM_KINDS = frozenset({"trailer", "teaser"})
SERIES_KIND = "series"
NON_FILM_KINDS = frozenset({"clip", "featurette", "tv_spot", "interview", "other"})
KINDS = FILM_KINDS | NON_FILM_KINDS | {SERIES_KIND}

# The targets for the parser on real titles.
TITLES_RIGHT_TARGET = 0.97
FILMS_KEPT_TARGET = 0.98
NON_FILMS_REJECTED_TARGET = 0.97
# A festival premiere a year or two before the release the trailer dates: TMDB's year is the
# premiere's, the title's the release's, and nothing in the title tells them apart.
PREMIERE_OFFSET_YEARS = 2


class CorpusError(ValueError):
    """A labelled corpus line that cannot be read."""


@dataclass(frozen=True)
class LabelledTitle:
    channel: str | None
    raw: str
    film_title: str | None  # None when the labeller could not tell the film
    film_year: int | None
    kind: str  # one of KINDS
    confidence: str  # high: captured by a machine; medium: copied; low: may have been typed


def load_labelled(path: Path = REAL_CORPUS) -> tuple[LabelledTitle, ...]:
    """Read a JSON-lines corpus; a bad line raises CorpusError naming the file and line."""
    rows = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                rows.append(_labelled(json.loads(line)))
            except (ValueError, TypeError, KeyError) as error:
                raise CorpusError(f"{path}:{number}: {error}") from None
    return tuple(rows)


def _labelled(data: dict) -> LabelledTitle:
    if data["kind"] not in KINDS:
        raise ValueError(f"unknown kind {data['kind']!r}; expected one of {sorted(KINDS)}")
    if not isinstance(data["raw_title"], str):
        raise TypeError("raw_title is not a string")
    year = data.get("film_year")
    return LabelledTitle(
        channel=data.get("channel"),
        raw=data["raw_title"],
        film_title=data.get("film_title") or None,
        film_year=int(year) if year is not None else None,
        kind=data["kind"],
        confidence=data.get("confidence", ""),
    )


def hash_half(row: LabelledTitle) -> int:
    """0 or 1, stable across runs and machines: split a corpus to check rules generalise."""
    return hashlib.sha256(row.raw.encode("utf-8")).digest()[-1] % 2


@dataclass(frozen=True)
class Reading:
    row: LabelledTitle
    got: ParsedTitle

    @property
    def title_right(self) -> bool:
        return _same_title(self.got.title, self.row.film_title)

    @property
    def year_offset(self) -> int | None:
        """How far the year read is from the film's; None when either is missing."""
        if self.got.year is None or self.row.film_year is None:
            return None
        return self.got.year - self.row.film_year


def _same_title(got: str, expected: str | None) -> bool:
    return bool(expected) and fold(got, drop_articles=True) == fold(expected, drop_articles=True)


@dataclass(frozen=True)
class RealAccuracy:
    films: tuple[Reading, ...]  # labelled trailers and teasers whose film is known
    unlabelled_films: tuple[Reading, ...]  # trailers and teasers of no named film: not scored
    non_films: tuple[Reading, ...]  # clips, featurettes, TV spots, interviews, other
    series: tuple[Reading, ...]

    @property
    def titles_right(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.films if r.got.is_film and r.title_right)

    @property
    def kept(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.films if r.got.is_film)

    @property
    def wrong_titles(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.kept if not r.title_right)

    @property
    def right_among_alternatives(self) -> tuple[Reading, ...]:
        """Wrong titles whose film is one of the parser's alternatives."""
        return tuple(
            r
            for r in self.wrong_titles
            if any(_same_title(a, r.row.film_title) for a in r.got.alternatives)
        )

    @property
    def years_given(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.kept if r.year_offset is not None)

    @property
    def wrong_years(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.years_given if r.year_offset)

    @property
    def one_year_off(self) -> tuple[Reading, ...]:
        """The festival-premiere case: TMDB dates a film a year from its trailer's year."""
        return tuple(r for r in self.wrong_years if abs(r.year_offset or 0) == 1)

    @property
    def premiere_offsets(self) -> tuple[Reading, ...]:
        return tuple(
            r for r in self.wrong_years if abs(r.year_offset or 0) <= PREMIERE_OFFSET_YEARS
        )

    @property
    def rerelease_years(self) -> tuple[Reading, ...]:
        """Years well after the film's: a re-release's year taken for the film's."""
        return tuple(r for r in self.wrong_years if (r.year_offset or 0) > PREMIERE_OFFSET_YEARS)

    @property
    def other_wrong_years(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.wrong_years if (r.year_offset or 0) < -PREMIERE_OFFSET_YEARS)

    @property
    def rereleases(self) -> tuple[Reading, ...]:
        """Film trailers the parser read as a re-release's, so without a year."""
        return tuple(r for r in self.kept if r.got.rerelease)

    @property
    def rejected(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.non_films if not r.got.is_film)

    @property
    def leaks(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.non_films if r.got.is_film)

    @property
    def series_rejected(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.series if not r.got.is_film)

    @property
    def series_left_to_tmdb(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.series if r.got.is_film)

    @property
    def titles_right_ratio(self) -> float:
        return _ratio(self.titles_right, self.films)

    @property
    def kept_ratio(self) -> float:
        return _ratio(self.kept, self.films)

    @property
    def rejected_ratio(self) -> float:
        return _ratio(self.rejected, self.non_films)

    def half(self, half: int) -> "RealAccuracy":
        """The figures on one `hash_half` of the corpus."""
        readings = self.films + self.unlabelled_films + self.non_films + self.series
        return score(r for r in readings if hash_half(r.row) == half)

    @property
    def met(self) -> bool:
        """The issue's targets; years off by a festival premiere are shown, not failed."""
        return (
            self.titles_right_ratio >= TITLES_RIGHT_TARGET
            and self.kept_ratio >= FILMS_KEPT_TARGET
            and not self.rerelease_years
            and not self.other_wrong_years
            and self.rejected_ratio >= NON_FILMS_REJECTED_TARGET
        )


def _ratio(part: tuple, whole: tuple) -> float:
    return len(part) / len(whole) if whole else 1.0


def measure_real(rows: Iterable[LabelledTitle], *, preset: str = "auto") -> RealAccuracy:
    """Parse every labelled title and score the readings."""
    return score(Reading(row, parse_title(row.raw, preset=preset)) for row in rows)


def score(readings: Iterable[Reading]) -> RealAccuracy:
    """Sort readings by what their row is: a film's trailer, a series', something else."""
    films, unlabelled, non_films, series = [], [], [], []
    for reading in readings:
        row = reading.row
        if row.kind in FILM_KINDS:
            (films if row.film_title else unlabelled).append(reading)
        elif row.kind == SERIES_KIND:
            series.append(reading)
        else:
            non_films.append(reading)
    return RealAccuracy(tuple(films), tuple(unlabelled), tuple(non_films), tuple(series))
