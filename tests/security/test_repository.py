"""No secret is committed: scan every tracked file for credential-shaped strings."""

import re
import subprocess

from tests.integration.processes import ROOT

PATTERNS = {
    # TMDB read access tokens are JWTs.
    "a JWT (TMDB read access token)": re.compile(r"eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}"),
    # TMDB v3 API keys are 32 hex digits.
    "a 32-hex-digit key (TMDB API key)": re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])"),
    "a private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    # Values made for tests, CI and builds say so in their text.
    "a Django secret key assignment": re.compile(
        r"(?:DJANGO_)?SECRET_KEY\s*[=:]\s*[\"']?"
        r"(?!.*(?:test|ci-only|bench|build|collectstatic|insecure|integration))"
        r"[^\s\"'$]{30,}"
    ),
    "a password in a URL": re.compile(r"://[\w.-]+:(?!\$\{|\*|pass@)[^@\s/]{6,}@"),
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


def test_the_environment_file_is_ignored():
    ignored = subprocess.run(["git", "check-ignore", ".env"], cwd=ROOT, capture_output=True)
    assert ignored.returncode == 0
