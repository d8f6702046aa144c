from django.core.management.base import BaseCommand, CommandError

from movies.fetching import fetch_channels
from movies.models import MAX_WINDOW, Channel


class Command(BaseCommand):
    help = "Fetch the newest videos of every enabled channel (or one) and save the film trailers."

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="SLUG", help="Only this channel.")
        parser.add_argument(
            "--limit",
            type=int,
            metavar="N",
            help=f"Read the N newest videos, 1 to {MAX_WINDOW} (default: channel's window).",
        )

    def handle(self, *args, source=None, limit=None, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be a positive number.")
        if limit is not None and limit > MAX_WINDOW:
            raise CommandError(
                f"--limit must be at most {MAX_WINDOW} (a channel's largest window)."
            )
        channels = Channel.objects.filter(enabled=True)
        if source:
            channels = Channel.objects.filter(slug=source)
            if not channels:
                known = ", ".join(Channel.objects.values_list("slug", flat=True)) or "none"
                raise CommandError(f"Unknown source {source!r}. Known sources: {known}.")
        if not channels:
            self.stdout.write("No enabled channels: nothing to fetch.")
            return

        summaries = fetch_channels(
            list(channels), limit=limit, trigger="command", progress=self.stdout.write
        )
        films = sum(s.new_films for s in summaries)
        trailers = sum(s.new_trailers for s in summaries)
        groups = {
            "partial": [s for s in summaries if s.incomplete],
            "failed": [s for s in summaries if s.failed and s.tried],
            "not fetched (YouTube rate limiting)": [s for s in summaries if not s.tried],
        }
        fetched = sum(not s.failed for s in summaries)
        self.stdout.write(
            f"Fetched {fetched}/{len(summaries)} channels: "
            f"{films} new films, {trailers} new trailers"
            + "".join(
                f"; {label}: {', '.join(s.channel for s in group)}"
                for label, group in groups.items()
                if group
            )
        )
        if not fetched:
            raise CommandError("Every channel failed.")
