"""The labelled matching cases (`contrib/tmdb/testing/cases.json`) through the whole pipeline:
each case's trailers listed on their channels by the yt-dlp double, fetched and saved, then
the film enriched through the real TMDB client (against FakeTMDB). Also the real corpus's
series trailers the parser leaves to TMDB, as cases. Used by the pipeline tests and by
`bench.accuracy`.
"""

import base64
import hashlib
from datetime import UTC, date, datetime, time

from django.utils.text import slugify

from contrib.text import fold
from contrib.tmdb.accuracy import Decider, LabelledCase
from contrib.tmdb.api import TMDBClient
from contrib.tmdb.matching import MatchDecision, MatchQuery, Outcome, TrailerEvidence
from contrib.tmdb.testing.search import CaseChannel, CaseSet, load_tv_catalogue
from contrib.tmdb.types import SearchResult, TVResult
from contrib.youtube.accuracy import load_labelled, measure_real
from contrib.youtube.testing.fake_ytdlp import channel_listing, patched_youtube, video
from movies.enrichment import enrich_movie
from movies.fetching import fetch_channel
from movies.models import Channel, Movie

OUTCOMES = {
    Movie.Status.MATCHED: Outcome.MATCHED,
    Movie.Status.SERIES: Outcome.SERIES,
    Movie.Status.NEEDS_REVIEW: Outcome.NEEDS_REVIEW,
    Movie.Status.NOT_FOUND: Outcome.NOT_FOUND,
}


def case_channels(case_set: CaseSet) -> dict[str, Channel]:
    """The cases' channels, as a curator would add them (teasers included: some cases are)."""
    return {
        slug: Channel.objects.update_or_create(
            slug=slug,
            defaults={
                "name": channel.name,
                "url": channel.url,
                "studio_names": "\n".join(channel.studios),
                "include_teasers": True,
            },
        )[0]
        for slug, channel in case_set.channels.items()
    }


def pipeline_decider(client: TMDBClient, case_set: CaseSet) -> Decider:
    """Each case from an empty catalogue: its trailers fetched from their channels, then its
    film enriched; the decision is read back from the film's row."""
    channels = case_channels(case_set)

    def decide(case: LabelledCase) -> MatchDecision:
        Movie.objects.all().delete()
        fetch_trailers(case, channels)
        main = case.query.trailers[0].video_id
        movie = Movie.objects.get(trailers__video_id=main)
        calls = client.stats.calls
        enrich_movie(movie.pk, client=client, today=case_set.today)
        movie = Movie.objects.get(trailers__video_id=main)
        return decision_of(movie, client.stats.calls - calls)

    return decide


def fetch_trailers(case: LabelledCase, channels: dict[str, Channel]) -> None:
    """List each of the case's trailers on its channel (with its upload day) and fetch."""
    entries: dict[str, list[dict]] = {}
    for trailer, source in zip(case.query.trailers, case.sources, strict=True):
        uploaded = datetime.combine(trailer.published, time(12), tzinfo=UTC)
        entries.setdefault(source, []).append(
            video(trailer.video_id, trailer.title, timestamp=int(uploaded.timestamp()))
        )
    listings = {
        channels[source].url: channel_listing(channels[source].url, videos)
        for source, videos in entries.items()
    }
    with patched_youtube(listings):
        for source in entries:
            summary = fetch_channel(channels[source])
            assert not summary.error, summary.error


def decision_of(movie: Movie, calls: int) -> MatchDecision:
    """What the pipeline decided for a film, as the matcher's decision reads."""
    outcome = OUTCOMES[movie.status]
    best = SearchResult(id=movie.tmdb_id, title=movie.title) if movie.tmdb_id else None
    series = TVResult(id=movie.tmdb_tv_id, name=movie.title) if movie.tmdb_tv_id else None
    return MatchDecision(
        outcome, best, 0.0, (), calls, movie.last_error, evidence=(), series=series
    )


def real_series_cases(today: date) -> tuple[CaseSet, list[dict]]:
    """The real corpus's series trailers that the parser reads as films, as cases that must
    end as series (any series: TMDB may hold one under two names); and the series catalogue
    that knows each of them (the double's, plus the labelled series it lacks). The corpus has
    no upload days: each trailer is taken as uploaded in the spring of its labelled year."""
    series = load_tv_catalogue()
    by_name = {fold(s["name"]): s for s in series}
    channels: dict[str, CaseChannel] = {}
    cases = []
    for reading in measure_real(load_labelled()).series_left_to_tmdb:
        row, parsed = reading.row, reading.got
        if fold(row.film_title) not in by_name:
            added = {
                "id": 900_000 + len(by_name),
                "name": row.film_title,
                "original_name": row.film_title,
                "first_air_date": f"{row.film_year}-06-01",
                "origin_country": ["US"],
                "popularity": 5.0,
            }
            by_name[fold(row.film_title)] = added
            series.append(added)
        name = row.channel or "Unknown channel"
        slug = slugify(name) or "unknown"
        channels[slug] = CaseChannel(slug, name, f"https://www.youtube.com/@{slug}/videos")
        trailer = TrailerEvidence(
            video_id=base64.urlsafe_b64encode(hashlib.sha1(row.raw.encode()).digest())[
                :11
            ].decode(),
            title=row.raw,
            channel=name,
            studios=(name,),
            published=date(row.film_year, 4, 1),
            year=parsed.year,
            rerelease=parsed.rerelease,
        )
        query = MatchQuery(parsed.title, parsed.year, parsed.alternatives, (trailer,))
        cases.append(
            LabelledCase(
                query=query,
                expect_id=None,
                expect_outcome=Outcome.SERIES,
                label=row.raw,
                sources=(slug,),
            )
        )
    return CaseSet(today, channels, tuple(cases)), series
