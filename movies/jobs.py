"""The scheduled jobs as the operator sees them: when each last ran, when it runs next, and
"run now" from the admin (queued for the workers, or run here when there is no broker)."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from redis.exceptions import RedisError

from movies.enrichment import EnrichmentAborted, enrich_due
from movies.fetching import fetch_channels
from movies.models import Channel, PipelineRun

# Without a broker, "run now" runs in the web request: keep it short.
INLINE_ENRICH_LIMIT = 50


@dataclass(frozen=True)
class ScheduledJob:
    actor: str
    cron: str
    next_run: datetime | None
    last_run: PipelineRun | None


def _runs_of(actor_name: str):
    from movies.tasks import SEED_CHANNELS, SEED_FETCHES

    runs = PipelineRun.objects.all()
    if actor_name == "enrich_movies_with_tmdb":
        return runs.filter(job=PipelineRun.Job.ENRICH)
    if actor_name in SEED_FETCHES:
        return runs.filter(job=PipelineRun.Job.FETCH, target=SEED_FETCHES[actor_name])
    return runs.filter(job=PipelineRun.Job.FETCH).exclude(target__in=SEED_CHANNELS)


def schedule() -> list[ScheduledJob]:
    """Every cron job the scheduler process would register, with its last and next run."""
    from dramatiq_crontab import scheduler

    import movies.tasks  # noqa: F401 - registers the jobs with the scheduler

    now = timezone.now()
    jobs = []
    for job in scheduler.get_jobs():
        if job.name.startswith("dramatiq_crontab"):
            continue
        fields = {f.name: str(f) for f in job.trigger.fields}
        cron = " ".join(fields[name] for name in ("minute", "hour", "day", "month", "day_of_week"))
        jobs.append(
            ScheduledJob(
                actor=job.name,
                cron=cron,
                next_run=job.trigger.get_next_fire_time(None, now),
                last_run=_runs_of(job.name).order_by("-started_at").first(),
            )
        )
    return sorted(jobs, key=lambda j: j.next_run or now)


BROKER_DOWN = "The broker (Redis) is unreachable: nothing was queued. See /healthz."


def fetch_now(channels: list[Channel]) -> list[str]:
    if settings.REDIS_URL:
        from movies.tasks import fetch_channel_videos

        try:
            for channel in channels:
                fetch_channel_videos.send(channel.slug, "admin")
        except RedisError:
            return [BROKER_DOWN]
        return [f"Queued a fetch of {c.name}; the run history will show it." for c in channels]
    summaries = fetch_channels(channels, trigger="admin")
    return [s.line() for s in summaries] + [
        "No broker (REDIS_URL unset): new films are enriched by the next enrichment run."
    ]


def enrich_now() -> str:
    if settings.REDIS_URL:
        from movies.tasks import enrich_movies_with_tmdb

        try:
            enrich_movies_with_tmdb.send("admin")
        except RedisError:
            return BROKER_DOWN
        return "Enrichment queued; see the run history for the result."
    try:
        summary = enrich_due(limit=INLINE_ENRICH_LIMIT, trigger="admin")
    except EnrichmentAborted as exc:
        return f"Enrichment not started: {exc}"
    return summary.line()
