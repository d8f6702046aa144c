import json
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from contrib.text import fold
from contrib.tmdb.types import parse_date
from movies.models import DEMO_SOURCE, Channel, Movie, Trailer

CATALOGUE = Path(__file__).resolve().parents[2] / "demo" / "catalogue.json"
SAMPLE_NOTE = "Sample film (make demo): "


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
        for index, film in enumerate(films):
            movie = Movie.objects.create(
                title=film["title"],
                original_title=f"{film['title'].upper()} | Official Trailer | Sample",
                title_key=fold(film["title"]),
                year=film["year"],
                source=DEMO_SOURCE,
                video_id=f"sample{index:05d}",
                overview=SAMPLE_NOTE + film["overview"],
                release_date=parse_date(film["release_date"]),
                runtime=film["runtime"],
                genres=film["genres"],
                vote_average=film["vote_average"],
                status=Movie.Status.MATCHED,
                locked=True,  # curated: enrichment never looks these up on TMDB
                last_trailer_at=now - timedelta(hours=index),
            )
            Trailer.objects.create(
                movie=movie,
                video_id=movie.video_id,
                title=movie.original_title,
                channel=channel,
            )
        self.stdout.write(
            f"Loaded {len(films)} sample films, labelled as sample data. "
            "Remove them with: manage.py load_demo --clear"
        )
