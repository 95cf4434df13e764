"""The pure pieces of the read layer: front-page ranking, mention volume, outlet folding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdesk.read.entities import mention_volume
from newsdesk.read.front import story_score
from newsdesk.read.records import StoryArticle
from newsdesk.read.stories import group_by_outlet

NOW = datetime(2025, 7, 15, 12, tzinfo=UTC)


def test_story_score_prefers_breadth_and_freshness() -> None:
    assert story_score(8, NOW, NOW) > story_score(2, NOW, NOW)
    assert story_score(4, NOW, NOW) > story_score(4, NOW - timedelta(days=2), NOW)
    # Eight outlets a day ago still beat one outlet this hour.
    assert story_score(8, NOW - timedelta(days=1), NOW) > story_score(1, NOW, NOW)
    assert story_score(5, None, NOW) == 0.0


def test_mention_volume_fills_gaps_and_switches_to_weeks() -> None:
    days = [NOW, NOW, NOW - timedelta(days=3)]
    volume = mention_volume(days).model_dump()
    assert volume["unit"] == "day"
    counts = {b["start"]: b["count"] for b in volume["buckets"]}
    assert counts["2025-07-15"] == 2 and counts["2025-07-12"] == 1 and counts["2025-07-13"] == 0
    assert len(volume["buckets"]) == 7
    spread = mention_volume([NOW, NOW - timedelta(days=200)]).model_dump()
    assert spread["unit"] == "week"
    starts = [datetime.fromisoformat(b["start"]) for b in spread["buckets"]]
    assert all(s.weekday() == 0 for s in starts)
    assert sum(b["count"] for b in spread["buckets"]) == 2
    assert mention_volume([]).model_dump() == {"unit": "day", "buckets": []}


def _article(article_id: int, outlet: str | None, duplicate_of_id: int | None) -> StoryArticle:
    return StoryArticle(
        id=article_id,
        outlet=outlet,
        credit="",
        title=f"article {article_id}",
        url=None,
        published=None,
        relative_time="",
        duplicate_of_id=duplicate_of_id,
        summary=[],
    )


def test_group_by_outlet_folds_copies_under_their_canonical() -> None:
    rows = [
        _article(1, "Wire Daily", None),
        _article(2, "Harbour", 1),
        _article(3, "Harbour", None),
        _article(4, None, 99),
    ]
    grouped = group_by_outlet(rows)
    assert list(grouped) == ["Wire Daily", "Harbour", "Unknown outlet"]
    assert [c.id for c in grouped["Wire Daily"][0].copies] == [2]
    assert [r.id for r in grouped["Harbour"]] == [3]
    # A copy whose canonical is not in the story stands on its own.
    assert grouped["Unknown outlet"][0].id == 4
