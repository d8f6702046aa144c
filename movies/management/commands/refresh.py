from django.core.management.base import BaseCommand, CommandError

from movies.enrichment import EnrichmentAborted, enrich_due
from movies.fetching import fetch_channels
from movies.models import Channel, PipelineRun


class Command(BaseCommand):
    help = "Fetch every enabled channel, then enrich what is due: the whole pipeline, once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--trigger",
            default="command",
            help=f"Recorded in the run history (e.g. startup), at most {self._longest()} "
            "characters.",
        )

    def handle(self, *args, trigger="command", **options):
        # Checked before anything runs: the run history could not record a longer one.
        if len(trigger) > self._longest():
            raise CommandError(f"--trigger must be at most {self._longest()} characters.")
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

    @staticmethod
    def _longest() -> int:
        return PipelineRun._meta.get_field("trigger").max_length

    def _say(self, line: str) -> None:
        self.stdout.write(f"refresh: {line}")
