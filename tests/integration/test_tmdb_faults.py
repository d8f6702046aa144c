"""`manage.py enrich_movies` as an operator runs it, against a TMDB that misbehaves."""

import pytest

from contrib.tmdb.testing import process as tmdb_process
from contrib.tmdb.testing.search import load_cases
from contrib.tmdb.testing.server import DEFAULT_API_KEY, DEFAULT_TOKEN
from movies.models import Movie, PipelineRun
from tests.integration.processes import manage, process_env

pytestmark = pytest.mark.django_db(transaction=True)
Status = Movie.Status
SECRETS = (DEFAULT_TOKEN, DEFAULT_API_KEY)


@pytest.fixture
def films():
    """Thirty different films the hard catalogue has, each with the id it must end with.
    (Cases with a year: without one, the answer depends on today's date.)"""
    distinct = {
        c.expect_id: c
        for c in load_cases().cases
        if c.expect_outcome == "matched" and c.query.year is not None
    }
    cases = list(distinct.values())[:30]
    expected = {}
    for number, case in enumerate(cases):
        movie = Movie.objects.create(
            title=case.query.title,
            title_key=f"case {number}",
            year=case.query.year,
            source="rotten_tomatoes",
        )
        expected[movie.pk] = case.expect_id
    return expected


def enrich(tmp_path, tmdb_url, **env):
    options = {"TMDB_API_URL": tmdb_url, "TMDB_READ_ACCESS_TOKEN": DEFAULT_TOKEN, **env}
    return manage("enrich_movies", env=process_env(tmp_path, **options), timeout=180)


def assert_no_secret(*texts):
    for text in texts:
        for secret in SECRETS:
            assert secret not in text


def test_a_flaky_tmdb_leaves_films_for_the_next_run_which_completes_them(tmp_path, films):
    # Faults TMDB documents as temporary, and hangs past the read timeout. (The command's
    # own time is bounded by `enrich`'s timeout: a run that hangs fails the test.)
    faults = {"fault_rate": 0.3, "faults": "500-11,503-46,504-24,invalid_json,hang"}
    with tmdb_process.fake_tmdb_process(hang_seconds=3, **faults) as url:
        flaky = enrich(tmp_path, url, TMDB_TIMEOUT="1")
        served = tmdb_process.stats(url)
        failed_for_good = Movie.objects.filter(status=Status.FAILED).count()
        tmdb_process.configure(url, fault_rate=0.0)
        healthy = enrich(tmp_path, url, TMDB_TIMEOUT="1")

    assert sum(served["faults"].values()) > 5  # the faults really happened
    assert failed_for_good == 0  # a temporary fault never marks a film failed
    assert healthy.returncode == 0, healthy.stderr
    for movie in Movie.objects.all():
        assert (movie.status, movie.tmdb_id) == (Status.MATCHED, films[movie.pk])
    assert Movie.objects.count() == len(films)  # nothing lost, nothing added
    assert_no_secret(flaky.stdout, flaky.stderr, healthy.stdout)


def test_an_unreachable_tmdb_is_one_clear_line_and_no_row_changes(tmp_path, films):
    result = enrich(tmp_path, "http://127.0.0.1:9/3")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1
    assert errors[0].startswith("CommandError: Enrichment not started: TMDB is unreachable")
    assert set(Movie.objects.values_list("status", "enrich_attempts")) == {(Status.PENDING, 0)}
    assert_no_secret(result.stdout, result.stderr)


@pytest.mark.parametrize("credential", ["TMDB_READ_ACCESS_TOKEN", "TMDB_API_KEY"])
def test_a_refused_credential_is_one_clear_line_and_no_row_changes(
    tmp_path, films, credential, admin_client
):
    with tmdb_process.fake_tmdb_process() as url:
        wrong = {"TMDB_READ_ACCESS_TOKEN": "", credential: "wrong-" + DEFAULT_TOKEN}
        result = enrich(tmp_path, url, **wrong)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors == [
        "CommandError: Enrichment not started: "
        "TMDB refused the credential (401): check the token or key."
    ]
    assert set(Movie.objects.values_list("status", "enrich_attempts")) == {(Status.PENDING, 0)}
    page = admin_client.get("/admin/movies/pipelinerun/").content.decode()
    history = str(list(PipelineRun.objects.values()))
    assert_no_secret(result.stdout, result.stderr, page, history)
    assert "wrong-" not in result.stdout + result.stderr + page + history
