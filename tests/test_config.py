"""Settings from the environment: tuning knobs by name, refused when malformed or unknown."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newsdesk.config import ImageSettings, Settings, StoryTuning, load_settings
from newsdesk.errors import ConfigError


def test_tuning_knobs_are_read_by_name_and_passed_as_settings() -> None:
    settings = load_settings(
        {
            "NEWSDESK_STORY_THRESHOLD": "0.5",
            "NEWSDESK_SEARCH_RRF_K": "30",
            "NEWSDESK_COPY_WINDOW": "3",
            "NEWSDESK_READING_ANSWER_FLOOR": "0.5",
            "NEWSDESK_READING_TIMELINE_CONFIDENCE": "0.8",
            "NEWSDESK_READING_WHOS_WHO_CONFIDENCE": "0.3",
            "NEWSDESK_READING_QUOTE_CONFIDENCE": "0.9",
            "NEWSDESK_READING_TOPIC_KINDS": "organisation, place",
            "NEWSDESK_ACCOUNTS_FAILED_LOGINS": "3",
        }
    )
    assert settings.grouping.stories.threshold == 0.5
    assert settings.grouping.stories.tfidf == StoryTuning().tfidf
    assert settings.search.rrf_k == 30
    assert settings.grouping.copies.window == timedelta(days=3)
    assert settings.reading.answer_floor == 0.5
    assert settings.reading.timeline_confidence == 0.8
    assert settings.reading.whos_who_confidence == 0.3
    assert settings.reading.quote_confidence == 0.9
    assert settings.reading.topic_kinds == ("organisation", "place")
    assert settings.accounts.failed_logins == 3
    assert load_settings({}) == Settings()


def test_grouping_runs_in_parallel_unless_told_not_to() -> None:
    assert load_settings({}).grouping.parallel
    assert not load_settings({"NEWSDESK_GROUPING_PARALLEL": "0"}).grouping.parallel
    assert load_settings({"NEWSDESK_GROUPING_PARALLEL": "yes"}).grouping.parallel


def test_image_settings_are_flags_and_a_size() -> None:
    assert load_settings({}).images == ImageSettings(fetch=True, from_files=False)
    settings = load_settings(
        {
            "NEWSDESK_IMAGES_FETCH": "0",
            "NEWSDESK_IMAGES_FROM_FILES": "yes",
            "NEWSDESK_IMAGES_MAX_BYTES": "1000",
        }
    )
    assert settings.images == ImageSettings(fetch=False, from_files=True, max_bytes=1000)


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("NEWSDESK_STORY_TRESHOLD", "0.4", "is no setting"),
        ("NEWSDESK_STORY_THRESHOLD", "high", "must be a number"),
        ("NEWSDESK_SEARCH_RRF_K", "6.5", "whole number"),
        ("NEWSDESK_PUBLIC_URL", "news.example", "must be an http"),
    ],
)
def test_malformed_or_unknown_settings_are_refused_by_name(name, value, says) -> None:
    with pytest.raises(ConfigError, match=says) as refused:
        load_settings({name: value})
    assert name in str(refused.value)
