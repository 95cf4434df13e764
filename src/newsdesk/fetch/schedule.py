"""When to fetch a source next: adaptive to how often it publishes, within bounds, and
never sooner than the server asked (RSS ttl, Cache-Control, Retry-After)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from datetime import datetime, timedelta

WINDOW = timedelta(days=7)
_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-)?max-age\s*=\s*(\d+)", re.I)
# A server may ask for a pause, but not one past a week.
MAX_SERVER_WAIT = 7 * 24 * 60 * 60


def adaptive_interval(
    published: Iterable[datetime], now: datetime, minimum: int, maximum: int
) -> int:
    """Seconds between fetches: a week divided by the entries of the past week, bounded.

    A source that published 700 times in a week is fetched at the minimum; one that
    was silent all week at the maximum (Miniflux's entry-frequency rule).
    """
    recent = [p for p in published if now - WINDOW <= p <= now + timedelta(hours=1)]
    if not recent:
        return maximum
    interval = int(WINDOW.total_seconds() / len(recent))
    return max(minimum, min(maximum, interval))


def cache_max_age(cache_control: str | None) -> int | None:
    """The max-age (or s-maxage) seconds of a Cache-Control header; None when absent or no-cache."""
    if not cache_control:
        return None
    match = _MAX_AGE.search(cache_control)
    return int(match.group(1)) if match else None


def server_wait(*, ttl_minutes: int | None, max_age: int | None, retry_after: float | None) -> int:
    """The longest wait the server asked for, in seconds (capped at a week)."""
    waits = [
        ttl_minutes * 60 if ttl_minutes else 0,
        max_age or 0,
        int(retry_after) if retry_after else 0,
    ]
    return min(max(waits), MAX_SERVER_WAIT)


def next_fetch(now: datetime, interval: int, wait: int) -> datetime:
    """When to fetch next: after the interval and after what the server asked."""
    return now + timedelta(seconds=max(interval, wait))


def failure_backoff(failures: int, minimum: int, maximum: int, retry_after: float | None) -> int:
    """Seconds to wait after `failures` failures in a row: doubling from the minimum, with
    jitter so failing sources spread out, capped at the maximum; Retry-After wins if longer."""
    base = minimum * (2 ** max(0, failures - 1))
    jittered = int(min(base, maximum) * (0.8 + 0.4 * random.random()))
    return max(min(jittered, maximum), int(retry_after or 0))
