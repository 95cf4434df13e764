"""Dated events scored against TimeML time expressions (TimeBank, MEANTIME): detection and values.

Each labelled document goes through `enrich_texts` as an `ArticleText` (no headline, the
text as body, published on its creation date), and its `events` are compared with the
gold TIMEX3 expressions, TempEval-3 style:

- Detection: every event against every gold TIMEX3 (any type). Relaxed: an event and a
  gold expression match when their character spans overlap (one-to-one, greedily in text
  order); strict: when the spans are equal.
- Calendar-date value (the figure the issue sets a target for): the gold set is the DATE
  expressions whose value names a calendar period (`CALENDAR_VALUE`: 1998, 1998-02,
  1998-02-13, 1998-W07, 1998-W07-WE, 1998-Q1, 1998-H2, 1998-SU, 199 for the 1990s, 19 for
  the 1900s); PAST_REF, P3Y, XXXX-XX-XX and the like are not in it. Our claims are the
  events whose (date, precision, date_end) maps to such a value (`timeml_value`). A claim
  is right when it overlaps a gold calendar date (relaxed, one-to-one) with the same
  value. Precision = right / claims, recall = right / gold calendar dates. Claims that
  overlap a gold TIME ("Tuesday night"), the document's creation time, or a DATE whose
  value has unknown digits that our value fills in (gold 1989-WXX, ours 1989-W42; gold
  1990-XX-XX, ours 1990) are left out: neither right nor wrong, since the gold side has
  no calendar value to hold them to; so are claims on a DURATION labelled with a calendar
  value ("fourth-quarter earnings" as DURATION 1989-Q4, elsewhere DATE 1989-Q4).

`timeml_value` reads an event as TimeML would write it:

- precision "day" → the date (1998-02-13); "month" → 1998-02; "year" → 1998;
- "span" of days: Monday to Sunday of one ISO week → 1998-W07; a Saturday and the Sunday
  after → 1998-W07-WE (the Saturday's week); one day → that day;
- "span" of months within a year: one month → 1998-02; January to December → 1998;
  a calendar quarter → 1998-Q1; a half → 1998-H1; March-May, June-August,
  September-November → 1998-SP, -SU, -FA; December to February → 1998-WI (the
  December's year, as TimeML names a winter by its start);
- "span" of years: one year → 1998; 1990 to 1999 → 199; 1900 to 1999 → 19;
- "since X" (a span from X to the day of writing, its expression opening with "since")
  → the value of X at its precision, as TimeML tags the "1901" of "since 1901";
- anything else (a span from some day to the day of writing, "unresolved") → None: not a
  calendar-date claim.

What a timeline shows: each event carries a confidence (`enrich.timex.date_confidence`),
and a story's timeline keeps those at `ReadingSettings.timeline_confidence` or above; the
value score is printed again over those claims alone (recall still against every gold
calendar date), with the precision of each confidence level, so the knob's price in
recall and its gain in precision are in one table. `--part even|odd` scores one half of
the documents (the sets have no train part: tune on the even ones, check on the odd).

Anchor: HeidelTime, TempEval-3's best system, reached about 0.78 value F1 on its test
set. That figure is over all TIMEX3 types with the task's own matching; ours is over
calendar dates only, so the two are side by side, not the same measure.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from newsdesk.enrich import ArticleText, enrich_texts
from newsdesk.types import EventDraft

# A DATE value that names one calendar period: a century, decade, year, month, day, week,
# weekend, quarter, half or season. No X (unknown digits), no _REF, no durations.
CALENDAR_VALUE = re.compile(
    r"^\d{2}$|^\d{3}$|^\d{4}(?:-(?:\d\d(?:-\d\d)?|W\d\d(?:-WE)?|Q[1-4]|H[12]|SP|SU|FA|WI))?$"
)
HEIDELTIME_VALUE_F1 = 0.78
# MEANTIME labels time expressions in the headline and the first sentences only (six
# lines of its rebuilt text: headline, dateline, four sentences); the rest is unlabelled.
MEANTIME_LABELLED_LINES = 6
# Documents enriched per call: enough for spaCy's batching, small enough to keep memory low.
BATCH = 32
_SEASON_OF = {(3, 5): "SP", (6, 8): "SU", (9, 11): "FA"}


@dataclass(frozen=True)
class GoldTimex:
    """One TIMEX3 of a labelled document: its span, type and normalised value."""

    start: int
    end: int
    type: str
    value: str
    text: str = ""
    creation_time: bool = False


@dataclass(frozen=True)
class TimexDocument:
    """A labelled document: its text, its creation date, and its time expressions."""

    doc_id: str
    text: str
    dct: date
    timexes: tuple[GoldTimex, ...]
    # Where the labelled part ends: events after it are not scored.
    labelled_end: int | None = None


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 with the counts behind them."""

    precision: float
    recall: float
    f1: float
    right: int
    claimed: int
    gold: int

    @classmethod
    def of(cls, right: int, claimed: int, gold: int) -> PRF:
        """The scores of `right` answers out of `claimed`, against `gold` to find."""
        precision = right / claimed if claimed else 1.0
        recall = right / gold if gold else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1, right, claimed, gold)


@dataclass(frozen=True)
class DateError:
    """One calendar-date miss or wrong claim, for reading what went wrong."""

    doc_id: str
    kind: str  # "wrong value", "missed", "no such date", "no calendar value"
    start: int
    text: str
    gold: str | None
    ours: str | None


@dataclass(frozen=True)
class DateScore:
    """Detection (relaxed and strict) and calendar-date value scores over a corpus."""

    corpus: str
    documents: int
    relaxed: PRF
    strict: PRF
    value: PRF
    errors: list[DateError] = field(default_factory=list)
    # The same value score over the claims a timeline shows: confidence at or above
    # `threshold` (recall still against every gold calendar date).
    threshold: float = 0.0
    confident: PRF | None = None
    # Claims and right ones by confidence, to see what each level of it is worth.
    by_confidence: dict[float, tuple[int, int]] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """The scores as plain data (errors counted by kind, not listed)."""
        data = {
            "corpus": self.corpus,
            "documents": self.documents,
            "detection_relaxed": asdict(self.relaxed),
            "detection_strict": asdict(self.strict),
            "calendar_value": asdict(self.value),
            "timeline_threshold": self.threshold,
            "calendar_value_at_threshold": asdict(self.confident) if self.confident else None,
            "precision_by_confidence": {
                str(level): {"right": right, "claimed": claimed}
                for level, (right, claimed) in sorted(self.by_confidence.items())
            },
            "anchor_heideltime_value_f1": HEIDELTIME_VALUE_F1,
        }
        data["errors_by_kind"] = dict(Counter(e.kind for e in self.errors))
        return data


def load_timeml(path: Path) -> list[TimexDocument]:
    """Read a TimeML JSONL (TimeBank or MEANTIME layout); documents without a date are skipped."""
    documents = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if not row.get("dct"):
                continue
            timexes = tuple(
                GoldTimex(
                    t["start"],
                    t["end"],
                    t["type"],
                    t["value"],
                    t.get("text", ""),
                    t.get("functionInDocument") == "CREATION_TIME",
                )
                for t in row["timexes"]
                if t.get("start") is not None and t.get("value")
            )
            dct = date.fromisoformat(row["dct"][:10])
            labelled_end = None
            if "doc_name" in row:  # the MEANTIME layout
                labelled_end = _end_of_line(row["text"], MEANTIME_LABELLED_LINES)
            documents.append(
                TimexDocument(str(row["doc_id"]), row["text"], dct, timexes, labelled_end)
            )
    return documents


def _end_of_line(text: str, lines: int) -> int:
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


def timeml_value(event: EventDraft) -> str | None:
    """The TimeML calendar value an event's date stands for, or None if it names no one period."""
    if event.date is None or event.precision == "unresolved":
        return None
    if event.precision in {"day", "month", "year"}:
        return event.date
    if event.precision != "span" or event.date_end is None:
        return None
    if event.expression.lower().startswith("since ") and len(event.date) in {4, 7, 10}:
        return event.date
    return _span_value(event.date, event.date_end)


def _span_value(first: str, last: str) -> str | None:
    if len(first) != len(last):
        return None
    if len(first) == 10:
        return _day_span_value(date.fromisoformat(first), date.fromisoformat(last))
    if len(first) == 7:
        return _month_span_value(first, last)
    if len(first) == 4:
        y1, y2 = int(first), int(last)
        if y1 == y2:
            return first
        if y1 % 10 == 0 and y2 == y1 + 9:
            return first[:3]
        if y1 % 100 == 0 and y2 == y1 + 99:
            return first[:2]
    return None


def _day_span_value(first: date, last: date) -> str | None:
    year, week, weekday = first.isocalendar()
    if first == last:
        return first.isoformat()
    days = (last - first).days
    if weekday == 1 and days == 6:
        return f"{year:04d}-W{week:02d}"
    if weekday == 6 and days == 1:
        return f"{year:04d}-W{week:02d}-WE"
    return None


def _month_span_value(first: str, last: str) -> str | None:
    y1, m1 = int(first[:4]), int(first[5:])
    y2, m2 = int(last[:4]), int(last[5:])
    if (y1, m1) == (y2, m2):
        return first
    if y2 == y1 + 1 and (m1, m2) == (12, 2):
        return f"{y1:04d}-WI"
    if y1 != y2:
        return None
    if (m1, m2) == (1, 12):
        return f"{y1:04d}"
    if m2 - m1 == 2 and m1 % 3 == 1:
        return f"{y1:04d}-Q{m1 // 3 + 1}"
    if m2 - m1 == 5 and m1 in {1, 7}:
        return f"{y1:04d}-H{1 if m1 == 1 else 2}"
    if (m1, m2) in _SEASON_OF:
        return f"{y1:04d}-{_SEASON_OF[m1, m2]}"
    return None


def is_calendar_date(timex: GoldTimex) -> bool:
    """Whether a gold expression is in the calendar-date set: a DATE naming one period."""
    return (
        timex.type == "DATE" and not timex.creation_time and bool(CALENDAR_VALUE.match(timex.value))
    )


def score_documents(
    documents: Sequence[TimexDocument],
    events: Sequence[Sequence[EventDraft]],
    corpus: str = "",
    *,
    threshold: float = 0.0,
) -> DateScore:
    """Score each document's events against its gold expressions (see the module docstring);
    the claims whose confidence reaches `threshold` are scored apart as well."""
    relaxed = strict = right = claimed = gold_dates = system = gold_all = 0
    levels: dict[float, list[int]] = {}
    errors: list[DateError] = []
    for document, found in zip(documents, events, strict=True):
        if document.labelled_end is not None:
            found = [e for e in found if e.start < document.labelled_end]
        pairs = _align(found, document.timexes)
        gold_all += len(document.timexes)
        system += len(found)
        relaxed += len(pairs)
        strict += sum(
            found[i].start == document.timexes[j].start and found[i].end == document.timexes[j].end
            for i, j in pairs.items()
        )
        gold_dates += sum(is_calendar_date(t) for t in document.timexes)
        matched_gold = set(pairs.values())
        for i, event in enumerate(found):
            value = timeml_value(event)
            if value is None:
                continue
            gold = document.timexes[pairs[i]] if i in pairs else None
            if gold is not None and (
                gold.type == "TIME"
                or gold.creation_time
                or _fills_unknown(gold.value, value)
                or _duration_named_as_period(gold)
            ):
                continue
            claimed += 1
            level = levels.setdefault(event.confidence, [0, 0])
            level[1] += 1
            if gold is not None and is_calendar_date(gold) and gold.value == value:
                right += 1
                level[0] += 1
            else:
                kind = "no such date" if gold is None else "wrong value"
                errors.append(
                    DateError(
                        document.doc_id,
                        kind,
                        event.start,
                        event.expression,
                        f"{gold.type} {gold.value}" if gold else None,
                        value,
                    )
                )
        for j, timex in enumerate(document.timexes):
            if is_calendar_date(timex) and j not in matched_gold:
                errors.append(
                    DateError(document.doc_id, "missed", timex.start, timex.text, timex.value, None)
                )
            elif is_calendar_date(timex):
                i = next(i for i, g in pairs.items() if g == j)
                if timeml_value(found[i]) is None:
                    errors.append(
                        DateError(
                            document.doc_id,
                            "no calendar value",
                            timex.start,
                            timex.text,
                            timex.value,
                            f"{found[i].precision} {found[i].date}..{found[i].date_end}",
                        )
                    )
    return DateScore(
        corpus,
        len(documents),
        PRF.of(relaxed, system, gold_all),
        PRF.of(strict, system, gold_all),
        PRF.of(right, claimed, gold_dates),
        errors,
        threshold,
        PRF.of(
            sum(r for level, (r, _) in levels.items() if level >= threshold),
            sum(c for level, (_, c) in levels.items() if level >= threshold),
            gold_dates,
        ),
        {level: (r, c) for level, (r, c) in levels.items()},
    )


def _duration_named_as_period(gold: GoldTimex) -> bool:
    # "Fourth-quarter earnings" is labelled now DATE 1989-Q4, now DURATION 1989-Q4: a
    # DURATION whose value is a calendar period is the same period under another type,
    # held to neither side (TempEval-3 scores values whatever the type).
    return gold.type == "DURATION" and CALENDAR_VALUE.match(gold.value) is not None


def _fills_unknown(gold: str, ours: str) -> bool:
    # Gold "1989-WXX" holds ours "1989-W42"; "1990-XX-XX" holds "1990" (ours coarser).
    if "X" not in gold or len(ours) > len(gold):
        return False
    head, rest = gold[: len(ours)], gold[len(ours) :]
    same = all(g == o or g == "X" for g, o in zip(head, ours, strict=True))
    return same and set(rest) <= {"X", "-", "Q", "W"}


def _align(found: Sequence[EventDraft], timexes: Sequence[GoldTimex]) -> dict[int, int]:
    # One-to-one by overlap, in text order: each event takes the first free gold it overlaps.
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for i, event in enumerate(found):
        for j, timex in enumerate(timexes):
            if j not in taken and event.start < timex.end and timex.start < event.end:
                pairs[i] = j
                taken.add(j)
                break
    return pairs


def document_events(documents: Sequence[TimexDocument]) -> list[list[EventDraft]]:
    """The events `enrich_texts` finds in each document, published on its creation date."""
    events: list[list[EventDraft]] = []
    for first in range(0, len(documents), BATCH):
        batch = documents[first : first + BATCH]
        articles = [
            ArticleText("", d.text, datetime(d.dct.year, d.dct.month, d.dct.day, 12, tzinfo=UTC))
            for d in batch
        ]
        events.extend(e.events for e in enrich_texts(articles))
    return events


def evaluate_dates(path: Path, *, threshold: float = 0.0, part: str = "all") -> DateScore:
    """Enrich every document of a TimeML JSONL (or one `part`: "even" or "odd" documents,
    in file order) and score its dated events, those at `threshold` apart."""
    documents = load_timeml(path)
    if part not in PARTS:
        raise ValueError(f"no such part: {part!r} (one of {', '.join(PARTS)})")
    documents = [d for i, d in enumerate(documents) if PARTS[part](i)]
    name = path.name if part == "all" else f"{path.name} ({part} documents)"
    return score_documents(documents, document_events(documents), corpus=name, threshold=threshold)


# The sets have no train part: the even-numbered documents tune, the odd ones check.
PARTS = {"all": lambda i: True, "even": lambda i: i % 2 == 0, "odd": lambda i: i % 2 == 1}


def format_dates(score: DateScore) -> str:
    """The human table: detection and calendar-date value scores, the anchor beside them."""

    def row(name: str, s: PRF, anchor: str = "") -> str:
        return (
            f"{name:<26}{s.precision:>6.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
            f"{s.right:>7}{s.claimed:>8}{s.gold:>7}  {anchor}"
        )

    lines = [
        f"dates on {score.corpus}: {score.documents} documents",
        f"{'':<26}{'P':>6}{'R':>8}{'F1':>7}{'right':>7}{'ours':>8}{'gold':>7}  anchor",
        row("calendar-date value", score.value, f"HeidelTime ~{HEIDELTIME_VALUE_F1:.2f} value F1"),
    ]
    if score.confident is not None:
        lines.append(
            row(f"  confidence >= {score.threshold:.2f}", score.confident, "what a timeline shows")
        )
    lines += [
        row("detection, relaxed", score.relaxed),
        row("detection, strict", score.strict),
    ]
    if score.by_confidence:
        lines.append("calendar-date precision by confidence (right / claims):")
        for level, (right, claimed) in sorted(score.by_confidence.items(), reverse=True):
            share = right / claimed if claimed else 1.0
            lines.append(f"  {level:.2f}{share:>8.3f}{right:>7}{claimed:>8}")
    return "\n".join(lines)
