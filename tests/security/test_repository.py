"""No secret is committed: scan every tracked file for credential-shaped strings."""

import random
import re
import subprocess

import pytest

from tests.integration.processes import ROOT

# The characters of django.core.management.utils.get_random_secret_key(), '$' among them.
DJANGO_KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)"

PATTERNS = {
    # TMDB read access tokens are JWTs.
    "a JWT (TMDB read access token)": re.compile(r"eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}"),
    # TMDB v3 API keys are 32 hex digits.
    "a 32-hex-digit key (TMDB API key)": re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])"),
    "a private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    # The value is everything up to a space or a quote: Django's alphabet has '$' and the rest
    # of its punctuation, never a space or a quote. Values made for tests, CI and builds say so
    # in the value itself (what follows it on the line, a comment, does not count), and shell or
    # Make expansions (${...}, $${...}) are not values.
    "a Django secret key assignment": re.compile(
        r"(?:DJANGO_)?SECRET_KEY[ \t]*[=:][ \t]*[\"']?"
        r"(?!\$+\{)"
        r"(?![^\s\"']*(?:test|ci-only|bench|build|collectstatic|insecure|integration))"
        r"[^\s\"']{30,}"
    ),
    # The user name may be empty, as Redis URLs have it, and the password may hold any
    # character but '@' and spaces. Not passwords: ${...} placeholders, masked ones (***), the
    # README's user:pass example, and a port followed by a path with an '@' in it.
    "a password in a URL": re.compile(r"://[^/\s:@]*:(?!\$\{|\*|pass@|\d+[/?#])[^@\s]{4,}@"),
}


def tracked_files():
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, names):
        path = ROOT / name.decode()
        if path.is_file() and path.suffix not in {".png", ".jpg", ".ico", ".woff2"}:
            yield path


def test_no_tracked_file_holds_a_credential():
    found = []
    for path in tracked_files():
        text = path.read_text(errors="ignore")
        for what, pattern in PATTERNS.items():
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(ROOT)}: {what}: {match.group(0)[:40]}")
    assert found == []


def test_the_scan_would_find_a_real_looking_credential():
    # Assembled here so that this file does not hold what it looks for.
    leaked = (
        "TMDB_API_KEY=" + "3f2a9c4b" + "7d1e8f6a" * 2 + "1b3c5d7e\n"
        "DJANGO_SECRET_KEY=" + "k9#2mQ!x8Lz@4vR7" + "^pT1&wN6*yB3(sD5)"
    )
    assert PATTERNS["a 32-hex-digit key (TMDB API key)"].search(leaked)
    assert PATTERNS["a Django secret key assignment"].search(leaked)


def test_the_scan_finds_a_django_generated_key_that_holds_a_dollar_sign():
    # Django's alphabet has '$': in about half of its keys one comes within the first 30
    # characters, where a value that stopped at '$' was cut too short to count.
    # Seeded, so the test is the same on every run (a random key may spell "test").
    rng = random.Random(7)
    key = ""
    while "$" not in key[:30]:
        key = "".join(rng.choice(DJANGO_KEY_ALPHABET) for _ in range(50))
    leaked = "DJANGO_SECRET_KEY=" + key
    assert PATTERNS["a Django secret key assignment"].search(leaked)


def test_the_scan_finds_a_key_whose_comment_holds_an_allowed_word():
    # "latest" holds "test": only the value itself may say that it is for tests.
    key = "k9#2mQ!x8Lz@4vR7" + "^pT1&wN6*yB3(sD5)"
    leaked = 'SECRET_KEY = "' + key + '"  # rotated after the latest audit'
    assert PATTERNS["a Django secret key assignment"].search(leaked)


def test_the_scan_finds_a_url_password_without_a_user_name():
    leaked = "REDIS_URL=redis://:" + "pw1234" + "@host:6379/0"
    assert PATTERNS["a password in a URL"].search(leaked)


def test_the_scan_finds_a_url_password_that_holds_a_slash():
    leaked = "DATABASE_URL=postgres://app:" + "s3cr3t/x" + "@db/wm"
    assert PATTERNS["a password in a URL"].search(leaked)


def test_the_scan_finds_a_short_url_password():
    leaked = "DATABASE_URL=postgres://app:" + "abc12" + "@db/wm"
    assert PATTERNS["a password in a URL"].search(leaked)


@pytest.mark.parametrize(
    "text",
    [
        # Split so that this file does not hold what the case is about: a value on the next line.
        "DJANGO_SECRET_KEY=" + "\n" + "DJANGO_ALLOWED_HOSTS=movies.example.com",
        'export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY_FROM_THE_VAULT:-}"',
        "DJANGO_SECRET_KEY=test-only-secret-key-never-used-in-production-0123456789",
        'export DJANGO_SECRET_KEY="ci-only-key-0123456789-not-used-anywhere-else"',
        "PGPASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
        "DATABASE_URL=postgres://app:${POSTGRES_PASSWORD}@db:5432/wm",
        "DATABASE_URL=postgres://root@127.0.0.1:5432/test",
        "e.g. `postgres://user:pass@host:5432/whichmovie`",
        "https://www.youtube.com:8443/@mubi",
    ],
)
def test_the_scan_passes_empty_placeholder_and_labelled_values(text):
    found = [what for what, pattern in PATTERNS.items() if pattern.search(text)]
    assert found == []


def test_the_environment_file_is_ignored():
    ignored = subprocess.run(["git", "check-ignore", ".env"], cwd=ROOT, capture_output=True)
    assert ignored.returncode == 0
