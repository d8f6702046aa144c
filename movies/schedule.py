"""The scheduled jobs as the operator sees them: when each last ran and when it runs next."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from movies.models import PipelineRun


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
    if actor_name == "refresh_tmdb_details":
        return runs.filter(job=PipelineRun.Job.REFRESH)
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
