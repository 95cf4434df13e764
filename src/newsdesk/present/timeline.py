"""A story's timeline: its dated sentences across articles, in date order, one entry per
thing that happened however many outlets report it.

A sentence appears once, at the most precise of its dates ("on Tuesday" before "this
year"), among the dates sure enough to show (a vague "a year earlier" is not). The
report's own time is not an event: in "Lavrov said on Sunday that troops had left on
Friday", Sunday dates the statement the article reports, so the sentence goes under
Friday, and a sentence dated only by its statement ("the ministry said Sunday") is left
out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from newsdesk.present.summarize import Citation, same_text, tfidf_vectors

# TF-IDF cosine above which two sentences of the same date tell the same event; lower
# than "same text" so that an outlet's light rewrite of a wire sentence still merges.
SAME_EVENT = 0.6
# A statement dated at most this many days before its article is the report's own time:
# a weekly's "said last Tuesday" still dates the statement it reports.
REPORT_DAYS = 7
# Verbs of saying, as news writes them beside the day of a statement.
_SAID = (
    r"(?:said|says|told|tells|announced|announces|stated|added|reported|confirmed|noted|"
    r"wrote|explained|declared|insisted|commented|tweeted|posted\s+on\s+\w+)"
)
# What may stand between the verb and the day: "told reporters on Sunday", "said in a
# statement Sunday", "said late Sunday".
_BETWEEN = (
    r"(?:\s+(?:reporters|journalists|lawmakers|parliament|the\s+press|a\s+news\s+conference|"
    r"in\s+a\s+(?:statement|speech|briefing|post)|in\s+an\s+interview|"
    r"on\s+(?:television|TV|radio|state\s+television|social\s+media)))?"
    r"(?:\s+(?:on|late|early|earlier|on\s+late))?\s+$"
)
# "Told Russian state television on Friday": whoever was told, the day is the telling's.
_TOLD = r"(?:told|tells)(?:\s+[\w'’.-]+){1,4}?(?:\s+(?:on|late|early))?\s+$"
_SAID_BEFORE = re.compile(rf"(?i)\b(?:{_SAID}{_BETWEEN}|{_TOLD})")
# "The ministry on Sunday said", "Sunday, the ministry said" is not (the day leads a clause).
_SAID_AFTER = re.compile(rf"(?i)^(?:\s+(?:also|again|further|then))?\s+{_SAID}\b")


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
    # How sure the date is (`enrich.timex.date_confidence`).
    confidence: float = 1.0


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
    events: Sequence[DatedSentence],
    *,
    same_event: float = SAME_EVENT,
    min_confidence: float = 0.0,
) -> list[TimelineEntry]:
    """Dated sentences as a timeline sorted by date (coarser dates before finer ones of the
    same period), near-identical sentences of one date merged into an entry citing all.

    Each sentence counts once, at its most precise date; report times are left out, and
    so are dates less sure than `min_confidence` (the reading settings' knob)."""
    groups: dict[tuple[str, str | None, str], list[DatedSentence]] = {}
    shown = (
        e for e in events if e.date and e.confidence >= min_confidence and not is_report_time(e)
    )
    for event in most_precise(shown):
        groups.setdefault((event.date, event.date_end, event.precision), []).append(event)
    entries: list[tuple[tuple[str, float], TimelineEntry]] = []
    for (day, date_end, precision), members in groups.items():
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
                day, precision, first.sentence, tuple(citations.values()), date_end
            )
            entries.append(((day, _published_key(first)[0]), entry))
    entries.sort(key=lambda pair: pair[0])
    return [entry for _, entry in entries]


def is_report_time(event: DatedSentence) -> bool:
    """Whether the expression dates the statement the article reports ("said Sunday"):
    beside a verb of saying, a day no more than `REPORT_DAYS` before publication."""
    if event.precision != "day" or event.published is None or not event.expression:
        return False
    day = date.fromisoformat(event.date)
    published = event.published.date()
    if not published - timedelta(days=REPORT_DAYS) <= day <= published:
        return False
    at = event.sentence.find(event.expression)
    if at < 0:
        return False
    before, after = event.sentence[:at], event.sentence[at + len(event.expression) :]
    return bool(_SAID_BEFORE.search(before) or _SAID_AFTER.match(after))


def most_precise(events: Iterable[DatedSentence]) -> list[DatedSentence]:
    """One event per sentence of an article: the one whose date is narrowest (a day
    before a week, a month, a year), the first of them on a tie."""
    best: dict[tuple[int, int], DatedSentence] = {}
    for event in events:
        key = (event.article_id, event.sentence_index)
        if key not in best or width_in_days(event) < width_in_days(best[key]):
            best[key] = event
    return list(best.values())


def width_in_days(event: DatedSentence) -> int:
    """How many days the event's date covers: 1 for a day, about 30 for a month."""
    first = _first_day(event.date)
    last = _last_day(event.date_end or event.date)
    return max(1, (last - first).days + 1)


def _first_day(iso: str) -> date:
    return date.fromisoformat((iso + "-01-01")[:10] if len(iso) < 10 else iso)


def _last_day(iso: str) -> date:
    if len(iso) == 10:
        return date.fromisoformat(iso)
    if len(iso) == 4:
        return date(int(iso), 12, 31)
    year, month = int(iso[:4]), int(iso[5:7])
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _published_key(event: DatedSentence) -> tuple[float, int, int]:
    stamp = event.published.timestamp() if event.published else float("inf")
    return stamp, event.article_id, event.sentence_index
