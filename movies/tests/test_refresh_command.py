from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from contrib.youtube.testing.fake_ytdlp import download_error, load_listing, patched_youtube
from movies.models import Movie, PipelineRun
from movies.tmdb import get_client

pytestmark = pytest.mark.django_db

RT_URL = "https://www.youtube.com/@RottenTomatoesIndie/videos"
MUBI_URL = "https://www.youtube.com/@mubi/videos"


def refresh(listings, errors=None):
    out = StringIO()
    with patched_youtube(listings, errors):
        call_command("refresh", stdout=out)
    return out.getvalue()


def test_it_fetches_every_channel_then_enriches(tmdb_settings):
    output = refresh({RT_URL: load_listing("rotten_tomatoes"), MUBI_URL: load_listing("mubi")})
    assert "refresh: mubi: 34 videos" in output
    assert "refresh: rotten_tomatoes: 40 videos" in output
    assert "refresh: Enriched" in output
    assert Movie.objects.filter(status=Movie.Status.MATCHED).exists()


def test_a_failing_channel_does_not_stop_the_rest(tmdb_settings):
    output = refresh({MUBI_URL: load_listing("mubi")}, errors={RT_URL: download_error(RT_URL)})
    assert "rotten_tomatoes: FAILED" in output
    assert "refresh: Enriched" in output


def test_without_a_credential_it_fetches_and_says_why_it_did_not_enrich(settings):
    settings.TMDB_READ_ACCESS_TOKEN = settings.TMDB_API_KEY = ""
    get_client.cache_clear()
    out = StringIO()
    with (
        patched_youtube({RT_URL: load_listing("rotten_tomatoes"), MUBI_URL: load_listing("mubi")}),
        pytest.raises(CommandError, match="Refresh incomplete"),
    ):
        call_command("refresh", stdout=out)
    get_client.cache_clear()
    assert "Enrichment skipped: No TMDB credential" in out.getvalue()
    assert Movie.objects.exists()


def test_it_refuses_a_trigger_longer_than_the_run_history_keeps_before_running():
    with patched_youtube({}), pytest.raises(CommandError, match="at most 20 characters"):
        call_command("refresh", "--trigger", "t" * 21, stdout=StringIO())
    assert not PipelineRun.objects.exists()
