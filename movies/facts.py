"""A film's facts from its TMDB details, stored where the pages read them: the film's own
fields (credits, companies), one MovieRegion row per country TMDB knows something about,
the services streaming it (for "On my services"), and TMDB's official YouTube trailers
and teasers beside the channels' ones.

`store()` runs inside the transaction that applies the details (enrichment, curation, the
refresh), with the film's row locked, so two runs never interleave on one film.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from contrib.tmdb.types import MovieDetails, ReleaseDate, ReleaseType, WatchOptions
from movies.models import Movie, MovieRegion, Provider, StreamOffer, Trailer

# A film first seen streaming here, when first matched, is news only if it came out in
# the region this recently (or has not yet): an old film on Netflix is not "now streaming".
NEWS_WINDOW = timedelta(days=183)
# TMDB's video types that become trailers.
TRAILER_TYPES = {"Trailer": Trailer.Kind.TRAILER, "Teaser": Trailer.Kind.TEASER}
DATE_FIELDS = {
    ReleaseType.PREMIERE: "premiere",
    ReleaseType.LIMITED: "limited",
    ReleaseType.THEATRICAL: "theatrical",
    ReleaseType.DIGITAL: "digital",
    ReleaseType.PHYSICAL: "physical",
    ReleaseType.TV: "tv",
}
# Whose certification a country shows: its cinema release's first.
CERTIFICATION_ORDER = (
    ReleaseType.THEATRICAL,
    ReleaseType.LIMITED,
    ReleaseType.PREMIERE,
    ReleaseType.DIGITAL,
    ReleaseType.PHYSICAL,
    ReleaseType.TV,
)


def movie_fields(details: MovieDetails, now: datetime) -> dict:
    """The film's own fields that come with the facts."""
    return {
        "companies": list(details.production_companies),
        "directors": list(details.directors),
        "cast": list(details.cast),
        "origin_countries": list(details.origin_countries),
        **refresh_fields(details, now),
    }


def refresh_fields(details: MovieDetails, now: datetime) -> dict:
    """What the refresh keeps up to date even on a curator's locked film: when its facts
    were read, and its latest release anywhere (how often it is refreshed)."""
    every_date = [d.date for days in details.release_dates.values() for d in days]
    return {
        "details_fetched_at": now,
        "latest_release_date": max(every_date, default=details.release_date),
    }


def store(movie: Movie, details: MovieDetails, *, now: datetime) -> list[str]:
    """Replace the film's regional rows, stream offers and TMDB trailers with what `details`
    says. Returns the regions where it newly streams (its "Now streaming" entries)."""
    had_details = movie.details_fetched_at is not None
    kept = MovieRegion.objects.filter(movie=movie).only("region", "streaming", "streaming_since")
    before = {row.region: row for row in kept}
    rows = []
    newly_streaming = []
    for region in sorted(set(details.release_dates) | set(details.watch)):
        row = region_row(
            movie,
            region,
            details.release_dates.get(region, ()),
            details.watch.get(region, WatchOptions()),
        )
        old = before.get(region)
        if old is not None and old.streaming_since:
            row.streaming_since = old.streaming_since
        elif (
            row.streaming
            and not (old is not None and old.streaming)
            and (had_details or _recent(row, now.date()))
        ):
            row.streaming_since = now
            newly_streaming.append(region)
        rows.append(row)
    MovieRegion.objects.filter(movie=movie).delete()
    MovieRegion.objects.bulk_create(rows)
    _store_offers(movie, details.watch)
    store_trailers(movie, details)
    return newly_streaming


def region_row(
    movie: Movie, region: str, releases: Iterable[ReleaseDate], watch: WatchOptions
) -> MovieRegion:
    releases = sorted(releases, key=lambda r: r.date)
    firsts: dict[ReleaseType, ReleaseDate] = {}
    for release in releases:
        firsts.setdefault(release.type, release)
    dates = {
        field: firsts[kind].date if kind in firsts else None for kind, field in DATE_FIELDS.items()
    }
    public = [r.date for r in releases if r.type != ReleaseType.PREMIERE]
    cinema = [r.date for r in releases if r.type in (ReleaseType.LIMITED, ReleaseType.THEATRICAL)]
    return MovieRegion(
        movie=movie,
        region=region,
        **dates,
        cinemas=min(cinema, default=None),
        released=min(public, default=None),
        certification=_certification(releases),
        watch=watch_json(watch) if watch else {},
        streaming=bool(watch.stream),
        first_stream=watch.stream[0].name if watch.stream else "",
    )


def _certification(releases: list[ReleaseDate]) -> str:
    for kind in CERTIFICATION_ORDER:
        for release in releases:
            if release.type == kind and release.certification:
                return release.certification
    return ""


def watch_json(watch: WatchOptions) -> dict:
    def providers(items):
        return [{"id": p.id, "name": p.name, "logo": p.logo_path} for p in items]

    return {
        "link": watch.link,
        "stream": providers(watch.stream),
        "rent": providers(watch.rent),
        "buy": providers(watch.buy),
    }


def _recent(row: MovieRegion, today: date) -> bool:
    dates = [d for d in (row.released, row.digital) if d]
    return not dates or max(dates) >= today - NEWS_WINDOW


def _store_offers(movie: Movie, watch: dict[str, WatchOptions]) -> None:
    providers = {
        p.id: Provider(id=p.id, name=p.name, logo_path=p.logo_path or "")
        for options in watch.values()
        for p in (*options.stream, *options.rent, *options.buy)
    }
    if providers:
        Provider.objects.bulk_create(
            providers.values(),
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["name", "logo_path"],
        )
    StreamOffer.objects.filter(movie=movie).delete()
    StreamOffer.objects.bulk_create(
        StreamOffer(movie=movie, region=region, provider_id=p.id)
        for region, options in watch.items()
        for p in options.stream
    )


def store_trailers(movie: Movie, details: MovieDetails) -> None:
    """TMDB's official YouTube trailers and teasers of the film, marked as TMDB's. A video a
    channel posted stays the channel's, wherever it is; one another film holds is left
    there (a video is one film's); ones TMDB no longer lists go."""
    wanted = {
        video.key: video
        for video in details.videos
        if video.official and video.type in TRAILER_TYPES
    }
    Trailer.objects.filter(movie=movie, from_tmdb=True).exclude(video_id__in=wanted).delete()
    taken = set(Trailer.objects.filter(video_id__in=wanted).values_list("video_id", flat=True))
    Trailer.objects.bulk_create(
        Trailer(
            movie=movie,
            video_id=video.key,
            title=(video.name or f"{details.title} {video.type}")[:500],
            kind=TRAILER_TYPES[video.type],
            published_at=video.published_at,
            language=video.language,
            from_tmdb=True,
        )
        for key, video in wanted.items()
        if key not in taken
    )
