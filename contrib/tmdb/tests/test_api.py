"""TMDBClient against FakeTMDB over real HTTP: shapes, errors, retries, limits, secrecy."""

import logging
import socket
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from contrib.tmdb.api import DEFAULT_API_URL, TMDBClient, parse_movie_details
from contrib.tmdb.exceptions import (
    TMDBAuthError,
    TMDBConfigError,
    TMDBError,
    TMDBNotFound,
    TMDBPermanentError,
    TMDBRateLimited,
    TMDBUnavailable,
    scrub,
)
from contrib.tmdb.ratelimit import (
    LimiterUnavailable,
    LocalLimiter,
    NullLimiter,
    RedisLimiter,
    Slot,
)
from contrib.tmdb.testing.server import SAMPLE_FILMS, FakeTMDB
from contrib.tmdb.types import ImageConfig, MovieDetails, SearchResult

SECRET = "s3cr3t-Credential-0f-the-test"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- shapes -------------------------------------------------------------------------------


def test_it_returns_search_results_as_typed_records(client):
    results = client.search_movie("The Substance")

    assert results == [
        SearchResult(
            id=933260,
            title="The Substance",
            original_title="The Substance",
            original_language="en",
            release_date=date(2024, 9, 7),
            overview="Overview of The Substance.",
            poster_path="/poster933260.jpg",
            backdrop_path="/backdrop933260.jpg",
            popularity=95.2,
            vote_average=7.0,
            vote_count=1000,
        )
    ]
    assert results[0].year == 2024


def test_it_sends_the_query_year_and_page_as_given(client, fake_tmdb):
    results = client.search_movie("  the crow ", year=2024, primary_release_year=2024, page=1)

    assert [r.id for r in results] == [957452]
    (logged,) = fake_tmdb.request_log
    assert logged.params == {
        "query": "the crow",
        "year": "2024",
        "primary_release_year": "2024",
        "page": "1",
        "include_adult": "false",
    }


def test_a_blank_query_returns_nothing_without_a_request(client, fake_tmdb):
    assert client.search_movie("   ") == []
    assert fake_tmdb.request_log == []


def test_a_missing_release_date_or_poster_becomes_none(client):
    (result,) = client.search_movie("An Untitled Festival Film")

    assert result.release_date is None
    assert result.year is None
    assert result.poster_path is None


def test_it_returns_movie_details_with_external_ids_appended(client, fake_tmdb):
    details = client.movie_details(9495)

    assert details == MovieDetails(
        id=9495,
        title="The Crow",
        original_title="The Crow",
        original_language="en",
        imdb_id="tt0109506",
        overview="Overview of The Crow.",
        release_date=date(1994, 5, 11),
        runtime=102,
        genres=("Fantasy", "Action", "Thriller"),
        vote_average=7.0,
        vote_count=1000,
        popularity=40.1,
        poster_path="/poster9495.jpg",
        backdrop_path="/backdrop9495.jpg",
    )
    assert fake_tmdb.request_log[0].params == {"append_to_response": "external_ids"}


def test_it_appends_what_the_caller_asks_for(client, fake_tmdb):
    client.movie_details(9495, append=("external_ids", "videos"))
    client.movie_details(9495, append=())

    first, second = fake_tmdb.request_log
    assert first.params == {"append_to_response": "external_ids,videos"}
    assert second.params == {}


def test_it_reads_the_imdb_id_from_external_ids_and_skips_bad_genres(client, fake_tmdb):
    fake_tmdb.canned["/3/movie/42"] = {
        "id": 42,
        "title": "Canned",
        "imdb_id": None,
        "external_ids": {"imdb_id": "tt0000042"},
        "genres": [{"id": 18, "name": "Drama"}, {"id": 1}, "junk", {"name": None}],
        "runtime": 0,
        "popularity": "very",
    }
    details = client.movie_details(42)

    assert details.imdb_id == "tt0000042"
    assert details.genres == ("Drama",)
    assert details.runtime is None  # TMDB's 0 means unknown
    assert details.popularity == 0.0


def test_details_without_an_id_are_a_transient_error(client, fake_tmdb):
    fake_tmdb.canned["/3/movie/42"] = {"title": "No id"}

    with pytest.raises(TMDBUnavailable, match="no movie id"):
        client.movie_details(42)


@pytest.mark.parametrize("bad", [0, -1, "12", None, True, 1.5])
def test_it_refuses_an_invalid_tmdb_id_without_a_request(client, fake_tmdb, bad):
    with pytest.raises(ValueError, match="TMDB movie id"):
        client.movie_details(bad)
    assert fake_tmdb.request_log == []


def test_it_finds_a_film_by_its_imdb_id(client, fake_tmdb):
    (result,) = client.find_by_imdb_id("tt1340094")

    assert result.id == 957452
    assert result.year == 2024
    assert fake_tmdb.request_log[0].path == "/3/find/tt1340094"
    assert fake_tmdb.request_log[0].params == {"external_source": "imdb_id"}
    assert client.find_by_imdb_id("tt9999999") == []


@pytest.mark.parametrize("bad", ["", "1340094", "tt12", "../configuration", "tt1340094/x"])
def test_it_refuses_an_invalid_imdb_id_without_a_request(client, fake_tmdb, bad):
    with pytest.raises(ValueError, match="IMDb"):
        client.find_by_imdb_id(bad)
    assert fake_tmdb.request_log == []


def test_it_reads_the_image_configuration(client):
    config = client.configuration()

    assert config.base_url == "https://image.tmdb.org/t/p/"
    assert "w342" in config.poster_sizes
    assert "w1280" in config.backdrop_sizes
    assert config.url("/abc.jpg", "w342") == "https://image.tmdb.org/t/p/w342/abc.jpg"


def test_a_configuration_without_images_falls_back_to_defaults(client, fake_tmdb):
    fake_tmdb.canned["/3/configuration"] = {"images": {"secure_base_url": None}}

    assert client.configuration() == ImageConfig()


def test_it_skips_malformed_search_results_and_keeps_the_rest(client, fake_tmdb):
    fake_tmdb.canned["/3/search/movie"] = {
        "page": 1,
        "results": [
            "not an object",
            None,
            {"id": "933260", "title": "String id"},
            {"id": True, "title": "Boolean id"},
            {"id": 5},
            {"id": 6, "title": ""},
            {
                "id": 7,
                "title": "Wrong types",
                "release_date": 2024,
                "popularity": "high",
                "vote_count": "many",
                "poster_path": 5,
                "overview": None,
            },
            {"id": 8, "title": None, "original_title": "Titre original"},
            {"id": 9, "title": "Fine", "release_date": "2024-13-45", "vote_count": 12.0},
        ],
        "total_pages": 1,
        "total_results": 9,
    }
    results = client.search_movie("anything")

    assert [(r.id, r.title) for r in results] == [
        (7, "Wrong types"),
        (8, "Titre original"),
        (9, "Fine"),
    ]
    assert results[0] == SearchResult(id=7, title="Wrong types")
    assert results[2].release_date is None
    assert results[2].vote_count == 12


def test_an_answer_without_a_results_list_is_a_transient_error(client, fake_tmdb):
    # Not the same as "no match": that would mark the film as unknown to TMDB.
    fake_tmdb.canned["/3/search/movie"] = {"page": 1, "status_message": "?"}

    with pytest.raises(TMDBUnavailable, match="no results list"):
        client.search_movie("dune")


# -- errors and retries ---------------------------------------------------------------------


class Waits(list):
    """The client's `sleep`: records the waits asked for instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def assert_backoff(waits: list[float], backoff: float) -> None:
    """Doubling from `backoff`, each with up to a quarter more of jitter."""
    for attempt, wait in enumerate(waits):
        base = backoff * 2**attempt
        assert base <= wait <= base * 1.25, (attempt, waits)


@pytest.mark.parametrize("code", [3, 7, 10, 14])
def test_a_401_is_an_auth_error_and_never_retried(client, fake_tmdb, code):
    fake_tmdb.canned["/3/configuration"] = (401, {"success": False, "status_code": code})

    with pytest.raises(TMDBAuthError) as caught:
        client.configuration()

    assert (caught.value.status, caught.value.tmdb_status_code) == (401, code)
    assert str(caught.value) == (
        f"TMDB rejected the credential on /configuration (HTTP 401, status_code {code})."
    )
    assert fake_tmdb.stats()["requests"] == 1


def test_a_wrong_token_is_refused_as_a_credential_problem(fake_tmdb, make_client):
    client = make_client(fake_tmdb, read_access_token="wrong-token")

    with pytest.raises(TMDBAuthError) as caught:
        client.search_movie("dune")

    assert caught.value.tmdb_status_code == 7
    assert client.stats.retries == 0


def test_a_404_is_not_found_and_never_retried(client, fake_tmdb):
    with pytest.raises(TMDBNotFound) as caught:
        client.movie_details(1)

    assert isinstance(caught.value, TMDBPermanentError)
    assert str(caught.value) == "TMDB /movie/1: not found (HTTP 404, status_code 34)."
    assert fake_tmdb.stats()["requests"] == 1


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("501-2", "HTTP 501, status_code 2: Invalid service: this service does not exist."),
        ("500-44", "HTTP 500, status_code 44: The ID is invalid."),
        ("403-8", "HTTP 403, status_code 8: Duplicate entry: The data you tried to submit"),
        ("403-45", "HTTP 403, status_code 45: This user has been suspended."),
    ],
)
def test_tmdbs_permanent_errors_are_not_retried_nor_credential_problems(
    client, fake_tmdb, kind, text
):
    fake_tmdb.queue_faults(kind)

    with pytest.raises(TMDBPermanentError) as caught:
        client.search_movie("dune")

    assert not isinstance(caught.value, TMDBAuthError)
    assert str(caught.value).startswith(f"TMDB /search/movie: {text}")
    assert fake_tmdb.stats()["requests"] == 1


def test_a_400_is_permanent_and_never_retried(client, fake_tmdb):
    with pytest.raises(TMDBPermanentError) as caught:
        client.search_movie("dune", page=0)

    assert caught.value.status == 400
    assert caught.value.tmdb_status_code == 22
    assert fake_tmdb.stats()["requests"] == 1


def test_a_proxys_403_is_transient_not_a_credential_problem(client, fake_tmdb):
    fake_tmdb.queue_faults("403-proxy")

    with pytest.raises(TMDBUnavailable) as caught:
        client.search_movie("dune")

    assert str(caught.value) == (
        "TMDB /search/movie: refused by something in front of TMDB "
        "(HTTP 403 without TMDB's error body)."
    )
    assert fake_tmdb.stats()["requests"] == 1


@pytest.mark.parametrize("kind", ["500-11", "502-43", "502-proxy", "503-9", "503-46", "504-24"])
def test_it_retries_a_temporary_5xx_then_succeeds(fake_tmdb, make_client, kind):
    waits = Waits()
    client = make_client(fake_tmdb, sleep=waits, backoff=0.5)
    fake_tmdb.queue_faults(kind)

    assert [r.id for r in client.search_movie("dune")] == [438631]
    assert fake_tmdb.stats()["requests"] == 2
    assert_backoff(waits, 0.5)
    assert len(waits) == 1


def test_each_retry_is_one_warning_line(client, fake_tmdb, caplog):
    fake_tmdb.queue_faults("503", "500", "502")

    client.search_movie("dune")

    retries = [r for r in caplog.records if r.name == "contrib.tmdb.api"]
    assert [r.levelno for r in retries] == [logging.WARNING] * 3
    assert retries[0].getMessage().startswith("TMDB /search/movie: HTTP 503; retry 1 of 3 in ")


def test_it_gives_up_on_a_5xx_after_its_retries(fake_tmdb, make_client):
    fake_tmdb.configure(fault_rate=1.0, faults=["503"])
    waits = Waits()
    client = make_client(fake_tmdb, max_retries=2, backoff=0.05, sleep=waits)

    with pytest.raises(TMDBUnavailable) as caught:
        client.search_movie("dune")

    assert str(caught.value) == "TMDB /search/movie: HTTP 503 after 3 attempts."
    assert caught.value.status == 503
    assert len(waits) == 2
    assert client.stats.snapshot() == {
        "calls": 1,
        "requests": 3,
        "retries": 2,
        "rate_limited": 0,
        "failures": 1,
    }


def test_its_back_off_doubles_between_attempts(fake_tmdb, make_client):
    fake_tmdb.configure(fault_rate=1.0, faults=["500"])
    waits = Waits()
    client = make_client(fake_tmdb, max_retries=3, backoff=0.1, sleep=waits)

    with pytest.raises(TMDBUnavailable):
        client.configuration()

    assert len(waits) == 3
    assert_backoff(waits, 0.1)


def test_a_read_timeout_is_transient(fake_tmdb, make_client):
    fake_tmdb.hang_seconds = 1.0
    fake_tmdb.queue_faults("hang")
    client = make_client(fake_tmdb, timeout=(1, 0.2), max_retries=0)

    # The double answers after 1 s: only the 0.2 s read timeout makes this fail.
    with pytest.raises(TMDBUnavailable) as caught:
        client.configuration()

    assert str(caught.value) == "TMDB /configuration: timed out (ReadTimeout) after 1 attempts."


def test_it_retries_a_timeout_then_succeeds(fake_tmdb, make_client):
    fake_tmdb.hang_seconds = 1.0
    fake_tmdb.queue_faults("hang")
    client = make_client(fake_tmdb, timeout=(1, 0.2), max_retries=1)

    assert client.configuration().base_url == "https://image.tmdb.org/t/p/"
    assert client.stats.retries == 1


def test_it_retries_invalid_json_then_succeeds(client, fake_tmdb):
    fake_tmdb.queue_faults("invalid_json")

    assert [r.id for r in client.search_movie("anora")] == [1064213]
    assert client.stats.retries == 1


def test_invalid_json_every_time_is_transient_after_the_retries(fake_tmdb, make_client):
    fake_tmdb.configure(fault_rate=1.0, faults=["invalid_json"])
    client = make_client(fake_tmdb, max_retries=1)

    with pytest.raises(TMDBUnavailable, match=r"invalid JSON \(HTTP 200\) after 2 attempts"):
        client.search_movie("anora")


def test_a_json_answer_that_is_not_an_object_is_transient(client, fake_tmdb):
    fake_tmdb.canned["/3/configuration"] = [1, 2, 3]

    with pytest.raises(TMDBUnavailable, match="unexpected JSON shape"):
        client.configuration()


def test_it_retries_a_reset_connection_then_succeeds(client, fake_tmdb):
    fake_tmdb.queue_faults("reset")

    assert client.movie_details(194).title == "Amélie"
    assert client.stats.retries == 1


def test_a_refused_connection_is_retried_with_back_off_then_transient(make_client):
    waits = Waits()
    client = make_client(
        api_url=f"http://127.0.0.1:{closed_port()}/3",
        api_key=SECRET,
        read_access_token=None,
        max_retries=2,
        backoff=0.5,
        sleep=waits,
    )

    with pytest.raises(TMDBUnavailable) as caught:
        client.search_movie("dune")

    assert str(caught.value) == (
        "TMDB /search/movie: connection failed (ConnectionError) after 3 attempts."
    )
    assert len(waits) == 2
    assert_backoff(waits, 0.5)


def test_it_waits_the_retry_after_of_a_429_then_succeeds(fake_tmdb, make_client):
    waits = Waits()
    client = make_client(fake_tmdb, sleep=waits)
    fake_tmdb.retry_after = 2
    fake_tmdb.queue_faults("429")

    assert [r.id for r in client.search_movie("dune")] == [438631]
    assert waits == [2.0]
    assert (client.stats.rate_limited, client.stats.retries) == (1, 1)


def test_without_retry_after_a_429_backs_off_then_succeeds(fake_tmdb, make_client):
    waits = Waits()
    client = make_client(fake_tmdb, sleep=waits, backoff=0.5)
    fake_tmdb.retry_after = None
    fake_tmdb.queue_faults("429", "429")

    assert [r.id for r in client.search_movie("dune")] == [438631]
    assert len(waits) == 2
    assert_backoff(waits, 0.5)
    assert client.stats.rate_limited == 2


def test_a_429_on_every_attempt_ends_rate_limited(fake_tmdb, make_client):
    fake_tmdb.configure(fault_rate=1.0, faults=["429"], retry_after=0)
    client = make_client(fake_tmdb, max_retries=2)

    with pytest.raises(TMDBRateLimited) as caught:
        client.search_movie("dune")

    assert str(caught.value) == (
        "TMDB /search/movie: still rate limited (HTTP 429) after 3 attempts."
    )
    assert caught.value.retry_after == 0
    assert client.stats.rate_limited == 3
    assert fake_tmdb.stats()["requests"] == 3


def test_a_retry_after_longer_than_it_will_wait_ends_at_once(fake_tmdb, make_client):
    waits = Waits()
    client = make_client(fake_tmdb, sleep=waits)
    fake_tmdb.retry_after = 120
    fake_tmdb.queue_faults("429")

    with pytest.raises(TMDBRateLimited) as caught:
        client.search_movie("dune")

    assert waits == []
    assert caught.value.retry_after == 120
    assert fake_tmdb.stats()["requests"] == 1


def test_it_completes_every_call_under_the_servers_rate_limit(make_client, clock):
    # Ten calls at once against 5 a second: the 429s are waited out on the double's own
    # clock, which the client's waits move on.
    with FakeTMDB(SAMPLE_FILMS, rate_limit=5, clock=clock) as fake:
        client = make_client(fake, max_retries=3, sleep=clock.sleep)
        with ThreadPoolExecutor(10) as pool:
            results = list(pool.map(lambda _: client.configuration(), range(10)))

        assert len(results) == 10
        assert client.stats.rate_limited == fake.stats()["rate_limited"] > 0


def test_it_tells_the_limiter_how_each_attempt_was_answered(fake_tmdb, make_client):
    told = []

    class Listening(NullLimiter):
        @contextmanager
        def slot(self):
            yield Slot(lambda started, status, retry_after: told.append((status, retry_after)), 0)

    client = make_client(fake_tmdb, limiter=Listening(), sleep=Waits())
    fake_tmdb.retry_after = 3
    fake_tmdb.queue_faults("429", "503")

    client.search_movie("dune")

    assert told == [(429, 3.0), (503, None), (200, None)]


# -- configuration and credentials ----------------------------------------------------------


def test_without_a_credential_it_refuses_before_any_request(fake_tmdb, make_client):
    client = make_client(fake_tmdb, read_access_token=None)

    assert not client.has_credentials
    with pytest.raises(TMDBConfigError, match="TMDB_READ_ACCESS_TOKEN or TMDB_API_KEY"):
        client.search_movie("dune")
    assert fake_tmdb.request_log == []


def test_it_sends_the_api_key_as_a_query_parameter(fake_tmdb, make_client):
    client = make_client(fake_tmdb, read_access_token=None, api_key=fake_tmdb.api_key)

    assert client.search_movie("dune")
    (logged,) = fake_tmdb.request_log
    assert logged.auth == "api_key"
    assert logged.params["api_key"] == "REDACTED"


def test_it_prefers_the_bearer_token_over_the_api_key(fake_tmdb, make_client):
    client = make_client(fake_tmdb, api_key="unused-key")

    assert client.auth_mode == "bearer"
    assert client.search_movie("dune")
    (logged,) = fake_tmdb.request_log
    assert logged.auth == "bearer"
    assert "api_key" not in logged.params


def test_blank_credentials_count_as_none_and_the_url_defaults_to_tmdb():
    client = TMDBClient(api_key="a-key", read_access_token="")

    assert client.api_url == DEFAULT_API_URL == "https://api.themoviedb.org/3"
    assert client.auth_mode == "api_key"
    assert not TMDBClient(api_key=" ", read_access_token="").has_credentials


def test_scrub_removes_credentials_from_text():
    url = "https://api.themoviedb.org/3/search/movie?query=x&api_key=abc123&page=1"

    assert scrub(url) == (
        "https://api.themoviedb.org/3/search/movie?query=x&api_key=REDACTED&page=1"
    )
    assert scrub("api_key%3Dabc123") == "api_key%3DREDACTED"
    assert scrub("Authorization: Bearer eyJhbGci.x-y_z") == "Authorization: Bearer REDACTED"
    assert "abc123" not in scrub({"api_key": "abc123"})
    assert "abc123" not in scrub('{"Authorization": "abc123"}')
    assert scrub("key hunter2 leaked", ["hunter2", None, ""]) == "key REDACTED leaked"
    assert scrub("nothing to hide: /movie/603") == "nothing to hide: /movie/603"


def test_an_error_message_never_carries_a_credential():
    error = TMDBUnavailable("GET /3/search/movie?api_key=abc123 failed")

    assert "abc123" not in str(error)
    assert "abc123" not in repr(error)


@pytest.mark.parametrize("mode", ["token", "api_key"])
def test_credentials_never_reach_errors_or_logs(mode, make_client, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="urllib3")  # it logs request lines at DEBUG
    credential = {"read_access_token": SECRET} if mode == "token" else {"api_key": SECRET}
    fake_credential = {"token": SECRET} if mode == "token" else {"api_key": SECRET}
    errors: list[Exception] = []

    def expect(error_type, call, server=None, **options):
        options = {"read_access_token": None, **credential, **options}
        client = make_client(server or fake, **options)
        with pytest.raises(error_type) as caught:
            call(client)
        errors.append(caught.value)
        return client

    with FakeTMDB(SAMPLE_FILMS, hang_seconds=0.5, **fake_credential) as fake:
        client = expect(TMDBNotFound, lambda c: c.movie_details(1))
        assert SECRET not in repr(client)
        fake.queue_faults("503", "503")
        expect(TMDBUnavailable, lambda c: c.search_movie("dune"), max_retries=1)
        fake.queue_faults("invalid_json", "invalid_json")
        expect(TMDBUnavailable, lambda c: c.search_movie("dune"), max_retries=1)
        fake.queue_faults("reset", "reset")
        expect(TMDBUnavailable, lambda c: c.search_movie("dune"), max_retries=1)
        fake.queue_faults("hang")
        expect(TMDBUnavailable, lambda c: c.configuration(), timeout=(1, 0.1), max_retries=0)
        fake.queue_faults("429", "429")
        fake.retry_after = 0
        expect(TMDBRateLimited, lambda c: c.configuration(), max_retries=1)
        fake.fail_auth = True
        expect(TMDBAuthError, lambda c: c.configuration())
        fake.fail_auth = False
        fake.queue_faults("500")
        expect(TMDBError, lambda c: c.search_movie("dune", page=0), max_retries=0)
        fake.queue_faults("501-2")
        expect(TMDBPermanentError, lambda c: c.configuration())
        fake.queue_faults("403-proxy")
        expect(TMDBUnavailable, lambda c: c.configuration())
        logged_requests = repr(fake.request_log)

    # And with a wrong credential the server rejects, or a server that is not there.
    with FakeTMDB(SAMPLE_FILMS) as other:
        expect(TMDBAuthError, lambda c: c.configuration(), server=other)
    expect(
        TMDBUnavailable,
        lambda c: c.configuration(),
        server=other,
        api_url=f"http://127.0.0.1:{closed_port()}/3",
        max_retries=0,
    )

    assert len(errors) == 12
    for error in errors:
        text = str(error) + repr(error) + "".join(traceback.format_exception(error))
        assert SECRET not in text
        assert "api_key=" not in text
        assert "Bearer" not in text
        assert error.__cause__ is None
    assert SECRET not in logged_requests
    assert any(r.name.startswith("urllib3") for r in caplog.records)  # DEBUG was captured
    for record in caplog.records:
        assert SECRET not in record.getMessage()
    assert SECRET not in caplog.text


# -- concurrency and limits -----------------------------------------------------------------


def test_threads_share_one_client_within_its_connection_pool(fake_tmdb, make_client):
    fake_tmdb.latency = 0.02
    client = make_client(fake_tmdb, pool_size=4)
    titles = ["The Substance", "Anora", "Dune", "Amélie"] * 10

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(client.search_movie, titles))

    assert [r[0].title for r in results] == titles
    assert client.stats.calls == client.stats.requests == 40
    assert fake_tmdb.stats()["max_in_flight"] <= 4  # the pool blocks beyond pool_size


def test_every_attempt_goes_through_the_limiter(fake_tmdb, make_client):
    fake_tmdb.latency = 0.05
    entered = []
    lock = threading.Lock()

    class CountingLimiter(LocalLimiter):
        def slot(self):
            with lock:
                entered.append(1)
            return super().slot()

    limiter = CountingLimiter(max_rate=1000, max_concurrent=2)
    client = make_client(fake_tmdb, limiter=limiter)
    fake_tmdb.queue_faults("500")

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda _: client.configuration(), range(12)))

    assert len(entered) == 13  # one slot per HTTP attempt, the retry included
    assert fake_tmdb.stats()["max_in_flight"] <= 2


def test_a_failing_redis_under_the_rate_limiter_is_tmdb_unavailable_naming_redis(
    fake_tmdb, make_client
):
    redis_down = redis.Redis(
        host="127.0.0.1", port=closed_port(), password=SECRET, retry=Retry(NoBackoff(), 0)
    )
    client = make_client(fake_tmdb, limiter=RedisLimiter(redis_down, key="test"))

    with pytest.raises(TMDBUnavailable, match="Redis") as caught:
        client.search_movie("dune")

    assert SECRET not in str(caught.value)
    assert "redis://" not in str(caught.value)
    assert fake_tmdb.stats()["requests"] == 0


class RedisFailsOnTheAnswer:
    """A shared limiter whose Redis goes away while TMDB answers (as RedisLimiter says it)."""

    @contextmanager
    def slot(self):
        def report(*_):
            raise LimiterUnavailable("ConnectionError")

        yield Slot(report, started=0.0)


def test_an_answer_tmdb_gave_is_kept_when_redis_fails_only_in_telling_the_limiter(
    fake_tmdb, make_client
):
    client = make_client(fake_tmdb, limiter=RedisFailsOnTheAnswer())

    results = client.search_movie("dune")

    assert [r.title for r in results][:1] == ["Dune"]
    assert fake_tmdb.stats()["requests"] == 1


def test_the_default_limiter_paces_under_40_a_second_on_the_pool_size(fake_tmdb):
    client = TMDBClient(api_url=fake_tmdb.url, read_access_token=fake_tmdb.token, pool_size=7)

    assert isinstance(client.limiter, LocalLimiter)
    assert client.limiter.max_rate == 40
    assert client.limiter.max_concurrent == 7
    client.close()


def test_control_characters_in_tmdb_text_become_spaces_and_line_breaks_stay():
    details = parse_movie_details(
        {
            "id": 1,
            "title": "Drifter\x00",
            "overview": "A drifter\x0bcomes to town.\n\nThe end.",
            "genres": [{"id": 18, "name": "Dra\x0bma"}],
            "credits": {"cast": [{"name": "Ana\x00Lee", "order": 0}], "crew": []},
        }
    )

    assert details.title == "Drifter"
    assert details.overview == "A drifter comes to town.\n\nThe end."
    assert (details.genres, details.cast) == (("Dra ma",), ("Ana Lee",))


def test_a_videos_key_counts_once_cleaned_among_the_films_youtube_keys():
    video = {"site": "YouTube", "key": " abcdefghijk ", "type": "Trailer", "name": "Trailer"}
    details = parse_movie_details({"id": 1, "title": "X", "videos": {"results": [video]}})

    assert [v.key for v in details.videos] == ["abcdefghijk"]
    assert details.youtube_keys == ("abcdefghijk",)
