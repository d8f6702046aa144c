import json
from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from contrib.text import fold
from contrib.tmdb.types import MovieDetails, ReleaseDate, ReleaseType, WatchOptions, WatchProvider
from movies import facts
from movies.models import DEMO_SOURCE, Channel, Movie, Provider, Trailer

CATALOGUE = Path(__file__).resolve().parents[2] / "demo" / "catalogue.json"
SAMPLE_NOTE = "Sample film (make demo): "
# TMDB's ids of the services the sample films name, so they are the rows real films use.
PROVIDERS = {"Netflix": 8, "Apple TV": 2, "Amazon Video": 10, "MUBI": 11}


class Command(BaseCommand):
    help = "Load a small, clearly labelled sample catalogue so the pages have something to show."

    def add_arguments(self, parser):
        parser.add_argument("--clear", action="store_true", help="Remove the sample films instead.")

    @transaction.atomic
    def handle(self, *args, clear=False, **options):
        removed, _ = Movie.objects.filter(source=DEMO_SOURCE).delete()
        if clear:
            Channel.objects.filter(slug=DEMO_SOURCE).delete()
            self.stdout.write(f"Removed the sample catalogue ({removed} rows).")
            return

        channel, _ = Channel.objects.get_or_create(
            slug=DEMO_SOURCE,
            defaults={
                "name": "Sample data (make demo)",
                "url": "https://www.youtube.com/@whichmovie-sample/videos",
                "enabled": False,  # nothing to fetch: it only labels the sample films
            },
        )
        films = json.loads(CATALOGUE.read_text())
        now = timezone.now()
        logos = dict(Provider.objects.values_list("id", "logo_path"))
        for index, film in enumerate(films):
            details = sample_details(film, today=now.date(), logos=logos)
            movie = Movie.objects.create(
                title=film["title"],
                original_title=f"{film['title'].upper()} | Official Trailer | Sample",
                title_key=fold(film["title"]),
                year=details.year or film.get("year"),
                source=DEMO_SOURCE,
                video_id=f"sample{index:05d}",
                overview=SAMPLE_NOTE + film["overview"],
                release_date=details.release_date,
                runtime=film["runtime"],
                genres=film["genres"],
                vote_average=film["vote_average"],
                status=Movie.Status.MATCHED,
                locked=True,  # curated: enrichment never looks these up on TMDB
                last_trailer_at=now - timedelta(hours=index),
                # Its credits and latest release as a match stores them, but never "fetched
                # from TMDB": its services are then first-time facts, not news.
                **{**facts.movie_fields(details, now), "details_fetched_at": None},
            )
            Trailer.objects.create(
                movie=movie,
                video_id=movie.video_id,
                title=movie.original_title,
                channel=channel,
            )
            facts.store(movie, details, now=now)
        self.stdout.write(
            f"Loaded {len(films)} sample films, labelled as sample data, with release dates "
            "and services in the US and the UK counted from today. "
            "Remove them with: manage.py load_demo --clear"
        )


def sample_details(film: dict, *, today: date, logos: dict[int, str]) -> MovieDetails:
    """A sample film's facts as enrichment would have them from TMDB: its releases (days
    from `today`, so the sample stays in cinemas, streaming and coming soon whenever it is
    loaded) and services per country. `logos`: the logos already stored, kept as they are.
    It has no TMDB record (id 0): only the facts are stored from it."""
    releases = {}
    watch = {}
    for country, known in film["regions"].items():
        releases[country] = tuple(
            ReleaseDate(ReleaseType(kind), today + timedelta(days=days), certification)
            for kind, days, certification in sorted(known.get("releases", []), key=lambda r: r[1])
        )

        def services(names: list[str]) -> tuple[WatchProvider, ...]:
            return tuple(
                WatchProvider(PROVIDERS[name], name, logos.get(PROVIDERS[name]) or None, priority)
                for priority, name in enumerate(names)
            )

        options = WatchOptions(
            stream=services(known.get("stream", [])),
            rent=services(known.get("rent", [])),
            buy=services(known.get("buy", [])),
        )
        if options:
            watch[country] = options
    public = [
        r.date
        for r in releases.get("US", ())
        if r.type in (ReleaseType.LIMITED, ReleaseType.THEATRICAL, ReleaseType.DIGITAL)
    ]
    return MovieDetails(
        id=0,
        title=film["title"],
        release_date=min(public, default=None),
        release_dates={country: days for country, days in releases.items() if days},
        watch=watch,
        directors=tuple(film.get("directors", ())),
        cast=tuple(film.get("cast", ())),
    )
