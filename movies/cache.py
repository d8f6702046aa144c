"""The catalogue's cache: one generation number names everything cached about the catalogue.

Pages are read far more often than the catalogue changes (a few runs a day), so the public
pages, their counts and their page indexes are cached until the pipeline or a curator writes.
Every catalogue write calls `bump()` (model signals for ORM saves, explicit calls after the
pipeline's bulk writes), which moves the generation on; everything is cached through the
cache's `version=` argument with the current generation, so old entries are simply never read
again and expire. The generation lives in the cache that every process shares (Redis, or a
file cache under var/ without Redis): a write is visible on the next request everywhere.

The generation is the write's time in milliseconds, so it is also the pages' Last-Modified.
"""

import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

GENERATION_KEY = "catalogue:generation-ms"
# Entries of an old generation are never read again: a short life bounds the memory they take
# (with Redis, memory shared with the broker; every entry has a TTL so `volatile-lru` may
# evict it, and never a broker message).
PAGE_SECONDS = 10 * 60
FACT_SECONDS = 60 * 60


def generation() -> int:
    """The current generation: one cache read."""
    value = _stored()
    if value is None:
        # First use, evicted, or unreadable: start one; if another process raced us, take theirs.
        cache.add(GENERATION_KEY, _now_ms(), None)
        value = _stored() or _now_ms()
    return value


def bump() -> None:
    """Call after writing films, trailers or channels: the next request sees a new generation."""
    cache.set(GENERATION_KEY, max(_now_ms(), (_stored() or 0) + 1), None)


def _stored() -> int | None:
    value = cache.get(GENERATION_KEY)
    return value if isinstance(value, int) else None


def bump_on_change(sender, **kwargs) -> None:
    """Signal receiver for ORM saves and deletes: bump now, and again once the transaction
    commits, so that no request caches what it read before the commit under the new name."""
    bump()
    transaction.on_commit(bump)


def remember(name: str, compute, version: int):
    """`compute()` once per generation (`version`): counts, page indexes, the channel list."""
    value = recall(name, version)
    if value is None:
        value = compute()
        keep({name: value}, version)
    return value


# What this process read for a generation, by (name, generation): the generation names the
# value, so a copy can never be stale, and the next request needs no cache read for it.
_read: OrderedDict[tuple[str, int], object] = OrderedDict()
_read_lock = threading.Lock()
READ_ENTRIES = 512


def recall(name: str, version: int):
    """What was kept under `name` for generation `version`, or None."""
    with _read_lock:
        if (name, version) in _read:
            _read.move_to_end((name, version))
            return _read[(name, version)]
    value = cache.get(name, version=version)
    if value is not None:
        _hold(name, version, value)
    return value


def keep(values: dict, version: int) -> None:
    """Keep these values for generation `version`, in the shared cache and in this process."""
    cache.set_many(values, FACT_SECONDS, version=version)
    for name, value in values.items():
        _hold(name, version, value)


def forget_read() -> None:
    """Drop this process's copies (tests start each from nothing)."""
    with _read_lock:
        _read.clear()


def _hold(name: str, version: int, value) -> None:
    with _read_lock:
        _read[(name, version)] = value
        _read.move_to_end((name, version))
        while len(_read) > READ_ENTRIES:
            _read.popitem(last=False)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _code_fingerprint() -> str:
    """Changes when a template, a static file or the code does: a deploy never serves markup
    cached by the previous release (Redis keeps the cache across restarts)."""
    digest = hashlib.blake2b(digest_size=8)
    root = settings.BASE_DIR
    files = [
        *(root / "templates").rglob("*"),
        *(root / "static").rglob("*"),
        *(root / "movies").glob("*.py"),
        *(root / "contrib").rglob("*.py"),
        *(root / "whichmovie").glob("*.py"),
    ]
    for path in sorted(files):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


CODE_FINGERPRINT = _code_fingerprint()


def catalogue_response(
    request, key: str, build, *, store: bool = True, version: int | None = None
) -> HttpResponse:
    """Serve `build()` through the page cache, with ETag and Last-Modified.

    Anonymous pages depend only on the catalogue, so they are named by the generation and the
    page's normalised `key`. A matching If-None-Match / If-Modified-Since costs no rendering.
    Staff pages show review filters and edit links: always rendered, never stored. Only 200s
    are stored. `store=False` still answers conditional requests but keeps the body out of
    the cache: free-text searches and deep pages are endless, and storing each would let
    anyone fill the cache. `version`: the generation `build` reads (its counts and page
    index), so a write in between never stores an older page under the newer name.
    """
    if request.user.is_staff:
        response = build()
        patch_cache_control(response, private=True, no_cache=True)
        return response

    version = generation() if version is None else version
    # Host and scheme: API and feed bodies carry absolute URLs.
    page = f"{CODE_FINGERPRINT}|{request.scheme}://{request.get_host()}|{key}"
    page_id = hashlib.blake2b(page.encode(), digest_size=16).hexdigest()
    etag = quote_etag(hashlib.blake2b(f"{page_id}|{version}".encode(), digest_size=16).hexdigest())
    modified = version // 1000

    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None:
        cache_key = f"page:{page_id}"
        stored = cache.get(cache_key, version=version) if store else None
        if stored is None:
            response = build()
            if response.status_code != 200 or response.streaming:
                return response
            if store:
                stored = (response["Content-Type"], response.content)
                cache.set(cache_key, stored, PAGE_SECONDS, version=version)
        else:
            content_type, content = stored
            response = HttpResponse(content, content_type=content_type)

    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(modified)
    # Any browser or proxy may keep the page, but asks again (a 304 is cheap).
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response
