"""A Redis cache that is only ever a cache: when Redis is down or slow, reads miss and
writes are skipped, so every page is computed instead of failing.

- Short socket timeouts (settings) bound one call; a circuit breaker bounds the rest: after a
  failure every call answers at once (miss / no-op) for `BREAKER_SECONDS`, then one call
  tries Redis again. A dead Redis costs a request milliseconds, not a timeout per call.
- Writes that must not be lost (`set_or_retry`, e.g. moving the reader pages' publication
  version on) are kept in this process and written again as soon as Redis answers again.
- Failures are logged once per outage, not once per call.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

BREAKER_SECONDS = 5.0
_UNREACHABLE = object()


class CircuitBreaker:
    """Closed (calls go through) until a failure; then open for `cooldown` seconds."""

    def __init__(self, cooldown):
        self.cooldown = cooldown
        self._opened_at = None
        self._lock = threading.Lock()

    @property
    def is_open(self):
        opened_at = self._opened_at
        return opened_at is not None and time.monotonic() - opened_at < self.cooldown

    def record_failure(self):
        with self._lock:
            first = self._opened_at is None
            self._opened_at = time.monotonic()
        return first

    def record_success(self):
        with self._lock:
            recovered = self._opened_at is not None
            self._opened_at = None
        return recovered


class ResilientRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache whose failures are cache misses."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        cooldown = float(options.pop("BREAKER_SECONDS", BREAKER_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = CircuitBreaker(cooldown)
        self._retry_writes = {}  # key -> (value, timeout, version): the latest wins
        self._retry_lock = threading.Lock()

    # -- the guard every call goes through ---------------------------------------------
    def _guarded(self, operation, fallback, *args, **kwargs):
        if self.breaker.is_open:
            return fallback
        try:
            result = operation(*args, **kwargs)
        except (RedisError, OSError):  # the cache is optional; other errors are bugs
            if self.breaker.record_failure():
                logger.warning("The cache is not answering; serving without it for now.", exc_info=True)
            return fallback
        if self.breaker.record_success():
            logger.warning("The cache answers again.")
            self._replay_retry_writes()
        return result

    def _replay_retry_writes(self):
        with self._retry_lock:
            pending, self._retry_writes = self._retry_writes, {}
        for key, (value, timeout, version) in pending.items():
            self.set_or_retry(key, value, timeout, version=version)

    @property
    def pending_retry_writes(self):
        return len(self._retry_writes)

    def ping(self):
        """Ask Redis directly (for /healthz): raises when it does not answer, breaker or not."""
        self._cache.get_client(write=True).ping()

    # -- writes that must happen eventually ----------------------------------------------
    def set_or_retry(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """set(), or keep the write and make it once Redis answers again. True if written now."""
        written = self._guarded(super().set, False, key, value, timeout, version) is None
        if not written:
            with self._retry_lock:
                self._retry_writes[key] = (value, timeout, version)
            logger.warning("Cache write of %s deferred until the cache answers again.", key)
        return written

    # -- the cache API, degraded -----------------------------------------------------------
    def get(self, key, default=None, version=None):
        return self._guarded(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(super().has_key, False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().add, False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Every key "failed" when the cache is down, as Django's API reports it.
        return self._guarded(super().set_many, list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        self._guarded(super().delete_many, None, keys, version)

    def incr(self, key, delta=1, version=None):
        # A missing key raises ValueError (callers handle it); an unreachable cache counts
        # nothing and says so the same way.
        result = self._guarded(super().incr, _UNREACHABLE, key, delta, version)
        if result is _UNREACHABLE:
            raise ValueError(f"Key '{key}' not found (or the cache is not answering)")
        return result

    def clear(self):
        return self._guarded(super().clear, False)


def cache_set_or_retry(cache, key, value, timeout=DEFAULT_TIMEOUT):
    """The durable write when the cache supports it (Redis), a plain set() otherwise."""
    setter = getattr(cache, "set_or_retry", None)
    if setter is not None:
        return setter(key, value, timeout)
    cache.set(key, value, timeout)
    return True
