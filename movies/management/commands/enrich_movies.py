from django.core.management.base import BaseCommand, CommandError

from movies.enrichment import EnrichmentAborted, enrich_due


class Command(BaseCommand):
    help = "Match films that are due to TMDB and fill in their details."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, metavar="N", help="Enrich at most N films.")
        parser.add_argument(
            "--retry-not-found",
            action="store_true",
            help=(
                "Also ask again now for films TMDB did not have or refused for good "
                "(normally retried with backoff)."
            ),
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            metavar="N",
            help="Films looked up at once (default: ENRICH_CONCURRENCY; the TMDB rate limit "
            "still applies).",
        )

    def handle(self, *args, limit=None, retry_not_found=False, concurrency=None, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be a positive number.")
        if concurrency is not None and concurrency < 1:
            raise CommandError("--concurrency must be a positive number.")
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
