"""Decide which TMDB film a trailer is about, that it is a series', or that a person has to.

Pure functions over TMDB's answers: no HTTP, no Django, no clock (`today` is passed in). The
caller hands `find_match` the TMDB calls it may make; the matcher decides which it needs.

Evidence, weighed in this order:

1. Title similarity to the trailer's title (and its alternative readings) against TMDB's
   `title`, `original_title` and, once a film's record is fetched, its alternative titles:
   exact > same without article > same letters > same words > main title (before a subtitle) >
   prefix > word or letter overlap. Case, accents, punctuation, dash style and leading
   articles are folded.
2. Time. A year in the trailer (its own, or another channel's trailer of the same film) is
   trusted: one year off is common (festival premieres), more is penalised hard; a film TMDB's
   `year` filter finds released in that year in some country counts as that year. A trailer
   without a year prefers films released near its upload date: a channel's new uploads are
   of new films. A re-release's trailer wants a film that was already out when it was posted.
3. TMDB's record of the film, fetched only for ambiguous cases: the trailer's own YouTube id
   among the film's videos is decisive; the channel's studio among its production companies
   is a bonus.
4. Popularity and vote count only break ties; they never create a margin.

A film is MATCHED only with a score above `ACCEPT_SCORE` and a clear `MIN_MARGIN` over the
runner-up (or the decisive video), because a wrong match is worse than no match. A trailer
whose title TMDB knows as a series, with no film fitting as well, is a SERIES. Anything else
is NEEDS_REVIEW (with the best candidates kept for the curator), or NOT_FOUND when nothing is
even plausible. Every decision records the evidence that decided it.
"""

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from contrib.text import clean, fold
from contrib.tmdb.types import MovieDetails, SearchResult, TVResult

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
# A film released in the trailer's year in some country (TMDB's `year` filter) counts as that
# year when its primary release is at most this far away (a festival premiere, a late local
# release); further away it is a re-release, which says nothing.
REGIONAL_YEARS = 2

# Without a year in the trailer: films released up to 18 months after its upload, or up to a
# year before it (a festival premiere, then the channel's release), get the full bonus; it
# fades to nothing over the following year.
RECENCY_BONUS = 0.1
RECENT_AHEAD_YEARS = 1.5
RECENT_BEHIND_YEARS = 1.0
RECENCY_FADE_YEARS = 1.0
# A re-release's trailer is of a film already out when it was posted (upload dates are
# approximate: a month's slack).
RERELEASE_SLACK = timedelta(days=31)
RERELEASE_PENALTY = 0.3
# The channel's studio among a film's production companies: as strong as a fitting date.
STUDIO_BONUS = 0.1
# TMDB records fetched per film at most, for the contenders of an ambiguous case.
MAX_DETAILS = 3
# A series named by a part of the title must be named exactly so, but for an article.
SAME_NAME_SCORE = 0.96

SearchFn = Callable[[str, int | None], Sequence[SearchResult]]
DetailsFn = Callable[[int], MovieDetails]
TVSearchFn = Callable[[str], Sequence[TVResult]]


class Outcome(StrEnum):
    MATCHED = "matched"
    SERIES = "series"
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


class Rule(StrEnum):
    """The kinds of evidence a decision records."""

    TITLE = "title"
    YEAR = "year"
    OTHER_TRAILER_YEAR = "another trailer's year"
    UPLOAD_DATE = "upload date"
    RERELEASE = "re-release"
    STUDIO = "studio"
    VIDEO = "video"
    SERIES = "series"


@dataclass(frozen=True)
class Evidence:
    rule: Rule
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": str(self.rule), "detail": self.detail}


@dataclass(frozen=True)
class TitleScore:
    score: float
    match: TitleMatch


@dataclass(frozen=True)
class TrailerEvidence:
    """What one of the film's trailers tells besides its title."""

    video_id: str = ""
    title: str = ""  # as posted, for the record
    channel: str = ""
    # The channel's studio names, spelled as TMDB spells production companies.
    studios: tuple[str, ...] = ()
    published: date | None = None  # upload day, approximate
    year: int | None = None  # the year its title gives
    rerelease: bool = False


@dataclass(frozen=True)
class MatchQuery:
    """What the trailers of one film tell: its title, the year any of them gives, other
    readings of the title, and each trailer's own evidence."""

    title: str
    year: int | None = None
    # Other spellings worth comparing and searching: a studio's full form, an "aka" title.
    alt_titles: tuple[str, ...] = ()
    trailers: tuple[TrailerEvidence, ...] = ()
    # Every trailer is a re-release's: the film is older than them, whatever their dates.
    rerelease: bool = False

    @property
    def video_ids(self) -> frozenset[str]:
        return frozenset(t.video_id for t in self.trailers if t.video_id)

    @property
    def studios(self) -> dict[str, str]:
        """Folded studio name -> as written, over every trailer's channel."""
        return {fold(s): s for t in self.trailers for s in t.studios if fold(s)}

    def reference_date(self, today: date) -> date:
        """The day recency is measured from: the first upload (re-releases' uploads only when
        there is nothing else), else today."""
        dated = [t for t in self.trailers if t.published]
        fresh = [t for t in dated if not t.rerelease] or dated
        return min((t.published for t in fresh), default=today)

    def year_source(self) -> TrailerEvidence | None:
        """The trailer the year comes from, when another trailer of the film gives none."""
        if self.year is None or all(t.year is not None for t in self.trailers):
            return None
        return next((t for t in self.trailers if t.year == self.year), None)


@dataclass(frozen=True)
class ScoredCandidate:
    result: SearchResult
    score: float
    title_score: float
    # |candidate year - trailer year| (0 for a regional release that year); None when either
    # has no year.
    year_distance: int | None
    title_match: TitleMatch = TitleMatch.NONE
    # The date or year fits (trailer year at most one off, recent, or out before a re-release).
    time_fits: bool = False
    # The trailer is among the film's TMDB videos.
    decisive: bool = False
    studio: bool = False
    evidence: tuple[Evidence, ...] = ()

    @property
    def is_plausible(self) -> bool:
        return self.decisive or (
            self.title_score >= PLAUSIBLE_SCORE and self.score >= PLAUSIBLE_SCORE
        )

    @property
    def corroborated(self) -> bool:
        """Evidence beyond the title says it is this film: a series needn't be looked for."""
        return self.decisive or self.studio or self.time_fits


@dataclass(frozen=True)
class ScoredSeries:
    result: TVResult
    score: float
    title_score: float
    title_match: TitleMatch
    evidence: Evidence


@dataclass(frozen=True)
class MatchDecision:
    outcome: Outcome
    # The chosen film, only when MATCHED: a suggestion is in `candidates`, never here.
    best: SearchResult | None
    # The top candidate's score, or the series' (0.0 without candidates).
    score: float
    # The best film candidates across all searches, best first, for the curator.
    candidates: tuple[ScoredCandidate, ...]
    # How many TMDB calls the matcher made (searches and records).
    calls: int
    # A short sentence for curators.
    reason: str
    # What decided: the winner's evidence, or the series'.
    evidence: tuple[Evidence, ...] = ()
    # The series the trailer is about, when SERIES.
    series: TVResult | None = None
    # The chosen film's record, when it was fetched while matching (no need to ask again).
    details: MovieDetails | None = None


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


def _best_name(query: MatchQuery, names: Sequence[tuple[str, str]]) -> tuple[TitleScore, str]:
    """The best fit of the trailer's readings against (kind, name) pairs, and a note naming
    the name that fit ("original title 'Kuolleet lehdet'")."""
    best, note = TitleScore(0.0, TitleMatch.NONE), ""
    for kind, name in names:
        for wanted in (query.title, *query.alt_titles):
            score = compare_titles(wanted, name)
            if score.score > best.score:
                best, note = score, f"{kind} '{name}'"
    return best, note


def _film_names(result: SearchResult, details: MovieDetails | None) -> list[tuple[str, str]]:
    names = [("title", result.title)]
    if result.original_title and result.original_title != result.title:
        names.append(("original title", result.original_title))
    if details is not None:
        names += [("alternative title", name) for name in details.alternative_titles]
    return names


# -- time --------------------------------------------------------------------------------------


def _year_penalty(distance: int | None) -> float:
    if distance is None:
        return UNDATED_PENALTY
    return YEAR_PENALTIES.get(distance, FAR_YEAR_PENALTY)


def _recency_bonus(released: date | None, reference: date) -> float:
    if released is None:
        return RECENCY_BONUS / 2  # announced, not dated yet: probably upcoming
    years = (released - reference).days / 365.25
    window = RECENT_AHEAD_YEARS if years >= 0 else RECENT_BEHIND_YEARS
    beyond = abs(years) - window
    if beyond <= 0:
        return RECENCY_BONUS
    return max(0.0, RECENCY_BONUS * (1 - beyond / RECENCY_FADE_YEARS))


def _months_between(released: date, reference: date, what: str) -> str:
    months = round(abs((released - reference).days) / 30.44)
    if months == 0:
        return f"the month of {what}"
    side = "after" if released > reference else "before"
    span = f"{months} months" if months < 24 else f"{months / 12:.0f} years"
    return f"{span} {side} {what}"


# -- scoring -----------------------------------------------------------------------------------


@dataclass
class _Known:
    """What the matcher has learnt from TMDB so far for one query."""

    # Search results by id, in the order first seen.
    found: dict[int, SearchResult] = field(default_factory=dict)
    # Years whose `year=` search found a candidate (released that year somewhere).
    in_years: dict[int, set[int]] = field(default_factory=dict)
    details: dict[int, MovieDetails] = field(default_factory=dict)


def score_candidates(
    query: MatchQuery,
    results: Sequence[SearchResult],
    *,
    today: date,
    details: dict[int, MovieDetails] | None = None,
    in_years: dict[int, set[int]] | None = None,
) -> list[ScoredCandidate]:
    """Every distinct result scored against the query, best first: decisive ones first, then
    by score; equal scores by popularity, then vote count (tie-breakers only).

    `details` holds the TMDB records fetched so far (videos, companies, alternative titles);
    `in_years`, the years whose `year=` search found each result."""
    details = details or {}
    in_years = in_years or {}
    reference = query.reference_date(today)
    scored: dict[int, ScoredCandidate] = {}
    for result in results:
        if result.id not in scored:
            scored[result.id] = _score(
                query, result, reference, details.get(result.id), in_years.get(result.id, set())
            )
    return sorted(
        scored.values(),
        key=lambda c: (c.decisive, c.score, c.result.popularity, c.result.vote_count),
        reverse=True,
    )


def _score(
    query: MatchQuery,
    result: SearchResult,
    reference: date,
    details: MovieDetails | None,
    in_years: set[int],
) -> ScoredCandidate:
    title, name = _best_name(query, _film_names(result, details))
    evidence = [Evidence(Rule.TITLE, f"{title.match}: {name}" if name else str(title.match))]
    score = title.score
    distance = None
    time_fits = False
    if query.year is not None:
        if result.year is not None:
            distance = abs(result.year - query.year)
            if 0 < distance <= REGIONAL_YEARS and query.year in in_years:
                distance = 0
        score -= _year_penalty(distance)
        time_fits = distance is not None and distance <= 1
        evidence.append(_year_evidence(query, result, distance))
    elif query.rerelease:
        out = result.release_date is not None and result.release_date <= reference + (
            RERELEASE_SLACK
        )
        if not out:
            score -= RERELEASE_PENALTY
        time_fits = out
        evidence.append(_rerelease_evidence(result, reference, out))
    elif title.score >= PLAUSIBLE_SCORE:
        # Recency lifts only films whose title already fits.
        bonus = _recency_bonus(result.release_date, reference)
        score += bonus
        time_fits = bonus >= RECENCY_BONUS
        evidence.append(_upload_evidence(query, result, reference, bonus))

    studio = False
    decisive = False
    if details is not None:
        companies = {fold(c): c for c in details.production_companies}
        shared = [name for key, name in query.studios.items() if _is_studio(key, companies)]
        if shared:
            studio = True
            score += STUDIO_BONUS
            evidence.append(Evidence(Rule.STUDIO, f"{shared[0]} among its production companies"))
        keys = sorted(query.video_ids & set(details.youtube_keys))
        if keys:
            decisive = True
            evidence.insert(0, Evidence(Rule.VIDEO, f"TMDB lists the trailer {keys[0]} as its own"))
    return ScoredCandidate(
        result=result,
        score=round(score, 4),
        title_score=title.score,
        year_distance=distance,
        title_match=title.match,
        time_fits=time_fits,
        decisive=decisive,
        studio=studio,
        evidence=tuple(evidence),
    )


def _is_studio(studio: str, companies: dict[str, str]) -> bool:
    """ "A24" is "A24"; "Searchlight Pictures" is part of "Fox Searchlight Pictures"."""
    return any(f" {studio} " in f" {company} " for company in companies)


def _year_evidence(query: MatchQuery, result: SearchResult, distance: int | None) -> Evidence:
    source = query.year_source()
    rule = Rule.OTHER_TRAILER_YEAR if source else Rule.YEAR
    given = f"the trailer says {query.year}"
    if source is not None:
        channel = source.channel or "another channel"
        given = f"{channel}'s trailer '{source.title}' says {query.year}"
    if result.year is None:
        return Evidence(rule, f"no release date on TMDB yet; {given}")
    if distance == 0 and result.year != query.year:
        return Evidence(
            rule, f"released in {query.year} in some country (first in {result.year}); {given}"
        )
    if distance == 0:
        return Evidence(rule, f"released in {result.year}; {given}")
    off = "one year" if distance == 1 else f"{distance} years"
    return Evidence(rule, f"released in {result.year}, {off} off; {given}")


def _upload_evidence(
    query: MatchQuery, result: SearchResult, reference: date, bonus: float
) -> Evidence:
    what = "the trailer's upload" if any(t.published for t in query.trailers) else "today"
    if result.release_date is None:
        return Evidence(Rule.UPLOAD_DATE, "not dated yet: probably upcoming")
    fit = "near" if bonus >= RECENCY_BONUS else ("fairly near" if bonus > 0 else "far from")
    when = _months_between(result.release_date, reference, what)
    return Evidence(Rule.UPLOAD_DATE, f"released {result.release_date}, {when} ({fit} it)")


def _rerelease_evidence(result: SearchResult, reference: date, out: bool) -> Evidence:
    if result.release_date is None:
        return Evidence(Rule.RERELEASE, "a re-release's trailer, and this film is not dated yet")
    if out:
        return Evidence(
            Rule.RERELEASE, f"a re-release's trailer, of a film out since {result.release_date}"
        )
    return Evidence(
        Rule.RERELEASE,
        f"a re-release's trailer, but this film came out later ({result.release_date})",
    )


# -- series ------------------------------------------------------------------------------------


def score_series(
    query: MatchQuery, results: Sequence[TVResult], *, today: date
) -> list[ScoredSeries]:
    """Series scored like films, best first: title against `name` and `original_name`, then
    time. A trailer year after the first air date is a later season's (as good as one year
    off); without a year, a series first aired near the upload gets the recency bonus."""
    reference = query.reference_date(today)
    scored: dict[int, ScoredSeries] = {}
    for series in results:
        if series.id in scored:
            continue
        names = [("name", series.name)]
        if series.original_name and series.original_name != series.name:
            names.append(("original name", series.original_name))
        if possessive := _POSSESSIVE.match(clean(series.name)):
            names.append((_WITHOUT_POSSESSIVE, clean(series.name)[possessive.end() :]))
        title, name = _best_name(query, names)
        score = title.score
        on_time = False
        if query.year is not None:
            seasons_later = series.year is not None and query.year > series.year
            distance = None if series.year is None else abs(query.year - series.year)
            score -= _year_penalty(1 if seasons_later else distance)
            on_time = distance == 0
        elif title.score >= PLAUSIBLE_SCORE:
            bonus = _recency_bonus(series.first_air_date, reference)
            score += bonus
            on_time = bonus >= RECENCY_BONUS and series.first_air_date is not None
        if name.startswith(_WITHOUT_POSSESSIVE) and not on_time:
            # "Runaways" is "Marvel's Runaways" only if the dates agree too: "Anatomy" is not
            # "Grey's Anatomy".
            score = min(score, PLAUSIBLE_SCORE)
        aired = f"first aired {series.first_air_date}" if series.first_air_date else "not aired yet"
        countries = ", ".join(series.origin_country)
        detail = (
            f"TMDB series '{series.name}' (tv/{series.id}, {aired}"
            + (f", {countries}" if countries else "")
            + f"): {title.match}: {name}"
        )
        scored[series.id] = ScoredSeries(
            series, round(score, 4), title.score, title.match, Evidence(Rule.SERIES, detail)
        )
    return sorted(
        scored.values(),
        key=lambda s: (s.score, s.result.popularity, s.result.vote_count),
        reverse=True,
    )


# A series named with an owner's possessive in front ("Marvel's Runaways", "Grey's Anatomy").
_POSSESSIVE = re.compile(r"^\w[\w.&+-]*(?: \w[\w.&+-]*)?(?:'s|s') (?=\S)")
_WITHOUT_POSSESSIVE = "name without its possessive"


# -- deciding ----------------------------------------------------------------------------------


def _describe(candidate: ScoredCandidate) -> str:
    return f"'{candidate.result.title}' ({candidate.result.year or 'no date'})"


def _describe_series(series: ScoredSeries) -> str:
    return f"'{series.result.name}' ({series.result.year or 'not aired yet'})"


def _why(candidate: ScoredCandidate) -> str:
    return "; ".join(e.detail for e in candidate.evidence)


def decide(
    query: MatchQuery,
    scored: Sequence[ScoredCandidate],
    *,
    calls: int = 0,
    accept_score: float = ACCEPT_SCORE,
    min_margin: float = MIN_MARGIN,
) -> MatchDecision:
    """MATCHED with the decisive video, or above the threshold with a clear margin; otherwise
    review or not found. `scored` must be best first, as `score_candidates` returns it."""
    kept = tuple(scored[:KEEP_CANDIDATES])
    wanted = f"'{query.title}'" + (f" ({query.year})" if query.year else "")

    def outcome(kind: Outcome, reason: str, best: ScoredCandidate | None = None) -> MatchDecision:
        top = scored[0] if scored else None
        return MatchDecision(
            kind,
            best.result if best else None,
            top.score if top else 0.0,
            kept,
            calls,
            reason,
            evidence=best.evidence if best else (),
        )

    if not scored:
        return outcome(Outcome.NOT_FOUND, f"TMDB has no results for {wanted}.")
    best = scored[0]
    runner_up = scored[1] if len(scored) > 1 else None
    if best.decisive:
        if runner_up is not None and runner_up.decisive:
            return outcome(
                Outcome.NEEDS_REVIEW,
                f"TMDB lists the trailer under both {_describe(best)} and {_describe(runner_up)}.",
            )
        return outcome(Outcome.MATCHED, f"Matched {_describe(best)}: {_why(best)}.", best)
    if not best.is_plausible:
        return outcome(
            Outcome.NOT_FOUND,
            f"No TMDB result resembles {wanted}; the closest is {_describe(best)}: {_why(best)}.",
        )
    if best.score < accept_score:
        return outcome(
            Outcome.NEEDS_REVIEW,
            f"Best candidate {_describe(best)} is not convincing "
            f"({best.score:.2f} < {accept_score:.2f}): {_why(best)}.",
        )
    if runner_up is not None and round(best.score - runner_up.score, 4) < min_margin:
        return outcome(
            Outcome.NEEDS_REVIEW,
            f"{_describe(best)} and {_describe(runner_up)} are too close to call "
            f"({best.score:.2f} vs {runner_up.score:.2f}).",
        )
    return outcome(Outcome.MATCHED, f"Matched {_describe(best)}: {_why(best)}.", best)


def _weigh_series(
    decision: MatchDecision, series: Sequence[ScoredSeries], min_margin: float = MIN_MARGIN
) -> MatchDecision:
    """A series instead of the film decision, when the title is a series' and no film fits
    as well; a review when a series and a film fit equally."""
    fitting = [s for s in series if s.title_score >= ACCEPT_SCORE and s.score >= ACCEPT_SCORE]
    if not fitting:
        return decision
    top = fitting[0]
    film = decision.candidates[0] if decision.candidates else None
    if film is not None and film.decisive:
        return decision
    if film is None or not film.is_plausible or round(top.score - film.score, 4) >= min_margin:
        against = (
            f" fits better ({top.score:.2f}) than the film {_describe(film)} ({film.score:.2f})"
            if film is not None and film.is_plausible
            else " and no film fits"
        )
        return replace(
            decision,
            outcome=Outcome.SERIES,
            best=None,
            score=top.score,
            reason=f"A series, not a film: TMDB's series {_describe_series(top)}{against}.",
            evidence=(top.evidence,),
            series=top.result,
            details=None,
        )
    if round(film.score - top.score, 4) >= min_margin:
        return decision
    return replace(
        decision,
        outcome=Outcome.NEEDS_REVIEW,
        best=None,
        reason=(
            f"The series {_describe_series(top)} and the film {_describe(film)} fit equally "
            f"({top.score:.2f} vs {film.score:.2f})."
        ),
        evidence=(),
        details=None,
    )


# -- searching ---------------------------------------------------------------------------------


def _is_settled(decision: MatchDecision) -> bool:
    # Matched, or two strong rivals: more results could only add rivals.
    return decision.score >= ACCEPT_SCORE


def _is_clear(decision: MatchDecision) -> bool:
    """Matched, and more than the title says so: nothing left to look up."""
    return decision.outcome is Outcome.MATCHED and decision.candidates[0].corroborated


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


def _worth_a_record(decision: MatchDecision, known: _Known) -> list[int]:
    """The films whose TMDB record could settle an unclear decision, at most MAX_DETAILS:
    the match itself; the contenders of a review; or, when nothing resembles the title, the
    results TMDB found by some other title (an alternative one)."""
    candidates = decision.candidates
    if decision.outcome is Outcome.MATCHED:
        ids = [candidates[0].result.id]
    elif decision.outcome is Outcome.NEEDS_REVIEW:
        floor = candidates[0].score - 2 * MIN_MARGIN
        ids = [c.result.id for c in candidates if c.is_plausible and c.score >= floor]
    else:
        titles = {c.result.id: c.title_score for c in candidates}
        ids = [i for i in known.found if titles.get(i, 0.0) < PLAUSIBLE_SCORE]
    return [i for i in ids if i not in known.details][:MAX_DETAILS]


def find_match(
    query: MatchQuery,
    search: SearchFn,
    *,
    today: date,
    details: DetailsFn | None = None,
    search_tv: TVSearchFn | None = None,
) -> MatchDecision:
    """Decide with as few TMDB calls as the evidence allows.

    `search(text, year)` is `/search/movie` (`year` as TMDB means it: any release date that
    year); `details(id)` is a film's record with its videos, production companies and
    alternative titles; `search_tv(text)` is `/search/tv`. Without the last two, only titles
    and dates are weighed.

    1. With a year: search that year. Usually one call settles it.
    2. Search without a year. This covers "year ± 1" (festival premieres) and undated upcoming
       films in one call, since candidates are still scored against the trailer's year.
    3. Only if that page was full (the neighbour years may have been cut off): year - 1, then
       year + 1.
    4. Only if nothing plausible turned up: the title without its subtitle, then the
       alternative titles.
    5. Only if the decision is not clear (a match with nothing but its title for it, a tie,
       nothing found): the records of the films that could settle it, at most MAX_DETAILS.
    6. Only if it is still not clear, and the trailer is not a re-release's: the series of
       that title; if no film resembles it either, the series named by its first or last
       part ("Black Mirror - Crocodile").
    Candidates are merged across searches, so the review list shows the best of all of them.
    """
    known = _Known()
    calls = 0

    def run(search_text: str, year: int | None) -> int:
        nonlocal calls
        calls += 1
        results = search(search_text, year)
        for result in results:
            known.found.setdefault(result.id, result)
            if year is not None:
                known.in_years.setdefault(result.id, set()).add(year)
        return len(results)

    def current() -> MatchDecision:
        scored = score_candidates(
            query,
            list(known.found.values()),
            today=today,
            details=known.details,
            in_years=known.in_years,
        )
        decision = decide(query, scored, calls=calls)
        if decision.best is not None:
            decision = replace(decision, details=known.details.get(decision.best.id))
        return decision

    text = clean(query.title)
    if not fold(text):
        return decide(query, [], calls=0)

    decision = _search_films(query, text, run, current)
    if _is_clear(decision):
        return decision

    if details is not None:
        wanted = _worth_a_record(decision, known)
        for movie_id in wanted:
            calls += 1
            known.details[movie_id] = details(movie_id)
        if wanted:
            decision = current()
        if _is_clear(decision):
            return decision

    if search_tv is not None and not query.rerelease:
        calls += 1
        series = score_series(query, search_tv(text), today=today)
        decision = _weigh_series(replace(decision, calls=calls), series)
        for part in _title_parts(text) if decision.outcome is Outcome.NOT_FOUND else ():
            calls += 1
            named = _series_named(query, part, search_tv(part), today)
            decision = _weigh_series(replace(decision, calls=calls), named)
            if decision.outcome is Outcome.SERIES:
                break
    return decision


def _title_parts(text: str) -> list[str]:
    """The first and last parts of a title with a subtitle: an episode's or a label's
    ("Black Mirror - Crocodile", "Hotstar Specials: Mistry")."""
    parts = [part for part in _SUBTITLE_SEPARATOR.split(text) if fold(part)]
    if len(parts) < 2:
        return []
    return list(dict.fromkeys((parts[0], parts[-1])))


def _series_named(
    query: MatchQuery, part: str, results: Sequence[TVResult], today: date
) -> list[ScoredSeries]:
    """Series named exactly (but for an article) as a part of the trailer's title: anything
    looser would let one word of a film's title call it a series."""
    scored = score_series(replace(query, title=part, alt_titles=()), results, today=today)
    return [
        replace(s, evidence=Evidence(Rule.SERIES, f"{s.evidence.detail}, a part of the title"))
        for s in scored
        if s.title_score >= SAME_NAME_SCORE
    ]


def _search_films(
    query: MatchQuery,
    text: str,
    run: Callable[[str, int | None], int],
    current: Callable[[], MatchDecision],
) -> MatchDecision:
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
