"""Publication dates as inputs write them, to timezone-aware datetimes."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def as_utc(moment: datetime) -> datetime:
    """`moment` with a timezone: naive datetimes are taken to be UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def parse_datetime(value: str | None) -> datetime | None:
    """A datetime from ISO 8601 (`2024-01-17`, `2024-01-17T08:30Z`) or RFC 822; None if neither."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        return as_utc(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return as_utc(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


def from_struct_time(value: time.struct_time | None) -> datetime | None:
    """A UTC datetime from the `struct_time` feedparser gives (already in UTC)."""
    if value is None:
        return None
    return datetime(*value[:6], tzinfo=UTC)
