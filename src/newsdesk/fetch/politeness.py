"""Per-host manners: at most N requests in flight to one host, and a pause between them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager


class HostLimits:
    """Per-host concurrency and delay, shared by every request of one fetch process.

    The delay spaces the *starts* of requests to one host; robots.txt's Crawl-delay
    raises it for that host (never above `max_delay`). `clock` and `sleep` are the
    monotonic clock and the pause (a test passes its own, to check the spacing without
    a stopwatch).
    """

    def __init__(
        self,
        concurrency: int,
        delay: float,
        *,
        max_delay: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._concurrency = max(1, concurrency)
        self._delay = max(0.0, delay)
        self._max_delay = max_delay
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._last_start: dict[str, float] = {}
        self._host_delay: dict[str, float] = {}

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        """Use a longer delay for `host`, as its robots.txt asks."""
        self._host_delay[host] = min(max(seconds, self._delay), self._max_delay)

    def delay_for(self, host: str) -> float:
        """The pause between two request starts on `host`."""
        return self._host_delay.get(host, self._delay)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold one of `host`'s request slots, waiting out its delay first."""
        semaphore = self._slots.setdefault(host, asyncio.Semaphore(self._concurrency))
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with semaphore:
            async with lock:
                last = self._last_start.get(host)
                wait = 0.0 if last is None else last + self.delay_for(host) - self._clock()
                if wait > 0:
                    await self._sleep(wait)
                self._last_start[host] = self._clock()
            yield
