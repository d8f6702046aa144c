"""`/healthz`: is the database answering, and (when configured) the broker?"""

import functools
import time

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _check_database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the type is enough to report
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


@functools.cache
def _redis_client() -> redis.Redis:
    # One pooled client per process: a probe should not pay for a new connection each time.
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)


def _check_broker() -> dict:
    started = time.monotonic()
    try:
        _redis_client().ping()
    except redis.RedisError as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def broker_answers() -> bool:
    """Whether Redis answers a ping within a second."""
    return bool(_check_broker()["ok"])


@require_safe
@never_cache
def healthz(request):
    database = _check_database()
    checks = {"database": database}
    if settings.REDIS_URL:
        checks["broker"] = _check_broker()
    else:
        checks["broker"] = {"ok": None, "detail": "not configured (REDIS_URL unset)"}
    status = 200 if database["ok"] else 503
    return JsonResponse({"ok": database["ok"], **checks}, status=status)
