"""How well `find_match` decides on labelled cases, for tests and benchmarks.

The cases (`testing/cases.json`) say which TMDB film each trailer must match, or that it
must not be matched; the report counts right answers, wrong matches and search calls.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from contrib.tmdb.matching import MatchDecision, MatchQuery, Outcome, SearchFn, find_match


@dataclass(frozen=True)
class LabelledCase:
    """A trailer-derived query and the right answer: a TMDB id, or None when the right answer
    is "not matched" (not on TMDB, or genuinely ambiguous)."""

    query: MatchQuery
    expect_id: int | None
    expect_outcome: Outcome
    label: str = ""
    note: str = ""


@dataclass(frozen=True)
class CaseResult:
    case: LabelledCase
    decision: MatchDecision

    @property
    def matched_id(self) -> int | None:
        return self.decision.best.id if self.decision.best else None

    @property
    def is_wrong_match(self) -> bool:
        return self.decision.outcome is Outcome.MATCHED and self.matched_id != self.case.expect_id

    @property
    def is_right(self) -> bool:
        if self.case.expect_id is not None:
            return self.decision.outcome is Outcome.MATCHED and not self.is_wrong_match
        return self.decision.outcome is self.case.expect_outcome


@dataclass(frozen=True)
class EvaluationReport:
    results: tuple[CaseResult, ...]

    @property
    def should_match(self) -> list[CaseResult]:
        return [r for r in self.results if r.case.expect_id is not None]

    @property
    def should_not_match(self) -> list[CaseResult]:
        return [r for r in self.results if r.case.expect_id is None]

    @property
    def matched_right(self) -> list[CaseResult]:
        return [r for r in self.should_match if r.is_right]

    @property
    def wrong_matches(self) -> list[CaseResult]:
        return [r for r in self.results if r.is_wrong_match]

    @property
    def failures(self) -> list[CaseResult]:
        return [r for r in self.results if not r.is_right]

    @property
    def accuracy(self) -> float:
        return len(self.matched_right) / len(self.should_match) if self.should_match else 1.0

    @property
    def searches_per_film(self) -> float:
        total = sum(r.decision.searches for r in self.results)
        return total / len(self.results) if self.results else 0.0

    def summary(self) -> str:
        unmatched_right = [r for r in self.should_not_match if r.is_right]
        lines = [
            f"films that should match: {len(self.matched_right)}/{len(self.should_match)} "
            f"matched right ({self.accuracy:.1%})",
            f"wrong matches: {len(self.wrong_matches)}",
            f"films that should not match: {len(unmatched_right)}/{len(self.should_not_match)} "
            "ended as expected (needs review / not found)",
            f"search calls per film: {self.searches_per_film:.2f} "
            f"(max {max((r.decision.searches for r in self.results), default=0)})",
        ]
        for r in self.failures:
            lines.append(
                f"  FAIL {r.case.label or r.case.query.title!r}: expected "
                f"{r.case.expect_id or r.case.expect_outcome}, got {r.decision.outcome}"
                f" {r.matched_id or ''} - {r.decision.reason}"
            )
        return "\n".join(lines)


def evaluate_cases(
    cases: Sequence[LabelledCase], search: SearchFn, *, today: date
) -> EvaluationReport:
    """Run every case through `find_match`; the report says how often it was right."""
    return EvaluationReport(
        tuple(CaseResult(case, find_match(case.query, search, today=today)) for case in cases)
    )
