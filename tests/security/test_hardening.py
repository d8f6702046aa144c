"""The lower findings of the security review: public views read-only, curators' sessions
short, a Permissions-Policy, the feed's synopses as text, and a deployment that neither
exposes the web port nor lets the cache crowd out the job queue."""

from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import User

from movies.tests.factories import make_movie

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def public_urls():
    film = make_movie("Anora", year=2024, overview="<b>bold</b> & more")
    return [
        "/",
        "/movies/",
        f"/movies/{film.pk}/",
        "/api/movies/",
        f"/api/movies/{film.pk}/",
        "/api/radarr.json",
        "/feed/",
        "/healthz",
    ]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
def test_public_views_answer_only_get_and_head(client, public_urls, method):
    for url in public_urls:
        response = client.generic(method.upper(), url)
        assert response.status_code == 405, (method, url)
        assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}, url


def test_public_views_still_answer_head(client, public_urls):
    for url in public_urls:
        assert client.head(url).status_code in (200, 302), url


def test_a_curators_session_ends_with_the_browser_and_within_a_working_day(client, settings):
    User.objects.create_superuser("boss", password="a-long-password-1")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "boss", "password": "a-long-password-1"}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert client.session.get_expiry_age() <= 8 * 60 * 60


def test_every_page_refuses_the_browser_features_none_uses(client, public_urls):
    for url in public_urls:
        policy = client.get(url)["Permissions-Policy"]
        assert "camera=()" in policy, url
        assert "geolocation=()" in policy, url


def test_the_feed_gives_synopses_as_text_not_markup(client, public_urls):
    feed = client.get("/feed/").content.decode()
    assert '<summary type="text">&lt;b&gt;bold&lt;/b&gt; &amp; more</summary>' in feed
    assert 'type="html"' not in feed


def test_compose_publishes_the_web_port_on_loopback_only():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    ports = compose["services"]["web"]["ports"]
    assert ports
    assert all(str(port).startswith("127.0.0.1:") for port in ports)
    for name in ("worker", "scheduler", "postgres", "redis"):
        assert "ports" not in compose["services"][name], name


def test_compose_caps_redis_memory_and_evicts_only_expiring_keys():
    command = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["redis"][
        "command"
    ]
    assert "--maxmemory" in command
    assert command[command.index("--maxmemory-policy") + 1] == "volatile-lru"


def test_compose_keeps_the_database_password_out_of_the_url():
    # In the URL, a "/", "#" or "?" in the password would stop the app from starting.
    app = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["x-app"]["environment"]
    assert "${POSTGRES_PASSWORD" not in app["DATABASE_URL"]
    assert app["PGPASSWORD"].startswith("${POSTGRES_PASSWORD")
