"""Decide which TMDB film a trailer is about, or that a person has to.

Pure functions over search results: no HTTP, no Django, no clock (`today` is passed in).
The rules, in order of weight:

1. Title similarity to the trailer's title (and any alternative titles) against both TMDB's
   `title` and `original_title`: exact > same without article > same letters > same words >
   main title (before a subtitle) > prefix > word or letter overlap. Case, accents,
   punctuation, dash style and leading articles are folded.
2. Year: the trailer's year is trusted; one year off is common (festival premieres), more is
   penalised hard. Without a year, recent films are preferred: trailer channels post new
   releases.
3. Popularity and vote count only break ties; they never create a margin.

A film is MATCHED only with a score above `ACCEPT_SCORE` and a clear `MIN_MARGIN` over the
runner-up, because a wrong match is worse than no match: anything else is NEEDS_REVIEW (with
the best candidates kept for the curator), or NOT_FOUND when nothing is even plausible.
"""

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from contrib.text import clean, fold
from contrib.tmdb.types import SearchResult

# Exact titles in the right year score 1.0; one year off 0.9; the main title of a film with a
# subtitle ("Furiosa" for "Furiosa: A Mad Max Saga") 0.88. Prefixes and overlaps stay below.
ACCEPT_SCORE = 0.85
# Two exact titles one year apart differ by 0.1; a recent film beats an old namesake by 0.1.
MIN_MARGIN = 0.08
# Below this nothing is worth a curator's time: the outcome is NOT_FOUND.
PLAUSIBLE_SCORE = 0.5
KEEP_CANDIDATES = 5
# TMDB pages hold 20 results: a full page may have cut off the film we want.
FULL_PAGE = 20

YEAR_PENALTIES = {0: 0.0, 1: 0.1, 2: 0.3}
FAR_YEAR_PENALTY = 0.6
# A film with no release date yet, while the trailer names a year: probably the upcoming one.
UNDATED_PENALTY = 0.1
# Without a year in the trailer: films within 18 months of today get the full bonus, fading
# to nothing over the next two years.
RECENCY_BONUS = 0.1
RECENT_YEARS = 1.5
RECENCY_FADE_YEARS = 2.0

SearchFn = Callable[[str, int | None], Sequence[SearchResult]]


class Outcome(StrEnum):
    MATCHED = "matched"
    NEEDS_REVIEW = "needs_review"
    NOT_FOUND = "not_found"


class TitleMatch(StrEnum):
    """How a candidate's title relates to the wanted one, best first."""

    EXACT = "exact title"
    SAME_WITHOUT_ARTICLE = "same title but for a leading article"
    SAME_LETTERS = "same title but for spacing"
    SAME_WORDS = "same title but for small words"
    MAIN_TITLE = "same title before the subtitle"
    PREFIX = "one title starts the other"
    OVERLAP = "titles share some words"
    NONE = "different title"


@dataclass(frozen=True)
class TitleScore:
    score: float
    match: TitleMatch


@dataclass(frozen=True)
class MatchQuery:
    """What a trailer tells us: its cleaned title and the year in its title, if any."""

    title: str
    year: int | None = None
    # Other spellings worth comparing, e.g. the raw ALL-CAPS trailer title or an original title.
    alt_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoredCandidate:
    result: SearchResult
    score: float
    title_score: float
    # |candidate year - trailer year|; None when either has no year.
    year_distance: int | None
    title_match: TitleMatch = TitleMatch.NONE

    @property
    def is_plausible(self) -> bool:
        return self.title_score >= PLAUSIBLE_SCORE and self.score >= PLAUSIBLE_SCORE


@dataclass(frozen=True)
class MatchDecision:
    outcome: Outcome
    # The chosen film, only when MATCHED: a suggestion is in `candidates`, never here.
    best: SearchResult | None
    # The top candidate's score (0.0 without candidates).
    score: float
    # The best candidates across all searches, best first, for the curator.
    candidates: tuple[ScoredCandidate, ...]
    # How many search calls were made.
    searches: int
    # A short sentence for curators.
    reason: str


# -- titles ------------------------------------------------------------------------------------

# Sequel numbers are written both ways ("Gladiator II", "Gladiator 2"). I, V and X stay
# letters: they are words and names too often ("I Saw the TV Glow", "Malcolm X").
_ROMAN_NUMERALS = {"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}
_SMALL_WORDS = frozenset(
    {"the", "a", "an", "of", "and", "in", "on", "at", "to", "for", "with", "from", "by"}
    | {"de", "du", "des", "la", "le", "les", "el", "los", "las"}
)
# "Title: Subtitle" and "Title - Subtitle" (clean() has turned en and em dashes into "-").
# A colon must be followed by a space so that "3:10 to Yuma" stays whole.
_SUBTITLE_SEPARATOR = re.compile(r"\s*:\s+|\s+-\s+")


def _words(text: str, *, drop_articles: bool = False) -> tuple[str, ...]:
    folded = fold(text, drop_articles=drop_articles)
    return tuple(_ROMAN_NUMERALS.get(word, word) for word in folded.split())


def _main_titles(title: str) -> list[tuple[str, ...]]:
    """The titles before each subtitle: "Mission: Impossible – Dead Reckoning" gives
    "Mission" and "Mission: Impossible"."""
    parts = _SUBTITLE_SEPARATOR.split(clean(title))
    return [_words(" ".join(parts[:n]), drop_articles=True) for n in range(1, len(parts))]


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def compare_titles(wanted: str, candidate: str) -> TitleScore:
    """How well `candidate` (a TMDB title) fits `wanted` (a trailer title), from 0 to 1."""
    full_wanted, full_candidate = _words(wanted), _words(candidate)
    if not full_wanted or not full_candidate:
        return TitleScore(0.0, TitleMatch.NONE)
    if full_wanted == full_candidate:
        return TitleScore(1.0, TitleMatch.EXACT)
    a = _words(wanted, drop_articles=True)
    b = _words(candidate, drop_articles=True)
    if a == b:
        return TitleScore(0.96, TitleMatch.SAME_WITHOUT_ARTICLE)
    if "".join(a) == "".join(b):  # "Spider-Man" / "Spiderman", "Baby Girl" / "Babygirl"
        return TitleScore(0.94, TitleMatch.SAME_LETTERS)
    content_a = tuple(w for w in a if w not in _SMALL_WORDS)
    content_b = tuple(w for w in b if w not in _SMALL_WORDS)
    if content_a and content_a == content_b:
        return TitleScore(0.92, TitleMatch.SAME_WORDS)
    # Only the candidate's subtitle may be missing: "Furiosa" fits "Furiosa: A Mad Max Saga",
    # but "Civil War" is not "Captain America: Civil War".
    if a in _main_titles(candidate):
        return TitleScore(0.88, TitleMatch.MAIN_TITLE)
    shorter, longer = sorted((a, b), key=len)
    if shorter and longer[: len(shorter)] == shorter:
        # Stays below ACCEPT_SCORE however long the shared start: "Inside Out" is not
        # "Inside Out 2", "Room" is not "The Room Next Door".
        return TitleScore(round(0.5 + 0.35 * len(shorter) / len(longer), 4), TitleMatch.PREFIX)
    letters = difflib.SequenceMatcher(None, "".join(a), "".join(b), autojunk=False).ratio()
    overlap = max(_dice(set(content_a), set(content_b)), letters)
    if overlap <= 0:
        return TitleScore(0.0, TitleMatch.NONE)
    return TitleScore(round(0.6 * overlap, 4), TitleMatch.OVERLAP)


def _best_title_score(query: MatchQuery, result: SearchResult) -> TitleScore:
    wanted = [query.title, *query.alt_titles]
    names = {name for name in (result.title, result.original_title) if name}
    scores = [compare_titles(w, name) for w in wanted for name in names]
    return max(scores, key=lambda s: s.score, default=TitleScore(0.0, TitleMatch.NONE))


# -- years -------------------------------------------------------------------------------------


def _year_penalty(distance: int | None) -> float:
    if distance is None:
        return UNDATED_PENALTY
    return YEAR_PENALTIES.get(distance, FAR_YEAR_PENALTY)


def _recency_bonus(released: date | None, today: date) -> float:
    if released is None:
        return RECENCY_BONUS / 2  # announced, not dated yet: probably upcoming
    years_away = abs((today - released).days) / 365.25
    if years_away <= RECENT_YEARS:
        return RECENCY_BONUS
    return max(0.0, RECENCY_BONUS * (1 - (years_away - RECENT_YEARS) / RECENCY_FADE_YEARS))


# -- scoring and deciding ----------------------------------------------------------------------


def score_candidates(
    query: MatchQuery, results: Sequence[SearchResult], *, today: date
) -> list[ScoredCandidate]:
    """Every distinct result scored against the query, best first.

    Equal scores are ordered by popularity, then vote count: tie-breakers only."""
    scored: dict[int, ScoredCandidate] = {}
    for result in results:
        if result.id in scored:
            continue
        title = _best_title_score(query, result)
        distance = None
        if query.year is not None and result.year is not None:
            distance = abs(result.year - query.year)
        if query.year is not None:
            score = title.score - _year_penalty(distance)
        elif title.score >= PLAUSIBLE_SCORE:
            # Recency lifts only films whose title already fits.
            score = title.score + _recency_bonus(result.release_date, today)
        else:
            score = title.score
        scored[result.id] = ScoredCandidate(
            result=result,
            score=round(score, 4),
            title_score=title.score,
            year_distance=distance,
            title_match=title.match,
        )
    return sorted(
        scored.values(),
        key=lambda c: (c.score, c.result.popularity, c.result.vote_count),
        reverse=True,
    )


def _describe(candidate: ScoredCandidate) -> str:
    return f"'{candidate.result.title}' ({candidate.result.year or 'no date'})"


def _year_note(query: MatchQuery, candidate: ScoredCandidate) -> str:
    if query.year is None:
        return "the trailer gives no year"
    if candidate.result.year is None:
        return "TMDB has no release date yet"
    if candidate.year_distance == 0:
        return "same year"
    if candidate.year_distance == 1:
        return "one year off (festival premiere?)"
    return f"{candidate.year_distance} years off the trailer's {query.year}"


def decide(
    query: MatchQuery,
    scored: Sequence[ScoredCandidate],
    *,
    searches: int = 0,
    accept_score: float = ACCEPT_SCORE,
    min_margin: float = MIN_MARGIN,
) -> MatchDecision:
    """MATCHED above the threshold with a clear margin; otherwise review or not found.

    `scored` must be best first, as `score_candidates` returns it."""
    kept = tuple(scored[:KEEP_CANDIDATES])
    wanted = f"'{query.title}'" + (f" ({query.year})" if query.year else "")
    if not scored:
        reason = f"TMDB has no results for {wanted}."
        return MatchDecision(Outcome.NOT_FOUND, None, 0.0, kept, searches, reason)
    best = scored[0]
    if not best.is_plausible:
        reason = (
            f"No TMDB result resembles {wanted}; the closest is {_describe(best)}: "
            f"{best.title_match}, {_year_note(query, best)}."
        )
        return MatchDecision(Outcome.NOT_FOUND, None, best.score, kept, searches, reason)
    runner_up = scored[1] if len(scored) > 1 else None
    why = f"{best.title_match}, {_year_note(query, best)}"
    if best.score < accept_score:
        reason = (
            f"Best candidate {_describe(best)} is not convincing "
            f"({best.score:.2f} < {accept_score:.2f}): {why}."
        )
        return MatchDecision(Outcome.NEEDS_REVIEW, None, best.score, kept, searches, reason)
    if runner_up is not None and round(best.score - runner_up.score, 4) < min_margin:
        reason = (
            f"{_describe(best)} and {_describe(runner_up)} are too close to call "
            f"({best.score:.2f} vs {runner_up.score:.2f})."
        )
        return MatchDecision(Outcome.NEEDS_REVIEW, None, best.score, kept, searches, reason)
    reason = f"Matched {_describe(best)}: {why}."
    return MatchDecision(Outcome.MATCHED, best.result, best.score, kept, searches, reason)


def _is_settled(decision: MatchDecision) -> bool:
    # Matched, or two strong rivals: more results could only add rivals.
    return decision.score >= ACCEPT_SCORE


def _other_search_texts(query: MatchQuery) -> list[str]:
    """Texts worth one more search when the title found nothing: the title without its
    subtitle, then the alternative titles."""
    tried = {fold(query.title)}
    texts = []
    for text in (_SUBTITLE_SEPARATOR.split(clean(query.title))[0], *query.alt_titles):
        key = fold(text)
        if key and key not in tried:
            tried.add(key)
            texts.append(clean(text))
    return texts


def find_match(query: MatchQuery, search: SearchFn, *, today: date) -> MatchDecision:
    """Search TMDB through `search(text, year)` and decide, with as few calls as possible.

    1. With a year: search that year. Usually one call settles it.
    2. Search without a year. This covers "year ± 1" (festival premieres) and undated upcoming
       films in one call, since candidates are still scored against the trailer's year.
    3. Only if that page was full (the neighbour years may have been cut off): year - 1, then
       year + 1.
    4. Only if nothing plausible turned up: the title without its subtitle, then the
       alternative titles.
    Candidates are merged across searches, so the review list shows the best of all of them.
    """
    text = clean(query.title)
    found: dict[int, SearchResult] = {}
    calls = 0

    def run(search_text: str, year: int | None) -> int:
        nonlocal calls
        calls += 1
        results = search(search_text, year)
        for result in results:
            found.setdefault(result.id, result)
        return len(results)

    def current() -> MatchDecision:
        scored = score_candidates(query, list(found.values()), today=today)
        return decide(query, scored, searches=calls)

    if not fold(text):
        return decide(query, [], searches=0)

    if query.year is not None:
        run(text, query.year)
        decision = current()
        if _is_settled(decision):
            return decision

    page_size = run(text, None)
    decision = current()
    if _is_settled(decision):
        return decision

    if query.year is not None and page_size >= FULL_PAGE:
        for year in (query.year - 1, query.year + 1):
            run(text, year)
            decision = current()
            if _is_settled(decision):
                return decision

    if decision.outcome is Outcome.NOT_FOUND:
        for other in _other_search_texts(query):
            run(other, None)
            decision = current()
            if decision.outcome is not Outcome.NOT_FOUND:
                break
    return decision
