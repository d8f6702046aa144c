"""The page cache of the public pages (HTML, feed, API): keyed by the catalogue's version,
answered with ETag and Last-Modified, bypassed for staff."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from movies import cache as catalogue

# Entries of an old version are never read again: a short life bounds the memory they take
# (with Redis, the broker's memory too).
PAGE_CACHE_SECONDS = 10 * 60


def _code_fingerprint() -> str:
    """Changes when a template, static file or this code does: a deploy never serves
    markup cached by the previous release (Redis keeps the cache across restarts)."""
    digest = hashlib.blake2b(digest_size=8)
    here = Path(__file__).resolve().parent
    files = [
        *sorted((settings.BASE_DIR / "templates").rglob("*")),
        *sorted((settings.BASE_DIR / "static").rglob("*")),
        *(here / name for name in ("views.py", "filters.py", "api.py", "feeds.py", "pagecache.py")),
    ]
    for path in files:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


CODE_FINGERPRINT = _code_fingerprint()


def catalogue_response(request, key: str, build, *, store: bool = True) -> HttpResponse:
    """Serve `build()` through the page cache, with ETag and Last-Modified.

    Anonymous pages depend only on the catalogue, so they are named by the catalogue's
    version and the page's normalised `key`: a write moves the version on and old pages are
    never read again (they expire). A matching If-None-Match / If-Modified-Since costs no
    rendering at all. Staff pages show review filters and edit links: always rendered.
    Only 200s are stored; errors and 404s are rendered each time. `store=False` still
    answers conditional requests but keeps the body out of the cache: free-text searches
    are endless, and storing each would let anyone fill the cache.
    """
    if request.user.is_staff:
        response = build()
        patch_cache_control(response, private=True, no_cache=True)
        return response

    version, last_modified = catalogue.current()
    # Host and scheme: API and feed bodies carry absolute URLs.
    page = f"{CODE_FINGERPRINT}|{version}|{request.scheme}://{request.get_host()}|{key}"
    digest = hashlib.blake2b(page.encode(), digest_size=16).hexdigest()
    etag = quote_etag(digest)
    modified = int(last_modified.timestamp()) if last_modified else None

    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None:
        cache_key = f"page:{digest}"
        stored = cache.get(cache_key) if store else None
        if stored is None:
            fresh = build()
            if fresh.status_code != 200 or fresh.streaming:
                return fresh
            stored = (fresh["Content-Type"], fresh.content)
            if store:
                cache.set(cache_key, stored, PAGE_CACHE_SECONDS)
        content_type, content = stored
        response = HttpResponse(content, content_type=content_type)

    response.headers["ETag"] = etag
    if modified is not None:
        response.headers["Last-Modified"] = http_date(modified)
    # Any browser or proxy may keep the page, but asks again (a 304 is cheap).
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response
