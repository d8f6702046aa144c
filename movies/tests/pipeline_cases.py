"""The labelled matching cases (`contrib/tmdb/testing/cases.json`) through the whole pipeline:
each case's trailers listed on their channels by the yt-dlp double, fetched and saved, then
the film enriched through the real TMDB client (against FakeTMDB). Used by the pipeline test
and by `bench.accuracy`.
"""

from datetime import UTC, datetime, time

from contrib.tmdb.accuracy import Decider, LabelledCase
from contrib.tmdb.api import TMDBClient
from contrib.tmdb.matching import MatchDecision, Outcome
from contrib.tmdb.testing.search import CaseSet
from contrib.tmdb.types import SearchResult, TVResult
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
