"""Jobs the admin starts without a broker run in a background thread of the web process, and
do there what a worker would have done with the work they hand on."""

import threading

import pytest

from contrib.youtube.testing.fake_ytdlp import load_listing, patched_youtube
from movies import dispatch
from movies.models import Channel, Movie

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def threads(monkeypatch) -> list[threading.Thread]:
    started = []
    real = dispatch.start_thread
    monkeypatch.setattr(
        dispatch, "start_thread", lambda function, args: started.append(real(function, args))
    )
    return started


def test_a_fetch_run_here_also_enriches_its_new_films(seed_channels, tmdb_settings, threads):
    mubi = Channel.objects.get(slug="mubi")
    with patched_youtube({mubi.url: load_listing("mubi")}):
        assert dispatch.fetch_now([mubi]).startswith("Fetch queued for MUBI")
        assert len(threads) == 1
        threads[0].join(timeout=60)
    assert not threads[0].is_alive()
    films = Movie.objects.filter(source="mubi")
    assert films.exists()
    assert not films.filter(status=Movie.Status.PENDING).exists()
