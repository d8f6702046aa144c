"""How well `find_match` decides on labelled cases, for tests and benchmarks.

The cases (`testing/cases.json`) say which TMDB film each trailer must match, that it is a
series', or that it must not be matched; the report counts right answers, wrong matches,
reviews, series and TMDB calls.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from contrib.tmdb.matching import MatchDecision, MatchQuery, Outcome, find_match

# A labelled case's query in, the matcher's decision out (through any path: the matcher on
# in-process lookups, or the whole pipeline).
Decider = Callable[["LabelledCase"], MatchDecision]


@dataclass(frozen=True)
class LabelledCase:
    """A film's trailers and the right answer: a TMDB id; SERIES (with the series' TMDB id);
    or None with the outcome that is right when nothing should be matched (not on TMDB, or
    truly ambiguous)."""

    query: MatchQuery
    expect_id: int | None
    expect_outcome: Outcome
    label: str = ""
    note: str = ""
    expect_series: int | None = None
    # The slug of each trailer's channel, in `query.trailers` order.
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseResult:
    case: LabelledCase
    decision: MatchDecision

    @property
    def matched_id(self) -> int | None:
        return self.decision.best.id if self.decision.best else None

    @property
    def is_wrong_match(self) -> bool:
        """A wrong film, or a film hidden as a series: worse than no match."""
        if self.decision.outcome is Outcome.MATCHED:
            return self.matched_id != self.case.expect_id
        return self.decision.outcome is Outcome.SERIES and self.case.expect_id is not None

    @property
    def is_right(self) -> bool:
        outcome = self.decision.outcome
        if self.case.expect_id is not None:
            return outcome is Outcome.MATCHED and not self.is_wrong_match
        if self.case.expect_outcome is Outcome.SERIES:
            series = self.decision.series
            return outcome is Outcome.SERIES and (
                self.case.expect_series is None or series.id == self.case.expect_series
            )
        return outcome is self.case.expect_outcome


@dataclass(frozen=True)
class EvaluationReport:
    results: tuple[CaseResult, ...]

    def _with(self, outcome: Outcome) -> list[CaseResult]:
        return [r for r in self.results if r.decision.outcome is outcome]

    @property
    def should_match(self) -> list[CaseResult]:
        return [r for r in self.results if r.case.expect_id is not None]

    @property
    def should_not_match(self) -> list[CaseResult]:
        return [r for r in self.results if r.case.expect_id is None]

    @property
    def series_cases(self) -> list[CaseResult]:
        return [r for r in self.results if r.case.expect_outcome is Outcome.SERIES]

    @property
    def matched_right(self) -> list[CaseResult]:
        return [r for r in self.should_match if r.is_right]

    @property
    def series_right(self) -> list[CaseResult]:
        return [r for r in self.series_cases if r.is_right]

    @property
    def wrong_matches(self) -> list[CaseResult]:
        return [r for r in self.results if r.is_wrong_match]

    @property
    def in_review(self) -> list[CaseResult]:
        return self._with(Outcome.NEEDS_REVIEW)

    @property
    def not_found(self) -> list[CaseResult]:
        return self._with(Outcome.NOT_FOUND)

    @property
    def failures(self) -> list[CaseResult]:
        return [r for r in self.results if not r.is_right]

    @property
    def accuracy(self) -> float:
        return len(self.matched_right) / len(self.should_match) if self.should_match else 1.0

    @property
    def review_share(self) -> float:
        return len(self.in_review) / len(self.results) if self.results else 0.0

    @property
    def calls_per_film(self) -> float:
        total = sum(r.decision.calls for r in self.results)
        return total / len(self.results) if self.results else 0.0

    @property
    def max_calls(self) -> int:
        return max((r.decision.calls for r in self.results), default=0)

    def summary(self) -> str:
        unmatched_right = [r for r in self.should_not_match if r.is_right]
        lines = [
            f"films that should match: {len(self.matched_right)}/{len(self.should_match)} "
            f"matched right ({self.accuracy:.1%})",
            f"wrong matches: {len(self.wrong_matches)}",
            f"series trailers rejected as series: {len(self.series_right)}/"
            f"{len(self.series_cases)}",
            f"in review: {len(self.in_review)}/{len(self.results)} ({self.review_share:.1%})",
            f"trailers that should not match: {len(unmatched_right)}/"
            f"{len(self.should_not_match)} ended as expected (series / review / not found)",
            f"TMDB calls per film: {self.calls_per_film:.2f} (max {self.max_calls})",
        ]
        for r in self.failures:
            expected = r.case.expect_id or r.case.expect_outcome
            lines.append(
                f"  FAIL {r.case.label or r.case.query.title!r}: expected {expected}, got "
                f"{r.decision.outcome} {r.matched_id or ''} - {r.decision.reason}"
            )
        return "\n".join(lines)


def evaluate_cases(cases: Sequence[LabelledCase], decide: Decider) -> EvaluationReport:
    """Run every case through `decide`; the report says how often it was right."""
    return EvaluationReport(tuple(CaseResult(case, decide(case)) for case in cases))


def matcher_decider(lookups, *, today: date) -> Decider:
    """The matcher alone, on `lookups` (an object with `search`, `details` and `search_tv`,
    as `contrib.tmdb.testing.search.catalogue_lookups()` gives)."""

    def decide(case: LabelledCase) -> MatchDecision:
        return find_match(
            case.query,
            lookups.search,
            today=today,
            details=lookups.details,
            search_tv=lookups.search_tv,
        )

    return decide
