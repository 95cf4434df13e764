"""The HTTP client against real local servers: statuses, validators, limits, misbehaviour."""

from __future__ import annotations

import asyncio
import gzip
from dataclasses import replace
from typing import Any

import pytest

from newsdesk.config import FetchSettings
from newsdesk.errors import FetchError, HTTPStatusError, RobotsDisallowedError
from newsdesk.fetch.client import FetchedResponse, Fetcher, retry_after_seconds
from newsdesk.fetch.politeness import HostLimits
from newsdesk.testing.servers import LocalSite, Reply, big_stream, gzip_bomb
from tests.fetch.conftest import LOCAL_FETCH

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'


def fetch(url: str, settings: FetchSettings = LOCAL_FETCH, **kwargs: Any) -> FetchedResponse:
    async def run() -> FetchedResponse:
        async with Fetcher(settings, 2_000_000) as fetcher:
            return await fetcher.get(url, **kwargs)

    return asyncio.run(run())


def test_200_sends_a_clear_user_agent_and_keeps_validators(site: LocalSite) -> None:
    site.route("/feed", Reply(200, FEED, {"ETag": '"v1"', "Content-Type": "application/rss+xml"}))
    response = fetch(site.url("/feed"))
    assert (response.status, response.body, response.etag) == (200, FEED, '"v1"')
    assert response.mime == "application/rss+xml"
    [request] = site.hits("/feed")
    assert request.headers["user-agent"].startswith("newsdesk/")


def test_conditional_get_gets_304(site: LocalSite) -> None:
    def answer(seen: Any) -> Reply:
        if seen.headers.get("if-none-match") == '"v1"':
            return Reply(304)
        return Reply(200, FEED, {"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})

    site.route("/feed", answer)
    first = fetch(site.url("/feed"))
    second = fetch(site.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.body == b""
    assert site.hits("/feed")[1].headers["if-modified-since"] == "Mon, 01 Jan 2024 00:00:00 GMT"


def test_a_redirect_chain_is_followed_and_a_permanent_move_reported(site: LocalSite) -> None:
    site.route("/a", Reply(301, headers={"Location": "/b"}))
    site.route("/b", Reply(308, headers={"Location": site.url("/c")}))
    site.route("/c", Reply(200, FEED))
    response = fetch(site.url("/a"))
    assert response.final_url == site.url("/c") and response.moved_to == site.url("/c")
    site.route("/t", Reply(302, headers={"Location": "/c"}))
    assert fetch(site.url("/t")).moved_to is None


def test_a_redirect_loop_and_too_many_redirects_fail_clearly(site: LocalSite) -> None:
    site.route("/loop1", Reply(302, headers={"Location": "/loop2"}))
    site.route("/loop2", Reply(302, headers={"Location": "/loop1"}))
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(site.url("/loop1"))
    for hop in range(8):
        site.route(f"/hop{hop}", Reply(302, headers={"Location": f"/hop{hop + 1}"}))
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(site.url("/hop0"))


@pytest.mark.parametrize("status", [404, 410, 403])
def test_4xx_is_not_retried(site: LocalSite, status: int) -> None:
    site.route("/gone", Reply(status, b"no"))
    with pytest.raises(HTTPStatusError) as caught:
        fetch(site.url("/gone"))
    assert caught.value.status == status
    assert len(site.hits("/gone")) == 1


def test_429_reports_retry_after_without_retrying(site: LocalSite) -> None:
    site.route("/busy", Reply(429, headers={"Retry-After": "120"}))
    with pytest.raises(HTTPStatusError) as caught:
        fetch(site.url("/busy"))
    assert caught.value.retry_after == 120 and len(site.hits("/busy")) == 1


def test_500_then_success_is_retried(site: LocalSite) -> None:
    site.route("/flaky", [Reply(500), Reply(502), Reply(200, FEED)])
    assert fetch(site.url("/flaky")).body == FEED
    assert len(site.hits("/flaky")) == 3


def test_500_every_time_fails_after_the_last_attempt(site: LocalSite) -> None:
    site.route("/down", Reply(500))
    with pytest.raises(HTTPStatusError, match="HTTP 500"):
        fetch(site.url("/down"))
    assert len(site.hits("/down")) == LOCAL_FETCH.attempts


def test_a_stalled_server_times_out(site: LocalSite) -> None:
    # The server waits far longer than the timeout: each attempt is cut off by it.
    site.route("/stall", Reply(200, FEED, stall=2.0))
    settings = replace(LOCAL_FETCH, timeout_seconds=0.3, attempts=2)
    with pytest.raises(FetchError, match="timed out"):
        fetch(site.url("/stall"), settings)
    assert len(site.hits("/stall")) == 2


def test_a_truncated_response_fails_after_retries(site: LocalSite) -> None:
    site.route("/cut", Reply(200, FEED * 10, truncate_to=100))
    with pytest.raises(FetchError, match="cut short"):
        fetch(site.url("/cut"))
    assert len(site.hits("/cut")) == LOCAL_FETCH.attempts


def test_gzip_is_decoded(site: LocalSite) -> None:
    site.route("/gz", Reply(200, gzip.compress(FEED), {"Content-Encoding": "gzip"}))
    assert fetch(site.url("/gz")).body == FEED


def test_a_gzip_bomb_is_stopped_at_the_limit(site: LocalSite) -> None:
    bomb = gzip_bomb(200 * 1024 * 1024)
    assert len(bomb) < 1_000_000
    site.route("/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    with pytest.raises(FetchError, match="compression bomb"):
        fetch(site.url("/bomb"))


def test_a_50_mb_page_is_refused_while_streaming(site: LocalSite) -> None:
    site.route("/big", Reply(200, stream=big_stream(50 * 1024 * 1024)))
    with pytest.raises(FetchError, match="too large"):
        fetch(site.url("/big"))
    site.route("/declared", Reply(200, b"x" * 3_000_000))
    with pytest.raises(FetchError, match=r"the server says 3\.0 MB"):
        fetch(site.url("/declared"))


def test_robots_txt_is_honoured(site: LocalSite) -> None:
    site.route("/robots.txt", Reply(200, b"User-agent: newsdesk\nDisallow: /private\n"))
    site.route("/private/feed", Reply(200, FEED))
    site.route("/public/feed", Reply(200, FEED))
    assert fetch(site.url("/public/feed")).status == 200
    with pytest.raises(RobotsDisallowedError, match=r"robots\.txt"):
        fetch(site.url("/private/feed"))
    assert site.hits("/private/feed") == []


def test_robots_txt_5xx_means_disallow_for_now(site: LocalSite) -> None:
    site.route("/robots.txt", Reply(503))
    site.route("/feed", Reply(200, FEED))
    with pytest.raises(RobotsDisallowedError, match="503"):
        fetch(site.url("/feed"))


class FakeClock:
    """A monotonic clock that moves only when the fetcher pauses: spacing without a stopwatch."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.pauses: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def test_per_host_delay_spaces_requests(site: LocalSite) -> None:
    site.route("/feed", Reply(200, FEED))
    clock = FakeClock()
    limits = HostLimits(4, 0.2, clock=clock, sleep=clock.sleep)

    async def run() -> None:
        async with Fetcher(LOCAL_FETCH, 2_000_000, limits=limits, obey_robots=False) as fetcher:
            await asyncio.gather(*(fetcher.get(site.url("/feed")) for _ in range(3)))

    asyncio.run(run())
    assert len(site.hits("/feed")) == 3
    # The first starts at once; each of the others waits out the delay after the one before.
    assert clock.pauses == pytest.approx([0.2, 0.2])


def test_robots_crawl_delay_raises_the_hosts_delay(site: LocalSite) -> None:
    site.route("/robots.txt", Reply(200, b"User-agent: *\nCrawl-delay: 5\n"))
    site.route("/feed", Reply(200, FEED))
    clock = FakeClock()
    limits = HostLimits(4, 0.0, clock=clock, sleep=clock.sleep)

    async def run() -> None:
        async with Fetcher(LOCAL_FETCH, 2_000_000, limits=limits) as fetcher:
            await fetcher.get(site.url("/feed"))
            await fetcher.get(site.url("/feed"))

    asyncio.run(run())
    assert limits.delay_for("127.0.0.1") == 5
    # robots.txt first, then each GET five seconds after the request before it.
    assert clock.pauses == pytest.approx([5.0, 5.0])
    assert [r.path for r in site.requests] == ["/robots.txt", "/feed", "/feed"]


def test_a_5xx_asking_for_a_long_wait_is_left_to_the_schedule(site: LocalSite) -> None:
    site.route("/busy", [Reply(503, headers={"Retry-After": "120"}), Reply(200, FEED)])
    with pytest.raises(HTTPStatusError) as caught:
        fetch(site.url("/busy"))
    assert (caught.value.status, caught.value.retry_after) == (503, 120)
    assert len(site.hits("/busy")) == 1


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after_seconds("30") == 30
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412400.0) == 80
    assert retry_after_seconds("soon") is None
