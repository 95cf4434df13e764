"""The benches' generated corpus: demo-like files that are no copies and read as articles."""

from __future__ import annotations

from pathlib import Path

from newsdesk.extract import extract_document
from newsdesk.ingest.files import read_inputs, sha256_of
from newsdesk.testing.corpus import demo_articles, write_demo_like
from newsdesk.types import IngestHints


def test_generated_files_are_no_copies_and_read_as_dated_articles(tmp_path: Path) -> None:
    count = 2 * len(demo_articles()) + 3  # every demo article varied at least twice
    paths = write_demo_like(tmp_path / "a", count) + write_demo_like(tmp_path / "b", 5, first=count)
    payloads = [p.read_bytes() for p in paths]
    assert len({sha256_of(p) for p in payloads}) == len(paths)
    # Varied, not only re-dated: the bodies of one demo article's variants differ too.
    bodies = {p.split(b"\n\n", 1)[1] for p in payloads[:: len(demo_articles())]}
    assert len(bodies) == len(payloads[:: len(demo_articles())])
    for path in paths[:3] + paths[-2:]:
        [item] = read_inputs(path, IngestHints(), 1_000_000)
        assert item.document is not None
        [draft] = extract_document(item.document)
        assert draft.published_at is not None
        assert draft.title == path.read_text(encoding="utf-8").splitlines()[0]
        assert len(draft.text.split()) > 60
