from django.core.management.base import BaseCommand, CommandError

from movies.enrichment import EnrichmentAborted, enrich_due
from movies.management.run_options import add_run_arguments, check_run_options


class Command(BaseCommand):
    help = "Match films that are due to TMDB and fill in their details."

    def add_arguments(self, parser):
        add_run_arguments(parser, limit_help="Enrich at most N films.")
        parser.add_argument(
            "--retry-not-found",
            action="store_true",
            help=(
                "Also ask again now for films TMDB did not have or refused for good "
                "(normally retried with backoff)."
            ),
        )

    def handle(self, *args, limit=None, retry_not_found=False, concurrency=None, **options):
        check_run_options(limit=limit, concurrency=concurrency)
        try:
            summary = enrich_due(
                limit=limit,
                concurrency=concurrency,
                retry_not_found=retry_not_found,
                progress=self.stdout.write,
            )
        except EnrichmentAborted as exc:
            raise CommandError(f"Enrichment not started: {exc}") from None
        self.stdout.write(summary.line())
        if summary.aborted:
            raise CommandError(summary.aborted)
