"""robots.txt, fetched once per site and cached, read by RFC 9309's rules."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from newsdesk.errors import FetchError, HTTPStatusError, UnsafeURLError

ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: crawlers may ignore rules past 500 KiB
ROBOTS_TTL_SECONDS = 24 * 60 * 60
ROBOTS_RETRY_SECONDS = 10 * 60

# Fetches a robots.txt URL: (status, body) or raises FetchError.
RobotsGetter = Callable[[str], Awaitable[tuple[int, bytes]]]


@dataclass
class RobotsRules:
    """One site's rules for our user agent: allowed paths and the crawl delay."""

    parser: RobotFileParser | None
    allow_all: bool = False
    disallow_all: bool = False
    fetched_at: float = 0.0
    why: str = ""
    # A failed robots.txt is asked again sooner than a good one.
    ttl: float = ROBOTS_TTL_SECONDS

    def allows(self, url: str, agent: str) -> bool:
        """True when `agent` may fetch `url` under these rules."""
        if self.allow_all:
            return True
        if self.disallow_all or self.parser is None:
            return False
        return self.parser.can_fetch(agent, url)

    def crawl_delay(self, agent: str) -> float | None:
        """The Crawl-delay the site asks of `agent`, in seconds, if any."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


def parse_robots(body: bytes) -> RobotsRules:
    """Rules from a robots.txt body (undecodable bytes are replaced, not fatal)."""
    parser = RobotFileParser()
    parser.parse(body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace").splitlines())
    return RobotsRules(parser=parser, fetched_at=time.monotonic())


def rules_for_status(status: int, body: bytes) -> RobotsRules:
    """Rules from a robots.txt response: 2xx parsed, 4xx allow all, 5xx disallow all."""
    if 200 <= status < 300:
        return parse_robots(body)
    if 400 <= status < 500:
        # RFC 9309 2.3.1.3: "unavailable" robots.txt means no rules at all.
        return RobotsRules(parser=None, allow_all=True, fetched_at=time.monotonic())
    # RFC 9309 2.3.1.4: "unreachable" means assume complete disallow, for now.
    return RobotsRules(
        parser=None,
        disallow_all=True,
        fetched_at=time.monotonic(),
        why=f"robots.txt answered {status}, so nothing on the site is fetched for now",
        ttl=ROBOTS_RETRY_SECONDS,
    )


class RobotsCache:
    """robots.txt per site (scheme://host:port), fetched on first use, kept for a day."""

    def __init__(self, getter: RobotsGetter, agent: str) -> None:
        self._getter = getter
        self._agent = agent
        self._rules: dict[str, RobotsRules] = {}

    async def rules(self, url: str) -> RobotsRules:
        """The rules that govern `url`, fetching the site's robots.txt when not cached."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        cached = self._rules.get(site)
        if cached is not None and time.monotonic() - cached.fetched_at < cached.ttl:
            return cached
        try:
            status, body = await self._getter(f"{site}/robots.txt")
            rules = rules_for_status(status, body)
        except HTTPStatusError as error:
            rules = rules_for_status(error.status, b"")
        except UnsafeURLError:
            raise  # the site itself may not be fetched: say that, not "robots.txt failed"
        except FetchError as error:
            rules = RobotsRules(
                parser=None,
                disallow_all=True,
                fetched_at=time.monotonic(),
                why=f"robots.txt unreachable ({error.reason}), so nothing is fetched for now",
                ttl=ROBOTS_RETRY_SECONDS,
            )
        self._rules[site] = rules
        return rules

    async def allows(self, url: str) -> tuple[bool, str]:
        """Whether our agent may fetch `url`, and why not when it may not."""
        rules = await self.rules(url)
        if rules.allows(url, self._agent):
            return True, ""
        return False, rules.why or "robots.txt disallows it for newsdesk"
