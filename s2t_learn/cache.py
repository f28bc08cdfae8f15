"""A Redis cache that degrades to no cache: an outage slows pages, never breaks them.

Every error from Redis is logged (rate-limited to one line a minute) and answered as a miss, so that
cached_db sessions fall back to the database, throttles and rate limits let requests through, and
page caching simply does not happen until Redis is back.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("s2t_learn.cache")
_last_warning = [0.0]


def _warn(operation, exc):
    now = time.monotonic()
    if now - _last_warning[0] > 60:
        _last_warning[0] = now
        logger.warning("Cache unavailable (%s: %s); serving without it.", operation, type(exc).__name__)


def _forgiving(name, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ForgivingRedisCache, self), name)(*args, **kwargs)
        except Exception as exc:  # redis.exceptions.*, OSError: every kind of outage
            if not _is_outage(exc):
                raise
            _warn(name, exc)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = name
    return method


def _is_outage(exc):
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover
        RedisError = ()  # noqa: N806
    return isinstance(exc, (RedisError, OSError, ConnectionError, TimeoutError))


def _default(key, default=None, *args, **kwargs):
    return default


class ForgivingRedisCache(RedisCache):
    get = _forgiving("get", _default)
    set = _forgiving("set", None)
    # "Added": callers that take a lock with add (allauth's rate limits) go on rather than spin until
    # their lock times out. Rate limits then fail open; the axes lockout lives in the database.
    add = _forgiving("add", True)
    touch = _forgiving("touch", False)
    delete = _forgiving("delete", False)
    has_key = _forgiving("has_key", False)
    get_many = _forgiving("get_many", lambda *a, **k: {})
    set_many = _forgiving("set_many", lambda *a, **k: [])
    delete_many = _forgiving("delete_many", None)
    clear = _forgiving("clear", False)
    incr = _forgiving("incr", 0)
