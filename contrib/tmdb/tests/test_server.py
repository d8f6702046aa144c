"""FakeTMDB, the test double: TMDB's shapes and errors, its knobs and its statistics."""

import logging
import select
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from contrib.tmdb.testing.search import SEARCH_FIELDS, load_catalogue
from contrib.tmdb.testing.server import CONFIGURATION, SAMPLE_FILMS, TMDB_ERRORS, FakeTMDB

ROOT = Path(__file__).resolve().parents[3]


def get(fake: FakeTMDB, path: str, params=None, *, token=True, timeout=5) -> requests.Response:
    headers = {"Authorization": f"Bearer {fake.token}"} if token else {}
    return requests.get(fake.url + path, params=params, headers=headers, timeout=timeout)


def films(**changes) -> list[dict]:
    return [dict(f, **changes) for f in SAMPLE_FILMS]


def test_search_answers_in_tmdbs_shape(fake_tmdb):
    response = get(fake_tmdb, "/search/movie", {"query": "the crow"})

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["page"] == 1
    assert body["total_results"] == 2
    assert body["total_pages"] == 1
    assert {r["id"] for r in body["results"]} == {9495, 957452}
    for result in body["results"]:
        assert set(result) == set(SEARCH_FIELDS)


def test_search_filters_by_year_or_primary_release_year(fake_tmdb):
    for param in ("year", "primary_release_year"):
        body = get(fake_tmdb, "/search/movie", {"query": "The Crow", param: 2024}).json()
        assert [r["id"] for r in body["results"]] == [957452]


def test_an_invalid_page_is_a_400_with_code_22(fake_tmdb):
    response = get(fake_tmdb, "/search/movie", {"query": "dune", "page": 0})

    assert response.status_code == 400
    assert response.json()["status_code"] == 22


def test_movie_details_carry_the_appended_blocks(fake_tmdb):
    params = {"append_to_response": "external_ids,videos,release_dates,watch/providers"}
    body = get(fake_tmdb, "/movie/933260", params).json()

    assert body["id"] == 933260
    assert body["imdb_id"] == "tt17526714"
    assert body["runtime"] == 141
    assert body["genres"] == [{"id": 27, "name": "Horror"}, {"id": 878, "name": "Science Fiction"}]
    assert "genre_ids" not in body
    assert body["external_ids"]["imdb_id"] == "tt17526714"
    assert body["videos"] == {"results": []}
    release = body["release_dates"]["results"][0]
    assert release["iso_3166_1"] == "US"
    assert release["release_dates"][0]["release_date"].startswith("2024-09-07")
    assert body["watch/providers"] == {"results": {}}
    assert (
        "unknown_block"
        not in get(fake_tmdb, "/movie/933260", {"append_to_response": "unknown_block"}).json()
    )  # like TMDB, an unknown name is ignored


def test_movie_details_without_append_carry_no_blocks(fake_tmdb):
    body = get(fake_tmdb, "/movie/9495").json()

    assert body["title"] == "The Crow"
    assert "external_ids" not in body


def test_external_ids_give_the_imdb_id(fake_tmdb):
    body = get(fake_tmdb, "/movie/957452/external_ids").json()

    assert body["id"] == 957452
    assert body["imdb_id"] == "tt1340094"


def test_find_gives_the_film_with_that_imdb_id(fake_tmdb):
    body = get(fake_tmdb, "/find/tt0109506", {"external_source": "imdb_id"}).json()

    assert [r["id"] for r in body["movie_results"]] == [9495]
    assert set(body["movie_results"][0]) == set(SEARCH_FIELDS)
    assert body["tv_results"] == []
    missing = get(fake_tmdb, "/find/tt0000001", {"external_source": "imdb_id"}).json()
    assert missing["movie_results"] == []


def test_find_without_external_source_is_a_400(fake_tmdb):
    response = get(fake_tmdb, "/find/tt0109506")

    assert response.status_code == 400
    assert response.json()["success"] is False


def test_configuration_gives_the_image_sizes(fake_tmdb):
    body = get(fake_tmdb, "/configuration").json()

    assert body == CONFIGURATION
    assert body["images"]["secure_base_url"] == "https://image.tmdb.org/t/p/"


@pytest.mark.parametrize("path", ["/movie/1", "/movie/abc", "/movie/9495/credits", "/tv/1"])
def test_an_unknown_resource_is_a_404_with_code_34(fake_tmdb, path):
    response = get(fake_tmdb, path)

    assert response.status_code == 404
    assert response.json() == {
        "success": False,
        "status_code": 34,
        "status_message": "The resource you requested could not be found.",
    }


@pytest.mark.parametrize(
    ("headers", "params"),
    [
        ({}, {}),
        ({"Authorization": "Bearer wrong"}, {}),
        ({"Authorization": "Basic dGVzdA=="}, {}),
        ({}, {"api_key": "wrong"}),
    ],
)
def test_a_missing_or_wrong_credential_is_a_401_with_code_7(fake_tmdb, headers, params):
    response = requests.get(
        fake_tmdb.url + "/configuration", headers=headers, params=params, timeout=5
    )

    assert response.status_code == 401
    assert response.json()["status_code"] == 7
    assert response.json()["success"] is False


def test_it_accepts_the_api_key_or_the_bearer_token(fake_tmdb):
    by_key = requests.get(
        fake_tmdb.url + "/configuration", params={"api_key": fake_tmdb.api_key}, timeout=5
    )
    by_token = get(fake_tmdb, "/configuration")

    assert by_key.status_code == by_token.status_code == 200
    assert [r.auth for r in fake_tmdb.request_log] == ["api_key", "bearer"]


def test_fail_auth_refuses_a_good_credential_until_turned_off(fake_tmdb):
    fake_tmdb.fail_auth = True
    assert get(fake_tmdb, "/configuration").status_code == 401
    fake_tmdb.fail_auth = False
    assert get(fake_tmdb, "/configuration").status_code == 200


def statuses(fake: FakeTMDB, n: int) -> list[int]:
    return [get(fake, "/configuration").status_code for _ in range(n)]


def test_the_sliding_window_allows_the_limit_in_any_second(clock):
    with FakeTMDB(films(), rate_limit=3, rate_algorithm="sliding_window", clock=clock) as fake:
        assert statuses(fake, 4) == [200, 200, 200, 429]
        clock.advance(0.5)
        assert statuses(fake, 1) == [429]  # the first three are still within the second
        clock.advance(0.5)
        assert statuses(fake, 4) == [200, 200, 200, 429]
        assert fake.stats()["accepted"] == 6


def test_the_token_bucket_allows_a_burst_then_its_rate(clock):
    with FakeTMDB(
        films(), rate_limit=2, rate_algorithm="token_bucket", rate_burst=4, clock=clock
    ) as fake:
        assert statuses(fake, 5) == [200, 200, 200, 200, 429]
        clock.advance(0.5)  # one token back at 2 a second
        assert statuses(fake, 2) == [200, 429]


def test_the_fixed_window_counts_per_clock_second(clock):
    clock.now = 1_000.5
    with FakeTMDB(films(), rate_limit=3, rate_algorithm="fixed_window", clock=clock) as fake:
        assert statuses(fake, 4) == [200, 200, 200, 429]
        clock.advance(0.5)  # a new second: three more, six within half a second
        assert statuses(fake, 4) == [200, 200, 200, 429]


def test_a_rate_limited_answer_is_tmdbs_429_with_code_25(clock):
    with FakeTMDB(films(), rate_limit=1, clock=clock) as fake:
        get(fake, "/configuration")
        response = get(fake, "/configuration")

    assert response.status_code == 429
    assert response.json() == {
        "success": False,
        "status_code": 25,
        "status_message": "Your request count (#) is over the allowed limit of (1).",
    }
    assert response.headers["Retry-After"] == "1"
    assert fake.stats()["rate_limited"] == 1


def test_without_retry_after_a_429_carries_no_such_header(clock):
    with FakeTMDB(films(), rate_limit=1, retry_after=None, clock=clock) as fake:
        get(fake, "/configuration")
        response = get(fake, "/configuration")

    assert response.status_code == 429
    assert "Retry-After" not in response.headers


def test_changing_the_rate_knobs_starts_the_limit_afresh(clock):
    with FakeTMDB(films(), rate_limit=2, clock=clock) as fake:
        assert statuses(fake, 3) == [200, 200, 429]
        fake.configure(rate_algorithm="fixed_window")
        assert statuses(fake, 3) == [200, 200, 429]
        fake.configure(rate_limit=None)
        assert statuses(fake, 5) == [200] * 5


def test_it_caps_no_connections(fake_tmdb):
    # TMDB documents no connection limit: twenty at once are all answered.
    fake_tmdb.latency = 0.2
    answered = run_concurrently(fake_tmdb, 20)

    assert answered == [200] * 20
    assert fake_tmdb.stats()["max_in_flight"] > 1


def test_latency_delays_every_answer():
    waits = []
    with FakeTMDB(films(), latency=0.08, sleep=waits.append) as fake:
        statuses(fake, 3)

    assert waits == [0.08] * 3


@pytest.mark.parametrize("kind", sorted(TMDB_ERRORS))
def test_each_tmdb_fault_answers_with_tmdbs_status_and_body(fake_tmdb, kind):
    status, code, message = TMDB_ERRORS[kind]
    fake_tmdb.queue_faults(kind)
    response = get(fake_tmdb, "/configuration")

    assert response.status_code == status
    assert response.json() == {"success": False, "status_code": code, "status_message": message}
    assert get(fake_tmdb, "/configuration").status_code == 200  # one fault, then normal


@pytest.mark.parametrize(("kind", "status"), [("403-proxy", 403), ("502-proxy", 502)])
def test_a_proxy_fault_answers_with_an_html_page(fake_tmdb, kind, status):
    fake_tmdb.queue_faults(kind)
    response = get(fake_tmdb, "/configuration")

    assert response.status_code == status
    assert response.headers["Content-Type"] == "text/html"
    assert response.text.startswith("<html>")


def test_a_bare_status_fault_is_tmdbs_usual_code_for_it(fake_tmdb):
    fake_tmdb.queue_faults("500", "503")

    assert get(fake_tmdb, "/configuration").json()["status_code"] == 11
    assert get(fake_tmdb, "/configuration").json()["status_code"] == 9


def test_a_fault_queued_for_a_path_waits_for_a_request_to_it(fake_tmdb):
    fake_tmdb.queue_faults("501-2", path="/3/movie/9495")

    assert get(fake_tmdb, "/configuration").status_code == 200
    assert get(fake_tmdb, "/movie/9495").status_code == 501
    assert get(fake_tmdb, "/movie/9495").status_code == 200


def test_the_invalid_json_fault_sends_a_truncated_body(fake_tmdb):
    fake_tmdb.queue_faults("invalid_json")
    response = get(fake_tmdb, "/search/movie", {"query": "dune"})

    assert response.status_code == 200
    with pytest.raises(requests.JSONDecodeError):
        response.json()


def test_the_hang_fault_outlasts_a_short_read_timeout(fake_tmdb):
    fake_tmdb.hang_seconds = 0.6
    fake_tmdb.queue_faults("hang")
    with pytest.raises(requests.ReadTimeout):
        get(fake_tmdb, "/configuration", timeout=(1, 0.2))


def test_the_reset_fault_drops_the_connection_once(fake_tmdb):
    fake_tmdb.queue_faults("reset")
    with pytest.raises(requests.ConnectionError):
        get(fake_tmdb, "/configuration")
    assert get(fake_tmdb, "/configuration").status_code == 200


def test_an_unknown_fault_kind_is_refused():
    with pytest.raises(ValueError, match="unknown fault"):
        FakeTMDB(films(), faults=["teapot"])


def test_random_faults_repeat_with_the_same_seed():
    def statuses(seed: int) -> list[int]:
        with FakeTMDB(
            films(), fault_rate=0.5, faults=["500", "503", "invalid_json"], seed=seed
        ) as fake:
            return [get(fake, "/configuration").status_code for _ in range(30)]

    first = statuses(7)
    assert first == statuses(7)
    assert 200 in first
    assert {500, 503} & set(first)


def test_faults_are_counted_by_kind_and_status(fake_tmdb):
    fake_tmdb.queue_faults("500", "500", "503")
    for _ in range(4):
        get(fake_tmdb, "/configuration")

    stats = fake_tmdb.stats()
    assert stats["faults"] == {"500": 2, "503": 1}
    assert stats["by_status"] == {500: 2, 503: 1, 200: 1}


def test_faults_hit_only_authenticated_requests(fake_tmdb):
    fake_tmdb.queue_faults("500")
    assert get(fake_tmdb, "/configuration", token=False).status_code == 401
    assert get(fake_tmdb, "/configuration").status_code == 500


def test_concurrent_requests_are_all_counted(fake_tmdb):
    fake_tmdb.latency = 0.2
    run_concurrently(fake_tmdb, 6)

    stats = fake_tmdb.stats()
    assert stats["requests"] == 6
    assert stats["by_path"] == {"/3/configuration": 6}
    assert 2 <= stats["max_in_flight"] <= 6
    assert stats["in_flight"] == 0
    assert sum(stats["per_second"].values()) == 6


def run_concurrently(fake: FakeTMDB, n: int) -> list[int]:
    statuses, lock = [], threading.Lock()
    barrier = threading.Barrier(n)

    def call():
        barrier.wait()
        status = get(fake, "/configuration").status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=call) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return statuses


def test_reset_stats_forgets_every_count(fake_tmdb):
    fake_tmdb.queue_faults("500")
    get(fake_tmdb, "/configuration")
    fake_tmdb.reset_stats()

    stats = fake_tmdb.stats()
    assert stats["requests"] == 0
    assert stats["faults"] == {}
    assert stats["per_second"] == {}
    assert fake_tmdb.request_log == []


def test_the_request_log_never_holds_a_credential(fake_tmdb, caplog):
    caplog.set_level(logging.DEBUG)
    requests.get(
        fake_tmdb.url + "/search/movie",
        params={"query": "dune", "api_key": fake_tmdb.api_key},
        timeout=5,
    )
    get(fake_tmdb, "/movie/438631")

    by_key, by_token = fake_tmdb.request_log
    assert by_key.path == "/3/search/movie"
    assert by_key.params == {"query": "dune", "api_key": "REDACTED"}
    assert by_key.auth == "api_key"
    assert by_key.status == 200
    assert by_token.auth == "bearer"
    logged = repr(fake_tmdb.request_log) + caplog.text
    assert fake_tmdb.api_key not in logged
    assert fake_tmdb.token not in logged


def test_the_control_endpoints_read_stats_change_knobs_and_reset(fake_tmdb):
    get(fake_tmdb, "/configuration")
    stats = requests.get(fake_tmdb.base_url + "/__fake__/stats", timeout=5).json()
    assert stats["requests"] == 1
    assert stats["by_status"] == {"200": 1}

    config = requests.post(
        fake_tmdb.base_url + "/__fake__/config", json={"fail_auth": True}, timeout=5
    )
    assert config.status_code == 200
    assert get(fake_tmdb, "/configuration").status_code == 401

    knobs = {"rate_limit": 1, "rate_algorithm": "fixed_window", "retry_after": None}
    requests.post(fake_tmdb.base_url + "/__fake__/config", json=knobs, timeout=5)
    assert (fake_tmdb.rate_limit, fake_tmdb.rate_algorithm, fake_tmdb.retry_after) == (
        1,
        "fixed_window",
        None,
    )

    for bad in ({"nope": 1}, {"rate_algorithm": "leaky"}, {"max_connections": 2}):
        answer = requests.post(fake_tmdb.base_url + "/__fake__/config", json=bad, timeout=5)
        assert answer.status_code == 400

    requests.post(fake_tmdb.base_url + "/__fake__/reset", timeout=5)
    assert fake_tmdb.stats()["requests"] == 0


def test_after_stop_nothing_answers(fake_tmdb):
    url = fake_tmdb.url
    fake_tmdb.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/configuration", timeout=2)


def test_the_default_catalogue_finds_a_film_by_its_title():
    # A film's own title finds it in the catalogue the fake serves by default.
    with FakeTMDB() as fake:
        film = next(f for f in fake.films if f.get("title") and f.get("release_date"))
        body = get(fake, "/search/movie", {"query": film["title"]}).json()
        details = get(fake, f"/movie/{film['id']}").json()

    assert film["id"] in [r["id"] for r in body["results"]]
    assert details["id"] == film["id"]
    assert len(fake.films) == len(load_catalogue())


def test_it_runs_as_a_standalone_process_with_its_knobs():
    # A bucket of one token that takes over a quarter of an hour to refill.
    knobs = ["--rate-limit", "0.001", "--rate-algorithm", "token_bucket", "--rate-burst", "1"]
    knobs += ["--retry-after", "none"]
    process = subprocess.Popen(
        [sys.executable, "-m", "contrib.tmdb.testing.server", "--port", "0", *knobs],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "the server did not start"
        line = process.stdout.readline()
        url = line.split()[2]
        answers = [
            requests.get(
                url + "/configuration",
                headers={"Authorization": "Bearer test-read-access-token"},
                timeout=5,
            )
            for _ in range(2)
        ]
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)

    assert process.returncode == 0
    assert "Traceback" not in stderr
    assert [a.status_code for a in answers] == [200, 429]
    assert "Retry-After" not in answers[1].headers
