"""A Redis cache that degrades to "no cache" while Redis is down.

The pages must keep serving when Redis stops: a failed read is a miss and a failed write is
dropped, with one warning per outage rather than one per request. Writes dropped during an
outage may include the invalidation of what was cached before it, so when Redis answers
again the cache calls OPTIONS["ON_RECOVERY"] (a dotted path; the catalogue's `bump`).
"""

import logging

from django.core.cache.backends.redis import RedisCache
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    _down = False

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._on_recovery = options.pop("ON_RECOVERY", None)
        super().__init__(server, {**params, "OPTIONS": options})

    def _tolerant(self, call, *args, fallback=None, **kwargs):
        try:
            result = call(*args, **kwargs)
        except RedisError as exc:
            if not self._down:
                logger.warning("Cache unavailable, serving without it: %s", type(exc).__name__)
            self._down = True
            return fallback
        if self._down:
            self._down = False
            logger.warning("Cache available again")
            if self._on_recovery:
                import_string(self._on_recovery)()
        return result

    def get(self, key, default=None, version=None):
        return self._tolerant(super().get, key, default, version, fallback=default)

    def get_many(self, keys, version=None):
        return self._tolerant(super().get_many, keys, version, fallback={})

    def has_key(self, key, version=None):
        return self._tolerant(super().has_key, key, version, fallback=False)

    def add(self, *args, **kwargs):
        return self._tolerant(super().add, *args, fallback=False, **kwargs)

    def set(self, *args, **kwargs):
        return self._tolerant(super().set, *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._tolerant(super().set_many, *args, fallback=[], **kwargs)

    def touch(self, *args, **kwargs):
        return self._tolerant(super().touch, *args, fallback=False, **kwargs)

    def delete(self, *args, **kwargs):
        return self._tolerant(super().delete, *args, fallback=False, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._tolerant(super().delete_many, *args, **kwargs)

    def clear(self):
        return self._tolerant(super().clear)
