"""The bundled demo corpus: written by the newsdesk team, labelled in `labels.json`."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from newsdesk.extract.dates import parse_datetime
from newsdesk.types import IngestHints

DEMO_DIR = Path(__file__).parent
ARTICLES_DIR = DEMO_DIR / "articles"
LABELS_PATH = DEMO_DIR / "labels.json"
# An article's label names its language when it is not English.
ENGLISH = "en"


@cache
def load_labels() -> dict[str, Any]:
    """The demo corpus labels: per-file ingest hints, stories, and per-article truth."""
    return json.loads(LABELS_PATH.read_text(encoding="utf-8"))


def in_english(label: dict[str, Any]) -> bool:
    """Whether a labelled demo article is in English (its label names any other language)."""
    return label.get("language", ENGLISH) == ENGLISH


def demo_hints(path: Path) -> IngestHints:
    """What a demo file cannot say itself (outlet, dates of bare text), from `labels.json`."""
    relative = path.resolve().relative_to(DEMO_DIR.resolve()).as_posix()
    entry = load_labels().get("files", {}).get(relative, {})
    return IngestHints(
        source=entry.get("source"),
        published=parse_datetime(entry.get("published")),
        captured_at=parse_datetime(entry.get("captured_at")),
        url=entry.get("url"),
    )
