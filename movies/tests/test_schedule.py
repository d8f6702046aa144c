from datetime import timedelta

import pytest
from django.utils import timezone

from movies import schedule
from movies.models import PipelineRun

pytestmark = pytest.mark.django_db


def test_each_job_shows_its_own_last_run_and_its_next_one():
    now = timezone.now()
    mubi = PipelineRun.objects.create(job="fetch", target="mubi", started_at=now)
    PipelineRun.objects.create(job="fetch", target="mubi", started_at=now - timedelta(days=1))
    a24 = PipelineRun.objects.create(job="fetch", target="a24", started_at=now)
    enrich = PipelineRun.objects.create(job="enrich", started_at=now)

    by_actor = {job.actor: job for job in schedule.schedule()}
    assert by_actor["fetch_mubi_videos"].last_run == mubi
    assert by_actor["fetch_rotten_tomatoes_videos"].last_run is None
    assert by_actor["fetch_added_channels"].last_run == a24
    assert by_actor["enrich_movies_with_tmdb"].last_run == enrich
    nightly = by_actor["enrich_movies_with_tmdb"]
    assert nightly.cron == "0 2 * * *"
    assert (nightly.next_run.hour, nightly.next_run.minute) == (2, 0)
    assert now < nightly.next_run <= now + timedelta(days=1)
