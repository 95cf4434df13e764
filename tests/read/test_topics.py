"""Front-page sections: stories filed under what most of their articles name."""

from __future__ import annotations

from newsdesk.config import ReadingSettings
from newsdesk.read.records import StoryCard
from newsdesk.read.topics import OTHER_ANCHOR, TopicName, group_into_sections, story_topics

READING = ReadingSettings()
JAPAN = TopicName(1, "Japan", "place", 9)
GOOGLE = TopicName(2, "Google", "organisation", 30)
ALPHABET = TopicName(3, "Alphabet", "place", 5)
KISHIDA = TopicName(4, "Fumio Kishida", "person", 4)


def _card(story_id: int, thread_id: int | None = None) -> StoryCard:
    return StoryCard(
        id=story_id,
        title=f"Story {story_id}",
        articles=3,
        outlets=["A", "B"],
        first_seen=None,
        last_seen=None,
        thread_id=thread_id if thread_id is not None else story_id,
        lead=None,
    )


def test_the_topic_of_most_stories_takes_them_and_the_rest_come_last() -> None:
    cards = [_card(i) for i in (5, 6, 7, 8, 9)]
    topics = {5: [GOOGLE, ALPHABET], 6: [JAPAN, KISHIDA], 7: [GOOGLE, ALPHABET], 8: [JAPAN]}
    sections = group_into_sections(cards, topics, READING)
    # Google and Alphabet name the same two stories: the more mentioned one heads them.
    assert [(s.name, s.story_ids) for s in sections] == [
        ("Google", [5, 7]),
        ("Japan", [6, 8]),
        ("More stories", [9]),
    ]
    assert sections[0].entity_id == GOOGLE.entity_id and sections[0].anchor == "topic-google"
    assert sections[-1].entity_id is None and sections[-1].anchor == OTHER_ANCHOR
    # Every story is filed once.
    filed = [story_id for s in sections for story_id in s.story_ids]
    assert sorted(filed) == [5, 6, 7, 8, 9]


def test_a_topic_of_one_story_makes_no_section_but_a_thread_mate_follows() -> None:
    cards = [_card(1, thread_id=1), _card(2, thread_id=2), _card(3, thread_id=1), _card(4)]
    topics = {1: [JAPAN], 2: [JAPAN], 4: [KISHIDA]}
    sections = group_into_sections(cards, topics, READING)
    assert [(s.name, s.story_ids) for s in sections] == [
        ("Japan", [1, 2, 3]),
        ("More stories", [4]),
    ]
    assert group_into_sections([], {}, READING) == []


def test_anchors_are_unique_and_plain() -> None:
    cards = [_card(i) for i in range(1, 5)]
    twin = TopicName(9, "Japan", "organisation", 1)
    sections = group_into_sections(cards, {1: [JAPAN], 2: [JAPAN], 3: [twin], 4: [twin]}, READING)
    anchors = [s.anchor for s in sections]
    assert len(set(anchors)) == len(anchors) == 2
    assert all(a.replace("-", "").isalnum() for a in anchors)


def test_story_topics_keep_what_most_of_a_story_names(sqlite_demo_store) -> None:
    from sqlalchemy import select

    from newsdesk.store.models import Story

    with sqlite_demo_store.session() as session:
        stories = dict(session.execute(select(Story.id, Story.title).where(Story.size > 1)).all())
        topics = story_topics(session, list(stories), READING)
    assert topics, "the demo's multi-article stories name places, organisations, people"
    for found in topics.values():
        assert 0 < len(found) <= READING.topics_per_story
        assert all(t.kind in READING.topic_kinds for t in found)
    # A story headlined about Google is filed under Google among its topics.
    about_google = [i for i, title in stories.items() if "Google" in title]
    assert about_google
    for story_id in about_google:
        assert "Google" in [t.name for t in topics[story_id]]
