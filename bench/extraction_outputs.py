"""What extraction gives besides body text, for checking that a change to it leaves it alone.

Run from anywhere: `python bench/extraction_outputs.py OUT.jsonl`. Writes one JSON line per
input (every document of the demo corpus, every page of article-extraction-benchmark and of
extraction-dev): its drafts' titles, authors, dates, URLs, outlets, datelines, wire services,
lead images and teaser stubs, and a hash of each body. Run it before and after a change and
compare with `--against BEFORE.jsonl`, which prints how many inputs differ in each field
(`body_sha1` apart from the rest: a change to the body rules is meant to change that one).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from newsdesk.errors import IngestError
from newsdesk.eval.extraction import read_labelled_pages
from newsdesk.extract import extract_document
from newsdesk.extract.html import extract_html
from newsdesk.ingest.files import collect_files, read_inputs
from newsdesk.types import ArticleDraft, IngestHints

REPO = Path(__file__).resolve().parents[1]
DEMO_ARTICLES = REPO / "src" / "newsdesk" / "demo" / "articles"
LABELLED_SETS = [
    REPO.parent / "shared" / "data" / "article-extraction-benchmark",
    REPO.parent / "shared" / "data" / "extraction-dev",
]
# Plenty for the demo's files; the default of Settings would refuse none of them either.
MAX_BYTES = 50_000_000


def _draft_record(draft: ArticleDraft) -> dict[str, object]:
    return {
        "title": draft.title,
        "author": draft.author,
        "published_at": draft.published_at.isoformat() if draft.published_at else None,
        "url": draft.url,
        "outlet": draft.outlet,
        "dateline": draft.dateline,
        "wire_service": draft.wire_service,
        "image_url": draft.image_url,
        "stub": draft.is_stub,
        # Stubs' texts are teasers, not body text: they must stay as they were.
        "text": draft.text if draft.is_stub else None,
        "body_sha1": hashlib.sha1(draft.text.encode()).hexdigest(),
    }


def _outputs(drafts_or_error: list[ArticleDraft] | IngestError) -> dict[str, object]:
    if isinstance(drafts_or_error, IngestError):
        return {"error": str(drafts_or_error)}
    return {"drafts": [_draft_record(draft) for draft in drafts_or_error]}


def extraction_outputs() -> Iterator[dict[str, object]]:
    """One record per input: its name and what extraction made of it."""
    for path in collect_files([DEMO_ARTICLES]).files:
        for item in read_inputs(path, IngestHints(), MAX_BYTES):
            if item.document is None:
                continue
            try:
                result: list[ArticleDraft] | IngestError = extract_document(item.document)
            except IngestError as error:
                result = error
            yield {"input": f"demo:{item.origin}", **_outputs(result)}
    for folder in LABELLED_SETS:
        for page in read_labelled_pages(folder):
            try:
                result = extract_html(page.html, IngestHints())
            except IngestError as error:
                result = error
            yield {"input": f"{page.dataset}:{page.page_id}", **_outputs(result)}


def compare(before: Path, after: Path) -> None:
    """How many inputs differ between two runs, field by field (`body_sha1` for body texts)."""
    old = {row["input"]: row for row in map(json.loads, before.open(encoding="utf-8"))}
    new = {row["input"]: row for row in map(json.loads, after.open(encoding="utf-8"))}
    differences: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for name in old.keys() | new.keys():
        a, b = old.get(name, {}), new.get(name, {})
        if "error" in a or "error" in b or len(a.get("drafts", [])) != len(b.get("drafts", [])):
            if a != b:
                differences["error or number of drafts"] += 1
                examples.setdefault("error or number of drafts", name)
            continue
        fields = set()
        for da, db in zip(a["drafts"], b["drafts"], strict=True):
            fields |= {key for key in da.keys() | db.keys() if da.get(key) != db.get(key)}
        for key in fields:
            differences[key] += 1
            examples.setdefault(key, name)
    print(f"{len(old)} inputs before, {len(new)} after")
    if not differences:
        print("no differences")
    for key, count in sorted(differences.items()):
        print(f"{key}: {count} inputs differ (e.g. {examples[key]})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the JSON lines")
    parser.add_argument("--against", type=Path, help="an earlier run's file to compare with")
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as out:
        count = 0
        for record in extraction_outputs():
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    print(f"{count} inputs written to {args.out}")
    if args.against:
        compare(args.against, args.out)


if __name__ == "__main__":
    main()
