"""How well `parse_title` reads a corpus of known titles, for tests and benchmarks."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

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
