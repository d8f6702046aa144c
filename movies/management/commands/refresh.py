from django.core.management.base import BaseCommand, CommandError

from movies.enrichment import EnrichmentAborted, enrich_due
from movies.fetching import fetch_channels
from movies.models import Channel


class Command(BaseCommand):
    help = "Fetch every enabled channel, then enrich what is due: the whole pipeline, once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--trigger", default="command", help="Recorded in the run history (e.g. startup)."
        )

    def handle(self, *args, trigger="command", **options):
        channels = list(Channel.objects.filter(enabled=True))
        summaries = fetch_channels(channels, trigger=trigger, progress=self._say)
        fetch_failed = bool(summaries) and all(s.failed for s in summaries)
        try:
            summary = enrich_due(trigger=trigger, progress=self._say)
        except EnrichmentAborted as exc:
            self._say(f"Enrichment skipped: {exc}")
            enrich_failed = True
        else:
            self._say(summary.line())
            enrich_failed = bool(summary.aborted)
        if fetch_failed or enrich_failed:
            raise CommandError("Refresh incomplete: see the lines above.")

    def _say(self, line: str) -> None:
        self.stdout.write(f"refresh: {line}")
