"""Errors of the TMDB client, and `scrub()`, which keeps credentials out of them.

Every error carries a one-sentence message naming the API path and the HTTP status,
never a URL with its query string, never a header, never the text of a `requests`
exception (which embeds the full URL, and so an `api_key`).
"""

import re
from collections.abc import Iterable

REDACTED = "REDACTED"

_SCRUB_PATTERNS = (
    # Query-string credentials, plain or percent-encoded ("api_key%3Dabc").
    re.compile(
        r"(?i)\b(api_key|access_token|read_access_token|session_id|guest_session_id)"
        r"(=|%3D)[^&\s#'\"<>]*"
    ),
    # "Authorization: Bearer eyJ..." in headers, reprs or messages.
    re.compile(r"(?i)\b(bearer)(\s+)[A-Za-z0-9._~+/=-]+"),
    # Dict / JSON / repr forms: {'api_key': 'abc'}, "Authorization": "Bearer abc".
    re.compile(r"(?i)(['\"]?(?:api_key|authorization)['\"]?\s*)([:=]\s*['\"])[^'\"]*"),
)


def scrub(text: object, secrets: Iterable[str | None] = ()) -> str:
    """Return `text` as a string with credentials replaced by REDACTED.

    Known secret values (the client passes its own) are removed wherever they appear;
    anything that looks like an `api_key=` parameter or a bearer token is removed too, so
    even a credential this process does not know about never reaches a log line.
    """
    text = str(text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    for pattern in _SCRUB_PATTERNS:
        text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    return text


class TMDBError(Exception):
    """Base class: anything that went wrong talking to TMDB."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        status: int | None = None,
        tmdb_status_code: int | None = None,
    ) -> None:
        # Scrubbed once more here so that no caller can put a credential in a message.
        super().__init__(scrub(message))
        self.path = path
        self.status = status
        self.tmdb_status_code = tmdb_status_code

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class TMDBConfigError(TMDBError):
    """No credential configured: set TMDB_READ_ACCESS_TOKEN or TMDB_API_KEY."""


class TMDBAuthError(TMDBError):
    """TMDB rejected the credential (HTTP 401, or TMDB status_code 3, 7, 10 or 14): every
    other request would fail the same way, so a run stops."""


class TMDBPermanentError(TMDBError):
    """TMDB answered that this request cannot succeed (501 code 2, 500 code 44, 403 codes 8
    and 45, other 4xx): asking again soon would get the same answer. Not retried."""


class TMDBNotFound(TMDBPermanentError):
    """The resource does not exist (HTTP 404, TMDB status_code 6, 34 or 37)."""


class TMDBRateLimited(TMDBError):
    """Still HTTP 429 after the retries, or told to wait longer than we are willing to."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class TMDBUnavailable(TMDBError):
    """Transient, worth asking again later: a connection error, a timeout, a 5xx TMDB
    documents as temporary (500 code 11, 502, 503, 504) or an unreadable answer, after the
    retries; or a 403 from something in front of TMDB (a proxy's page, not TMDB's body)."""
