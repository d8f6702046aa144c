from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from contrib.youtube.testing.fake_ytdlp import download_error, load_listing, patched_youtube
from movies.models import Channel, Movie

pytestmark = pytest.mark.django_db

RT_URL = "https://www.youtube.com/@RottenTomatoesIndie/videos"
MUBI_URL = "https://www.youtube.com/@mubi/videos"


def run(*args, listings=None, errors=None):
    out = StringIO()
    listings = (
        {RT_URL: load_listing("rotten_tomatoes"), MUBI_URL: load_listing("mubi")}
        if listings is None
        else listings
    )
    with patched_youtube(listings, errors) as fake:
        call_command("fetch_videos", *args, stdout=out)
    return out.getvalue(), fake


def test_it_fetches_every_enabled_channel_with_a_line_each_and_a_summary():
    output, _ = run()
    lines = output.strip().splitlines()
    assert lines[0].startswith("mubi: 34 videos")
    assert lines[1].startswith("rotten_tomatoes: 40 videos")
    assert lines[-1].startswith("Fetched 2/2 channels:")
    assert Movie.objects.filter(source="mubi").exists()


def test_it_fetches_only_the_source_asked_for():
    output, fake = run("--source", "mubi")
    assert [i.urls for i in fake.instances] == [[MUBI_URL]]
    assert "Fetched 1/1 channels" in output


def test_it_passes_the_limit_to_youtube():
    run("--source", "rotten_tomatoes", "--limit", "5")
    assert Movie.objects.count() <= 5


def test_it_uses_each_channels_window_by_default():
    Channel.objects.filter(slug="mubi").update(window=3)
    _, fake = run("--source", "mubi")
    assert fake.instances[0].params["playlist_items"] == "1:3"


def test_it_explains_an_unknown_source():
    with pytest.raises(CommandError, match=r"Unknown source 'nope'.*mubi, rotten_tomatoes"):
        run("--source", "nope")


def test_it_rejects_a_nonsense_limit():
    with pytest.raises(CommandError, match="positive"):
        run("--limit", "0")


def test_one_failing_channel_is_reported_and_the_other_lands():
    output, _ = run(
        listings={MUBI_URL: load_listing("mubi")}, errors={RT_URL: download_error(RT_URL)}
    )
    assert "rotten_tomatoes: FAILED:" in output
    assert "HTTP Error 429" in output
    assert "Fetched 1/2 channels" in output
    assert "failed: rotten_tomatoes" in output
    assert Movie.objects.exists()


def test_it_exits_non_zero_only_when_every_channel_failed():
    errors = {RT_URL: download_error(RT_URL), MUBI_URL: download_error(MUBI_URL)}
    with pytest.raises(CommandError, match="Every channel failed"):
        run(listings={}, errors=errors)


def test_it_skips_disabled_channels():
    Channel.objects.filter(slug="mubi").update(enabled=False)
    _, fake = run()
    assert [i.urls for i in fake.instances] == [[RT_URL]]
