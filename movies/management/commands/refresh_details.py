from django.core.management.base import BaseCommand, CommandError

from movies.enrichment import EnrichmentAborted
from movies.freshness import refresh_due
from movies.management.run_options import add_run_arguments, check_run_options


class Command(BaseCommand):
    help = (
        "Refresh the TMDB facts (release dates, watch providers, credits) of the matched films "
        "that are due: weekly for recent and upcoming films, monthly for the last two years."
    )

    def add_arguments(self, parser):
        add_run_arguments(parser, limit_help="Refresh at most N films.")

    def handle(self, *args, limit=None, concurrency=None, **options):
        check_run_options(limit=limit, concurrency=concurrency)
        try:
            summary = refresh_due(limit=limit, concurrency=concurrency)
        except EnrichmentAborted as exc:
            raise CommandError(f"Refresh not started: {exc}") from None
        self.stdout.write(summary.line())
        if summary.aborted:
            raise CommandError(summary.aborted)
