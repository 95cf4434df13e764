"""Presenting stories to readers: cited summaries, key points, who's who, timelines, related.

Every function here is pure (dataclasses in, dataclasses out); the read layer
(`newsdesk.read`) loads their inputs from the store and shapes their results as records.
"""

from newsdesk.present.related import RelatedCandidate, RelatedItem, related, relative_time
from newsdesk.present.summarize import (
    Citation,
    CitedSentence,
    EntityInStory,
    KeyPoint,
    WhoEntry,
    key_points,
    summarize_article,
    summarize_story,
    whos_who,
)
from newsdesk.present.timeline import DatedSentence, TimelineEntry, story_timeline

__all__ = [
    "Citation",
    "CitedSentence",
    "DatedSentence",
    "EntityInStory",
    "KeyPoint",
    "RelatedCandidate",
    "RelatedItem",
    "TimelineEntry",
    "WhoEntry",
    "key_points",
    "related",
    "relative_time",
    "story_timeline",
    "summarize_article",
    "summarize_story",
    "whos_who",
]
