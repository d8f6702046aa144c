"""Run history: every fetch and enrichment run leaves a PipelineRun row for the admin."""

import logging
from contextlib import contextmanager

from django.utils import timezone

from movies.models import PipelineRun

logger = logging.getLogger(__name__)


@contextmanager
def recorded_run(job: str, *, target: str = "", trigger: str = "command"):
    """Yield a PipelineRun; the caller fills `counts` (and may set `outcome`) before it ends."""
    run = PipelineRun.objects.create(job=job, target=target, trigger=trigger)
    try:
        yield run
    except BaseException as exc:
        run.outcome = PipelineRun.Outcome.FAILED
        run.error = f"{type(exc).__name__}: {exc}"[:2000]
        raise
    else:
        if run.outcome == PipelineRun.Outcome.RUNNING:
            run.outcome = PipelineRun.Outcome.OK
    finally:
        run.finished_at = timezone.now()
        run.save()
