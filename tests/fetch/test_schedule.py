"""Adaptive intervals, server hints and failure back-off, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdesk.fetch.schedule import (
    adaptive_interval,
    cache_max_age,
    failure_backoff,
    server_wait,
)

NOW = datetime(2025, 7, 12, 12, 0, tzinfo=UTC)
MIN, MAX = 15 * 60, 24 * 60 * 60


def test_a_busy_source_is_fetched_at_the_minimum() -> None:
    hourly = [NOW - timedelta(minutes=10 * i) for i in range(700)]
    assert adaptive_interval(hourly, NOW, MIN, MAX) == MIN


def test_a_daily_source_is_fetched_about_daily_and_a_silent_one_at_the_maximum() -> None:
    daily = [NOW - timedelta(days=i) for i in range(7)]
    assert adaptive_interval(daily, NOW, MIN, MAX) == MAX
    twice_daily = [NOW - timedelta(hours=12 * i) for i in range(14)]
    assert adaptive_interval(twice_daily, NOW, MIN, MAX) == 12 * 3600
    assert adaptive_interval([NOW - timedelta(days=30)], NOW, MIN, MAX) == MAX


def test_server_hints_are_read() -> None:
    assert cache_max_age("public, max-age=600") == 600
    assert cache_max_age("no-cache") is None
    assert server_wait(ttl_minutes=60, max_age=600, retry_after=None) == 3600
    assert server_wait(ttl_minutes=None, max_age=None, retry_after=99999999) == 7 * 24 * 3600


def test_failures_back_off_doubling_up_to_the_maximum() -> None:
    waits = [failure_backoff(n, MIN, MAX, None) for n in (1, 2, 3, 4)]
    assert all(
        0.8 * MIN * 2 ** (n - 1) <= w <= 1.2 * MIN * 2 ** (n - 1)
        for n, w in zip((1, 2, 3, 4), waits, strict=True)
    )
    assert failure_backoff(30, MIN, MAX, None) <= MAX
    assert failure_backoff(1, MIN, MAX, 5000) == 5000
