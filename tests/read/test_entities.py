"""An entity as its page describes it."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.read.entities import describe, other_names
from newsdesk.store.models import EntityRole


def _role(role: str, day: int | None) -> EntityRole:
    seen = datetime(2025, 7, day, tzinfo=UTC) if day else None
    return EntityRole(role=role, first_seen=seen, last_seen=seen)


def test_the_role_seen_last_describes_them_in_its_fullest_form() -> None:
    roles = [_role("North Korean leader", 3), _role("General Secretary", 1), _role("leader", 9)]
    assert describe(roles) == "North Korean leader"
    assert describe([_role("Governor", 2), _role("Deputy Governor", 1)]) == "Governor"
    assert describe([_role("Prime Minister", None)]) == "Prime Minister"
    assert describe([]) is None


def test_also_written_as_leaves_out_the_name_in_any_case_or_spacing() -> None:
    aliases = ["Kim Jong Un", "KIM  JONG UN", " kim jong un", "Kim Jong-un", "Kim Jong-Un", "Kim"]
    assert other_names("Kim Jong Un", aliases) == ["Kim Jong-un", "Kim"]
    assert other_names("Kim Jong Un", ["Kim Jong Un"]) == []
