"""A fixed-window rate limit on writes, kept in the cache (Redis when `REDIS_URL` is set, so
that it holds across processes; local memory otherwise).

    limit = RateLimit("comment", count=5, seconds=600)
    limit.check(key_for(request))   # raises RateLimited when over the limit

Services take the key from the caller (the person's id, or the address of an anonymous visitor),
so that the same limit applies through the web pages and through the API.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import ngettext_lazy


class RateLimited(ValidationError):
    """Too many writes of one kind in a short time."""


@dataclass(frozen=True)
class RateLimit:
    name: str
    count: int
    seconds: int

    def _cache_key(self, key: str, window: int) -> str:
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        return f"ratelimit:{self.name}:{window}:{digest}"

    def check(self, key: str) -> None:
        """Count one write for `key`; refuse it when the window already holds `count`."""
        limits = getattr(settings, "OPENCITY_RATE_LIMITS", {})
        count = int(limits.get(self.name, self.count))
        if count <= 0:
            return
        window = int(time.time()) // self.seconds
        cache_key = self._cache_key(key, window)
        cache.add(cache_key, 0, timeout=self.seconds + 5)
        try:
            used = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=self.seconds + 5)
            used = 1
        if used > count:
            minutes = max(1, round(self.seconds / 60))
            raise RateLimited(
                ngettext_lazy(
                    "Too many in a short time: please wait a minute and try again.",
                    "Too many in a short time: please wait %(minutes)d minutes and try again.",
                    "minutes",
                )
                % {"minutes": minutes},
                code="rate_limited",
            )


def key_for(request: HttpRequest) -> str:
    """The person when signed in, else the address the request came from."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{request.META.get('REMOTE_ADDR', '')}"
