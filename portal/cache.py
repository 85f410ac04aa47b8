"""Django's Redis cache, answering as an empty cache that keeps nothing while Redis does not answer.

Redis is the broker as well as the cache: when it goes, pages, saves, logins and the API go on (docs/architecture.md,
"When a service fails"). Meanwhile what the cache holds is looked up again (catalog labels, public pages), a report
refresh is not held back by its debounce (the database keeps the requests), and the login and API throttles count
nothing: they fail open, logged, rather than lock everyone out.
"""

import functools
import logging

import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)

REDIS_DOWN = (redis.ConnectionError, redis.TimeoutError)


def _or(answer):
    """Call the method; with Redis down, log it and give `answer(*arguments)` instead."""

    def decorate(method):
        @functools.wraps(method)
        def call(self, *args):
            try:
                return method(self, *args)
            except REDIS_DOWN as error:
                logger.warning("cache unavailable, %s answered as empty: %r", method.__name__, error)
                return answer(*args)

        return call

    return decorate


class TolerantRedisCacheClient(RedisCacheClient):
    add = _or(lambda key, value, timeout: True)(RedisCacheClient.add)  # nothing held back
    get = _or(lambda key, default: default)(RedisCacheClient.get)
    set = _or(lambda key, value, timeout: None)(RedisCacheClient.set)
    touch = _or(lambda key, timeout: False)(RedisCacheClient.touch)
    delete = _or(lambda key: False)(RedisCacheClient.delete)
    get_many = _or(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _or(lambda key: False)(RedisCacheClient.has_key)
    incr = _or(lambda key, delta: delta)(RedisCacheClient.incr)  # a count that starts again
    set_many = _or(lambda data, timeout: None)(RedisCacheClient.set_many)
    delete_many = _or(lambda keys: None)(RedisCacheClient.delete_many)
    clear = _or(lambda: False)(RedisCacheClient.clear)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
