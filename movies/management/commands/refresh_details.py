from django.core.management.base import BaseCommand, CommandError

from movies.enrichment import EnrichmentAborted
from movies.freshness import refresh_due


class Command(BaseCommand):
    help = (
        "Refresh the TMDB facts (release dates, watch providers, credits) of the matched films "
        "that are due: weekly for recent and upcoming films, monthly for the last two years."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, metavar="N", help="Refresh at most N films.")
        parser.add_argument(
            "--concurrency",
            type=int,
            metavar="N",
            help="Films looked up at once (default: ENRICH_CONCURRENCY; the TMDB rate limit "
            "still applies).",
        )

    def handle(self, *args, limit=None, concurrency=None, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be a positive number.")
        if concurrency is not None and concurrency < 1:
            raise CommandError("--concurrency must be a positive number.")
        try:
            summary = refresh_due(limit=limit, concurrency=concurrency)
        except EnrichmentAborted as exc:
            raise CommandError(f"Refresh not started: {exc}") from None
        self.stdout.write(summary.line())
        if summary.aborted:
            raise CommandError(summary.aborted)
