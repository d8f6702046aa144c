"""Security headers on every kind of page, and HTTPS behaviour with production settings."""

import pytest
from django.test import Client

from movies.tests.factories import make_movie, make_trailer

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    movie = make_movie("Anora", year=2024)
    make_trailer(movie, video_id="anoratrail1")
    return ["/movies/", f"/movies/{movie.pk}/", "/admin/login/", "/healthz"]


def test_every_page_sends_the_basic_security_headers(client, pages):
    for path in pages:
        response = client.get(path)
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "same-origin", path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", path


def test_html_pages_send_a_content_security_policy(client, pages):
    for path in pages[:3]:
        policy = client.get(path)["Content-Security-Policy"]
        assert "default-src 'self'" in policy, path
        assert "frame-ancestors 'none'" in policy, path
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0], path


def test_the_public_pages_frame_only_the_nocookie_player(client, pages):
    policy = client.get(pages[1])["Content-Security-Policy"]
    frame_src = policy.split("frame-src")[1].split(";")[0]
    assert frame_src.split() == ["https://www.youtube-nocookie.com"]


@pytest.fixture
def production(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    return settings


def test_with_production_settings_http_redirects_to_https(production):
    response = Client().get("/movies/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_with_production_settings_https_answers_with_hsts(production):
    response = Client().get("/movies/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_health_checks_still_answer_over_plain_http(production):
    assert Client().get("/healthz").status_code == 200


def test_admin_requires_a_login(client):
    response = client.get("/admin/movies/movie/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_refuses_a_post_without_a_csrf_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    movie = make_movie("Anora", year=2024)
    response = client.post(
        "/admin/movies/movie/", {"action": "mark_not_a_film", "_selected_action": [movie.pk]}
    )
    assert response.status_code == 403
    movie.refresh_from_db()
    assert movie.status == "pending"


def test_admin_login_refuses_a_post_without_a_csrf_token(admin_user):
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "admin", "password": "password"}
    )
    assert response.status_code == 403
