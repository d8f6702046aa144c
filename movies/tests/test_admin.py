import pytest

from movies.models import Channel, Movie, PipelineRun
from movies.tests.factories import make_movie, make_trailer, record_enrichment_threads

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/movies/movie/",
        "/admin/movies/movie/?status__exact=needs_review",
        "/admin/movies/movie/?status__exact=series",
        "/admin/movies/channel/",
        "/admin/movies/channel/add/",
        "/admin/movies/pipelinerun/",
    ],
)
def test_it_loads_admin_pages_for_a_superuser(admin_client, url):
    make_trailer(make_movie("Dune", year=2021))
    PipelineRun.objects.create(job="fetch", target="mubi")
    assert admin_client.get(url).status_code == 200


def test_it_shows_trailers_inline_on_the_movie_page(admin_client):
    movie = make_movie("Dune", year=2021)
    make_trailer(movie, video_id="dunetrailr1", title="Dune Official Trailer #1 (2021)")
    response = admin_client.get(f"/admin/movies/movie/{movie.pk}/change/")
    assert response.status_code == 200
    assert b"dunetrailr1" in response.content


def test_it_lists_the_seed_channels(admin_client):
    assert set(Channel.objects.values_list("slug", flat=True)) == {"rotten_tomatoes", "mubi"}
    response = admin_client.get("/admin/movies/channel/")
    assert b"Rotten Tomatoes Indie" in response.content


def test_it_requires_login(client):
    response = client.get("/admin/movies/movie/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


REVIEW_CANDIDATES = [
    {"id": 957452, "title": "The Crow", "year": 2024, "overview": "", "poster_path": None},
    {"id": 9361, "title": "The Crow", "year": 1994, "overview": "", "poster_path": None},
]


def test_a_film_needing_review_shows_its_candidates_as_buttons(admin_client):
    movie = make_movie("The Crow", status="needs_review", candidates=REVIEW_CANDIDATES)
    response = admin_client.get("/admin/movies/movie/?status__exact=needs_review")
    assert f'name="_choose" value="{movie.pk}:957452"'.encode() in response.content
    response = admin_client.get(f"/admin/movies/movie/{movie.pk}/change/")
    assert f'value="{movie.pk}:9361"'.encode() in response.content


def test_a_films_page_shows_the_evidence_that_decided(admin_client):
    movie = make_movie(
        "The Killer",
        status="matched",
        tmdb_id=800158,
        match_evidence=[
            {"rule": "title", "detail": "exact title: title 'The Killer'"},
            {"rule": "another trailer's year", "detail": "released in 2023; <b>RT</b> says so"},
        ],
    )
    response = admin_client.get(f"/admin/movies/movie/{movie.pk}/change/")
    assert b"<strong>another trailer&#x27;s year</strong>: released in 2023" in response.content
    assert b"&lt;b&gt;RT&lt;/b&gt;" in response.content  # escaped, never markup


def test_a_series_page_says_why_and_links_the_series_with_its_film_candidates(admin_client):
    movie = make_movie(
        "Severance",
        status="series",
        tmdb_tv_id=95396,
        last_error="A series, not a film: TMDB's series 'Severance' (2022) fits better.",
        match_evidence=[{"rule": "series", "detail": "TMDB series 'Severance' (tv/95396)"}],
        candidates=[{"id": 12403, "title": "Severance", "year": 2006, "overview": ""}],
    )
    response = admin_client.get(f"/admin/movies/movie/{movie.pk}/change/")
    assert b"A series, not a film" in response.content
    assert b'href="https://www.themoviedb.org/tv/95396"' in response.content
    assert f'value="{movie.pk}:12403"'.encode() in response.content


def test_a_channels_studio_names_are_editable(admin_client):
    channel = Channel.objects.get(slug="mubi")
    response = admin_client.get(f"/admin/movies/channel/{channel.pk}/change/")
    assert b'name="studio_names"' in response.content


def test_one_click_on_a_candidate_in_the_list_chooses_it(admin_client, tmdb_settings, run_jobs):
    movie = make_movie("The Crow", status="needs_review", candidates=REVIEW_CANDIDATES)
    url = "/admin/movies/movie/?status__exact=needs_review"
    with run_jobs():
        response = admin_client.post(url, {"_choose": f"{movie.pk}:957452"})
    assert response.status_code == 302
    movie.refresh_from_db()
    assert (movie.tmdb_id, movie.status, movie.locked) == (957452, "matched", True)


def test_pasting_a_tmdb_url_on_the_film_page_sets_it(admin_client, tmdb_settings, run_jobs):
    movie = make_movie("Dune", year=2021)
    data = _change_form_data(movie, tmdb_reference="https://www.themoviedb.org/movie/438631-dune")
    with run_jobs():
        response = admin_client.post(f"/admin/movies/movie/{movie.pk}/change/", data, follow=True)
    assert b"TMDB film queued" in response.content
    movie.refresh_from_db()
    assert (movie.tmdb_id, movie.imdb_id, movie.locked) == (438631, "tt1160419", True)


def test_pasting_nonsense_explains_what_to_paste(admin_client, tmdb_settings):
    movie = make_movie("Dune", year=2021)
    data = _change_form_data(movie, tmdb_reference="the one with sand")
    response = admin_client.post(f"/admin/movies/movie/{movie.pk}/change/", data, follow=True)
    assert b"Paste a TMDB id or URL" in response.content
    assert Movie.objects.get(pk=movie.pk).tmdb_id is None


def test_the_admin_actions_reset_and_reject(admin_client):
    movie = make_movie("Clip", status="not_found", locked=True)
    url = "/admin/movies/movie/"
    admin_client.post(url, {"action": "reset_to_pending", "_selected_action": [movie.pk]})
    assert Movie.objects.get(pk=movie.pk).status == "pending"
    admin_client.post(url, {"action": "mark_not_a_film", "_selected_action": [movie.pk]})
    assert Movie.objects.get(pk=movie.pk).status == "rejected"


def test_the_run_history_shows_the_schedule(admin_client):
    PipelineRun.objects.create(job="enrich", outcome="ok")
    response = admin_client.get("/admin/movies/pipelinerun/")
    content = response.content.decode()
    for actor in ("fetch_rotten_tomatoes_videos", "fetch_mubi_videos", "enrich_movies_with_tmdb"):
        assert actor in content
    assert "0 2 * * *" in content
    assert "Enrich now" in content


def test_enrich_now_without_a_broker_runs_in_the_background(admin_client, tmdb_settings, run_jobs):
    movie = make_movie("The Crow", year=2024)
    with run_jobs():
        response = admin_client.post(
            "/admin/movies/pipelinerun/", {"_enrich_now": "1"}, follow=True
        )
    assert b"Enrichment queued" in response.content
    assert PipelineRun.objects.get().trigger == "admin"
    assert Movie.objects.get(pk=movie.pk).status == "matched"


def test_enrich_now_without_a_broker_looks_films_up_as_many_at_once_as_configured(
    admin_client, tmdb_settings, monkeypatch, run_jobs
):
    tmdb_settings.ENRICH_CONCURRENCY = 1
    threads = record_enrichment_threads(monkeypatch)
    make_movie("The Crow", year=2024)
    make_movie("Dune", year=2021)
    with run_jobs():
        admin_client.post("/admin/movies/pipelinerun/", {"_enrich_now": "1"})
    assert len(threads) == 2
    assert not [name for name in threads if name.startswith("enrich")]


def test_enrich_now_with_a_broker_queues_the_job(
    admin_client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    import dramatiq

    from movies import dispatch

    settings.REDIS_URL = "redis://broker.invalid:6379/0"  # the test broker stays a stub
    monkeypatch.setattr(dispatch, "broker_answers", lambda: True)
    broker = dramatiq.get_broker()
    broker.flush_all()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/movies/pipelinerun/", {"_enrich_now": "1"}, follow=True
        )
    assert b"Enrichment queued" in response.content
    messages = list(broker.queues["default"].queue)
    assert len(messages) == 1
    broker.flush_all()


def test_fetch_now_for_a_channel_without_a_broker_runs_in_the_background(admin_client, run_jobs):
    from contrib.youtube.testing.fake_ytdlp import load_listing, patched_youtube

    mubi = Channel.objects.get(slug="mubi")
    with patched_youtube({mubi.url: load_listing("mubi")}), run_jobs():
        response = admin_client.post(
            "/admin/movies/channel/",
            {"action": "fetch_now", "_selected_action": [mubi.pk]},
            follow=True,
        )
    assert b"Fetch queued for MUBI" in response.content
    assert Movie.objects.filter(source="mubi").exists()


def test_fetch_now_on_a_disabled_channel_fetches_it_as_asked(admin_client, run_jobs):
    from contrib.youtube.testing.fake_ytdlp import load_listing, patched_youtube

    mubi = Channel.objects.get(slug="mubi")
    Channel.objects.filter(pk=mubi.pk).update(enabled=False)
    with patched_youtube({mubi.url: load_listing("mubi")}), run_jobs():
        admin_client.post(
            "/admin/movies/channel/", {"action": "fetch_now", "_selected_action": [mubi.pk]}
        )
    assert Movie.objects.filter(source="mubi").exists()
    assert not Channel.objects.get(pk=mubi.pk).enabled  # asked once, still disabled


def _change_form_data(movie, **overrides):
    data = {
        "title": movie.title,
        "year": movie.year or "",
        "original_title": movie.original_title or "",
        "source": movie.source,
        "video_id": movie.video_id or "",
        "status": movie.status,
        "genres": "[]",
        "candidates": "[]",
        "enrich_attempts": 0,
        "trailers-TOTAL_FORMS": 0,
        "trailers-INITIAL_FORMS": 0,
        "trailers-MIN_NUM_FORMS": 0,
        "trailers-MAX_NUM_FORMS": 1000,
    }
    data.update(overrides)
    return data
