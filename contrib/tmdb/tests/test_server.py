"""FakeTMDB, the test double: TMDB's shapes and errors, its knobs and its statistics."""

import logging
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from contrib.tmdb.testing.search import SEARCH_FIELDS, load_catalogue
from contrib.tmdb.testing.server import CONFIGURATION, SAMPLE_FILMS, FakeTMDB

ROOT = Path(__file__).resolve().parents[3]


def get(fake: FakeTMDB, path: str, params=None, *, token=True, timeout=5) -> requests.Response:
    headers = {"Authorization": f"Bearer {fake.token}"} if token else {}
    return requests.get(fake.url + path, params=params, headers=headers, timeout=timeout)


def films(**changes) -> list[dict]:
    return [dict(f, **changes) for f in SAMPLE_FILMS]


def test_it_handles_search_in_tmdb_shape(fake_tmdb):
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


def test_it_handles_search_by_year(fake_tmdb):
    for param in ("year", "primary_release_year"):
        body = get(fake_tmdb, "/search/movie", {"query": "The Crow", param: 2024}).json()
        assert [r["id"] for r in body["results"]] == [957452]


def test_it_handles_an_invalid_page(fake_tmdb):
    response = get(fake_tmdb, "/search/movie", {"query": "dune", "page": 0})

    assert response.status_code == 400
    assert response.json()["status_code"] == 22


def test_it_handles_movie_details_with_appended_blocks(fake_tmdb):
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
    assert "watch/providers" not in body  # unknown to the double: ignored, like TMDB


def test_it_handles_movie_details_without_append(fake_tmdb):
    body = get(fake_tmdb, "/movie/9495").json()

    assert body["title"] == "The Crow"
    assert "external_ids" not in body


def test_it_handles_external_ids(fake_tmdb):
    body = get(fake_tmdb, "/movie/957452/external_ids").json()

    assert body["id"] == 957452
    assert body["imdb_id"] == "tt1340094"


def test_it_handles_find_by_imdb_id(fake_tmdb):
    body = get(fake_tmdb, "/find/tt0109506", {"external_source": "imdb_id"}).json()

    assert [r["id"] for r in body["movie_results"]] == [9495]
    assert set(body["movie_results"][0]) == set(SEARCH_FIELDS)
    assert body["tv_results"] == []
    missing = get(fake_tmdb, "/find/tt0000001", {"external_source": "imdb_id"}).json()
    assert missing["movie_results"] == []


def test_it_handles_find_without_external_source(fake_tmdb):
    response = get(fake_tmdb, "/find/tt0109506")

    assert response.status_code == 400
    assert response.json()["success"] is False


def test_it_handles_configuration(fake_tmdb):
    body = get(fake_tmdb, "/configuration").json()

    assert body == CONFIGURATION
    assert body["images"]["secure_base_url"] == "https://image.tmdb.org/t/p/"


@pytest.mark.parametrize("path", ["/movie/1", "/movie/abc", "/movie/9495/credits", "/tv/1"])
def test_it_handles_unknown_resources_with_404_code_34(fake_tmdb, path):
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
def test_it_handles_a_missing_or_wrong_credential_with_401_code_7(fake_tmdb, headers, params):
    response = requests.get(
        fake_tmdb.url + "/configuration", headers=headers, params=params, timeout=5
    )

    assert response.status_code == 401
    assert response.json()["status_code"] == 7
    assert response.json()["success"] is False


def test_it_handles_the_api_key_or_the_bearer_token(fake_tmdb):
    by_key = requests.get(
        fake_tmdb.url + "/configuration", params={"api_key": fake_tmdb.api_key}, timeout=5
    )
    by_token = get(fake_tmdb, "/configuration")

    assert by_key.status_code == by_token.status_code == 200
    assert [r.auth for r in fake_tmdb.request_log] == ["api_key", "bearer"]


def test_it_handles_fail_auth(fake_tmdb):
    fake_tmdb.fail_auth = True
    assert get(fake_tmdb, "/configuration").status_code == 401
    fake_tmdb.fail_auth = False
    assert get(fake_tmdb, "/configuration").status_code == 200


def test_it_handles_rate_limit_with_429_and_retry_after():
    with FakeTMDB(films(), rate_limit=5) as fake:
        responses = [get(fake, "/configuration") for _ in range(12)]

    limited = [r for r in responses if r.status_code == 429]
    assert sum(r.status_code == 200 for r in responses) >= 5  # a bucket of `rate` tokens
    assert limited
    assert limited[0].headers["Retry-After"] == "1"
    assert limited[0].json()["status_code"] == 25
    assert fake.stats()["rate_limited"] == len(limited)


def test_it_handles_the_bucket_refilling_over_time():
    with FakeTMDB(films(), rate_limit=20, rate_burst=1) as fake:
        assert get(fake, "/configuration").status_code == 200
        assert get(fake, "/configuration").status_code == 429
        time.sleep(0.12)  # 20/s: one token back after 50 ms
        assert get(fake, "/configuration").status_code == 200
        fake.rate_limit = None  # knobs change while it runs
        assert all(get(fake, "/configuration").status_code == 200 for _ in range(5))


def test_it_handles_latency(fake_tmdb):
    fake_tmdb.latency = 0.2
    t0 = time.monotonic()
    get(fake_tmdb, "/configuration")

    assert time.monotonic() - t0 >= 0.2


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [("500", 500, 11), ("503", 503, 9), ("429", 429, 25)],
)
def test_it_handles_json_error_faults(fake_tmdb, kind, status, code):
    fake_tmdb.queue_faults(kind)
    response = get(fake_tmdb, "/configuration")

    assert response.status_code == status
    assert response.json()["status_code"] == code
    assert get(fake_tmdb, "/configuration").status_code == 200  # one fault, then normal


def test_it_handles_a_502_with_an_html_body(fake_tmdb):
    fake_tmdb.queue_faults("502")
    response = get(fake_tmdb, "/configuration")

    assert response.status_code == 502
    assert response.headers["Content-Type"] == "text/html"
    assert response.text.startswith("<html>")


def test_it_handles_invalid_json(fake_tmdb):
    fake_tmdb.queue_faults("invalid_json")
    response = get(fake_tmdb, "/search/movie", {"query": "dune"})

    assert response.status_code == 200
    with pytest.raises(requests.JSONDecodeError):
        response.json()


def test_it_handles_a_hang(fake_tmdb):
    fake_tmdb.hang_seconds = 0.6
    fake_tmdb.queue_faults("hang")
    with pytest.raises(requests.ReadTimeout):
        get(fake_tmdb, "/configuration", timeout=(1, 0.2))


def test_it_handles_a_reset(fake_tmdb):
    fake_tmdb.queue_faults("reset")
    with pytest.raises(requests.ConnectionError):
        get(fake_tmdb, "/configuration")
    assert get(fake_tmdb, "/configuration").status_code == 200


def test_it_handles_unknown_fault_kinds():
    with pytest.raises(ValueError, match="unknown fault"):
        FakeTMDB(films(), faults=["teapot"])


def test_it_handles_faults_reproducibly_with_a_seed():
    def statuses(seed: int) -> list[int]:
        with FakeTMDB(
            films(), fault_rate=0.5, faults=["500", "503", "invalid_json"], seed=seed
        ) as fake:
            return [get(fake, "/configuration").status_code for _ in range(30)]

    first = statuses(7)
    assert first == statuses(7)
    assert 200 in first
    assert {500, 503} & set(first)


def test_it_handles_fault_statistics(fake_tmdb):
    fake_tmdb.queue_faults("500", "500", "503")
    for _ in range(4):
        get(fake_tmdb, "/configuration")

    stats = fake_tmdb.stats()
    assert stats["faults"] == {"500": 2, "503": 1}
    assert stats["by_status"] == {500: 2, 503: 1, 200: 1}


def test_it_handles_faults_only_for_authenticated_requests(fake_tmdb):
    fake_tmdb.queue_faults("500")
    assert get(fake_tmdb, "/configuration", token=False).status_code == 401
    assert get(fake_tmdb, "/configuration").status_code == 500


def test_it_handles_concurrent_requests_and_counts_them(fake_tmdb):
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


def test_it_handles_a_cap_on_concurrent_connections(fake_tmdb):
    fake_tmdb.latency = 0.3
    fake_tmdb.max_connections = 2
    statuses = run_concurrently(fake_tmdb, 6)

    assert statuses.count(429) >= 1
    assert statuses.count(200) >= 1
    assert fake_tmdb.stats()["over_connections"] == statuses.count(429)


def test_it_handles_reset_stats(fake_tmdb):
    fake_tmdb.queue_faults("500")
    get(fake_tmdb, "/configuration")
    fake_tmdb.reset_stats()

    stats = fake_tmdb.stats()
    assert stats["requests"] == 0
    assert stats["faults"] == {}
    assert stats["per_second"] == {}
    assert fake_tmdb.request_log == []


def test_it_handles_credentials_in_the_request_log(fake_tmdb, caplog):
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


def test_it_handles_control_endpoints(fake_tmdb):
    get(fake_tmdb, "/configuration")
    stats = requests.get(fake_tmdb.base_url + "/__fake__/stats", timeout=5).json()
    assert stats["requests"] == 1
    assert stats["by_status"] == {"200": 1}

    config = requests.post(
        fake_tmdb.base_url + "/__fake__/config", json={"fail_auth": True}, timeout=5
    )
    assert config.status_code == 200
    assert get(fake_tmdb, "/configuration").status_code == 401

    bad = requests.post(fake_tmdb.base_url + "/__fake__/config", json={"nope": 1}, timeout=5)
    assert bad.status_code == 400

    requests.post(fake_tmdb.base_url + "/__fake__/reset", timeout=5)
    assert fake_tmdb.stats()["requests"] == 0


def test_it_handles_stop(fake_tmdb):
    url = fake_tmdb.url
    fake_tmdb.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/configuration", timeout=2)


def test_it_handles_the_default_catalogue():
    # A film's own title finds it in the catalogue the fake serves by default.
    with FakeTMDB() as fake:
        film = next(f for f in fake.films if f.get("title") and f.get("release_date"))
        body = get(fake, "/search/movie", {"query": film["title"]}).json()
        details = get(fake, f"/movie/{film['id']}").json()

    assert film["id"] in [r["id"] for r in body["results"]]
    assert details["id"] == film["id"]
    assert len(fake.films) == len(load_catalogue())


def test_it_handles_running_as_a_standalone_process():
    process = subprocess.Popen(
        [sys.executable, "-m", "contrib.tmdb.testing.server", "--port", "0"],
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
        response = requests.get(
            url + "/configuration",
            headers={"Authorization": "Bearer test-read-access-token"},
            timeout=5,
        )
        assert response.status_code == 200
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)

    assert process.returncode == 0
    assert "Traceback" not in stderr
