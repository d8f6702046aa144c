"""The admin login resists guessing: locked per user name and per address after a few wrong
passwords (django-axes), reset by a success, answered without hashing a password while
locked, and keyed on the client's address behind the proxy."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "the-right-password-42"


@pytest.fixture
def curator():
    return User.objects.create_user("curator", password=PASSWORD, is_staff=True)


def attempt(client: Client, username: str, password: str, **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    client, curator, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert not signed_in(attempt(client, "curator", "guess"))
    response = attempt(client, "curator", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    assert b"axes_reset_username" in response.content
    assert not signed_in(response)


def test_a_locked_sign_in_hashes_no_password(client, curator, settings, monkeypatch):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "curator", "guess")
    hashed = []
    monkeypatch.setattr(User, "check_password", lambda self, raw: hashed.append(raw))
    assert attempt(client, "curator", PASSWORD).status_code == 429
    assert hashed == []


def test_one_address_trying_many_names_is_locked_too(client, curator, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"someone{number}", "guess")
    assert attempt(client, "curator", PASSWORD).status_code == 429


def test_a_success_resets_the_count(client, curator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "curator", "guess")
    assert signed_in(attempt(client, "curator", PASSWORD))
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "curator", "guess")
    assert signed_in(attempt(client, "curator", PASSWORD))


def test_signing_in_as_oneself_never_clears_the_guesses_at_another_name(client, curator, settings):
    User.objects.create_superuser("boss", password="the-bosss-password-42")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "boss", "guess")
    assert signed_in(attempt(client, "curator", PASSWORD))
    client.logout()

    attempt(client, "boss", "guess")

    assert attempt(client, "boss", "the-bosss-password-42").status_code == 429


def test_behind_the_proxy_the_forwarded_address_is_the_one_locked(curator, settings):
    settings.BEHIND_PROXY = True
    guesser, curator_client = Client(), Client()
    for number in range(settings.AXES_FAILURE_LIMIT):
        # What the guesser writes in the header is ignored; the proxy's last entry counts.
        attempt(
            guesser,
            f"someone{number}",
            "guess",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.7",
        )
    # Both come through the same proxy (REMOTE_ADDR): only the guesser's address is locked.
    assert (
        attempt(guesser, "curator", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    )
    assert signed_in(
        attempt(curator_client, "curator", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2")
    )


def test_throttling_can_be_switched_off(client, curator, settings):
    settings.AXES_ENABLED = False
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        attempt(client, "curator", "guess")
    assert signed_in(attempt(client, "curator", PASSWORD))
