"""A story's timeline: its dated sentences across articles, in date order, one entry per
thing that happened however many outlets report it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from newsdesk.present.summarize import Citation, same_text, tfidf_vectors

# TF-IDF cosine above which two sentences of the same date tell the same event; lower
# than "same text" so that an outlet's light rewrite of a wire sentence still merges.
SAME_EVENT = 0.6


@dataclass(frozen=True)
class DatedSentence:
    """A sentence of an article and the date one of its time expressions resolves to.

    `date` is ISO at its precision: "2024", "2024-01" or "2024-01-16".
    """

    date: str
    precision: str
    sentence: str
    article_id: int
    outlet: str | None
    published: datetime | None
    sentence_index: int
    expression: str = ""
    date_end: str | None = None
    credit: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened on a date, citing every article that tells it, first first."""

    date: str
    precision: str
    sentence: str
    citations: tuple[Citation, ...]
    date_end: str | None = None

    @property
    def article_id(self) -> int:
        """The article first cited."""
        return self.citations[0].article_id

    @property
    def outlet(self) -> str | None:
        """The outlet first cited."""
        return self.citations[0].outlet


def story_timeline(
    events: Sequence[DatedSentence], *, same_event: float = SAME_EVENT
) -> list[TimelineEntry]:
    """Dated sentences as a timeline sorted by date (coarser dates before finer ones of the
    same period), near-identical sentences of one date merged into an entry citing all."""
    groups: dict[tuple[str, str | None, str], list[DatedSentence]] = {}
    for event in events:
        if event.date:
            groups.setdefault((event.date, event.date_end, event.precision), []).append(event)
    entries: list[tuple[tuple[str, float], TimelineEntry]] = []
    for (date, date_end, precision), members in groups.items():
        members = sorted(members, key=_published_key)
        vectors = tfidf_vectors([m.sentence for m in members])
        clusters: list[list[int]] = []
        for i, member in enumerate(members):
            home = next(
                (
                    cluster
                    for cluster in clusters
                    if same_text(member.sentence, members[cluster[0]].sentence)
                    or float(vectors[i] @ vectors[cluster[0]]) >= same_event
                ),
                None,
            )
            if home is None:
                clusters.append([i])
            else:
                home.append(i)
        for cluster in clusters:
            first = members[cluster[0]]
            # One article naming the same date twice over is cited once.
            citations: dict[int, Citation] = {}
            for member in (members[i] for i in cluster):
                citations.setdefault(
                    member.article_id,
                    Citation(
                        member.article_id,
                        member.outlet,
                        member.published,
                        member.sentence_index,
                        member.credit,
                    ),
                )
            entry = TimelineEntry(
                date, precision, first.sentence, tuple(citations.values()), date_end
            )
            entries.append(((date, _published_key(first)[0]), entry))
    entries.sort(key=lambda pair: pair[0])
    return [entry for _, entry in entries]


def _published_key(event: DatedSentence) -> tuple[float, int, int]:
    stamp = event.published.timestamp() if event.published else float("inf")
    return stamp, event.article_id, event.sentence_index
