"""Teaser blocks: what may stand where an outlet's name goes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdesk.extract.teasers import find_teasers, is_outlet_shaped

CAPTURED_AT = datetime(2025, 7, 14, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("line", ["The Mainichi", "Nikkei Asia", "Financial Times", "BBC News"])
def test_outlet_names_are_outlet_shaped(line: str) -> None:
    assert is_outlet_shaped(line)


@pytest.mark.parametrize(
    "line",
    ["By Maren Estrada", "Posted", "Authorities are investigating the shootings", "3 hours ago"],
)
def test_bylines_labels_and_phrases_are_not_outlets(line: str) -> None:
    assert not is_outlet_shaped(line)


def test_a_byline_over_a_time_stamp_makes_no_teaser_outlet() -> None:
    lines = [
        "By Maren Estrada",
        "2 hours ago",
        "Today's top deals: headphones, chargers and a sunrise lamp",
        "Our pick of the discounts worth your money this week.",
    ]
    teasers = find_teasers(lines, CAPTURED_AT, first_ordinal=1)
    assert all(t.outlet != "By Maren Estrada" for t in teasers)
