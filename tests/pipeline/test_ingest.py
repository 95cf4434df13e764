"""Ingest and reprocess over real files into real stores (SQLite and PostgreSQL)."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.config import Settings
from newsdesk.extract.dates import parse_datetime
from newsdesk.pipeline import IngestReport, ingest_paths, reprocess
from newsdesk.store.db import Store
from newsdesk.store.documents import decompress
from newsdesk.store.models import Article, Document
from newsdesk.types import IngestHints
from tests.conftest import FIXTURES, SEEDS

INPUTS = FIXTURES / "inputs"

HEADLINE_003 = (
    "Russia warns U.S., South Korea and Japan against forming security alliance "
    "targeting North Korea"
)


def _ingest(
    store: Store, settings: Settings, *paths: Path, source: str | None = None, published: str = ""
) -> IngestReport:
    hints = IngestHints(source=source, published=parse_datetime(published))
    return ingest_paths(store, list(paths), hints, settings)


def _documents(store: Store) -> list[Document]:
    with store.session() as session:
        return list(session.scalars(select(Document).order_by(Document.id)))


def _articles(store: Store) -> list[Article]:
    with store.session() as session:
        return list(session.scalars(select(Article).order_by(Article.id)))


def test_seed_capture_comes_apart_into_article_and_stubs(store: Store, settings: Settings) -> None:
    report = _ingest(store, settings, SEEDS / "003_53dc6bc4e3217d5a.txt")
    assert (report.new, report.failed, report.articles, report.stubs) == (1, 0, 1, 3)
    main, *stubs = _articles(store)
    assert main.title == HEADLINE_003
    assert main.dateline == "SEOUL"
    assert "No comments yet" not in main.text and "Related Articles" not in main.text
    assert [s.outlet.name for s in stubs] == ["The Mainichi", "Nikkei Asia", "Japan Today"]
    assert all(s.is_stub and s.found_on_id == main.id for s in stubs)


def test_raw_bytes_are_kept_and_the_same_bytes_twice_are_one_document(
    store: Store, settings: Settings
) -> None:
    seed = SEEDS / "000_6097e309b78d2792.txt"
    first = _ingest(store, settings, seed, published="2024-01-17")
    second = _ingest(store, settings, seed, published="2024-01-17")
    assert (first.new, first.duplicate) == (1, 0)
    assert (second.new, second.duplicate) == (0, 1)
    [document] = _documents(store)
    assert decompress(document.payload) == seed.read_bytes()
    assert document.size == seed.stat().st_size
    assert document.origin == str(seed)
    assert document.content_type == "text/plain"
    assert document.status == "extracted"
    assert len(document.sha256) == 64
    [article] = _articles(store)
    assert article.published_at is not None and article.published_at.year == 2024


def test_reprocess_updates_articles_in_place(store: Store, settings: Settings) -> None:
    _ingest(store, settings, SEEDS / "003_53dc6bc4e3217d5a.txt")
    before = {(a.id, a.ordinal) for a in _articles(store)}
    with store.session() as session:
        main = session.scalar(select(Article).where(Article.ordinal == 0))
        main.text = "damaged by an old extractor"
    report = reprocess(store, settings)
    assert (report.documents, report.articles, report.stubs, report.failed) == (1, 1, 3, 0)
    after = _articles(store)
    assert {(a.id, a.ordinal) for a in after} == before
    assert after[0].text.startswith("Russia's foreign minister warned")


def test_bad_inputs_fail_one_by_one_and_the_rest_is_ingested(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "junk.html").write_bytes(bytes(range(256)) * 40)
    (inputs / "huge.html").write_bytes(
        b"<p>" + b"word " * (settings.max_input_bytes // 4) + b"</p>"
    )
    (inputs / "truncated.xml").write_bytes(b"<?xml version='1.0'?><rss><channel><title>T</tit")
    (inputs / "page.html").write_bytes(b"<html><body><p>Not a feed at all.</p></body></html>")
    lines = [
        json.dumps({"title": "First record", "text": "A body of the first record."}),
        "{not json",
        json.dumps({"title": "No body"}),
        json.dumps({"title": "Third record", "text": "A body of the third record."}),
    ]
    (inputs / "export.jsonl").write_text("\n".join(lines) + "\n")
    page = (INPUTS / "harbour.html").read_text()
    (inputs / "truncated.html").write_text(page[: page.index("Ferries") + 20])
    good = inputs / "good.txt"
    good.write_text("A good headline\n\nA first paragraph that says something useful.\n")
    missing = tmp_path / "missing.txt"

    report = _ingest(store, settings, inputs, missing)

    errors = "\n".join(report.errors)
    assert f"{missing}: no such file or folder" in errors
    assert f"{inputs / 'empty.txt'}: the input is empty" in errors
    assert f"{inputs / 'junk.html'}: binary data" in errors
    assert f"{inputs / 'huge.html'}: too large" in errors
    assert f"{inputs / 'export.jsonl'}:2: not valid JSON" in errors
    assert f"{inputs / 'export.jsonl'}:3: the record has no `text` or `html`" in errors
    assert str(inputs / "truncated.xml") in errors
    titles = {a.title for a in _articles(store)}
    assert {"A good headline", "First record", "Third record", "Harbour reopens"} <= titles
    failed = {d.origin: d for d in _documents(store) if d.status == "failed"}
    assert failed[str(inputs / "empty.txt")].error == "the input is empty"
    assert failed[str(inputs / "huge.html")].payload is None
    assert failed[str(inputs / "junk.html")].payload is not None
    assert str(missing) not in failed
    assert report.failed == len(report.errors) >= 7


def test_undeclared_legacy_encodings_are_detected(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    for name, encoding in (("russian", "cp1251"), ("japanese", "shift_jis")):
        text = (INPUTS / f"{name}.txt.utf8").read_text(encoding="utf-8")
        (tmp_path / f"{name}.txt").write_bytes(text.encode(encoding))
    report = _ingest(store, settings, tmp_path)
    assert report.failed == 0
    titles = {a.title for a in _articles(store)}
    assert titles == {"Лавров встретился с министром", "ラブロフ外相が会談"}
    assert any("decoded as" in w for w in report.warnings)


def test_failed_input_does_not_harm_what_is_stored(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    _ingest(store, settings, SEEDS / "003_53dc6bc4e3217d5a.txt")
    before = [(a.id, a.title, a.text) for a in _articles(store)]
    (tmp_path / "bad.html").write_bytes(b"\x00\x01\x02" * 100)
    report = _ingest(store, settings, tmp_path / "bad.html")
    assert report.failed == 1
    assert [(a.id, a.title, a.text) for a in _articles(store)] == before


def test_jsonl_feeds_and_warc(store: Store, settings: Settings, tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    for name in ("example-feed.json", "eastbridge.rss", "records.jsonl"):
        shutil.copy(INPUTS / name, tmp_path / name)
    http_headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    with (tmp_path / "crawl.warc.gz").open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        page = io.BytesIO((INPUTS / "harbour.html").read_bytes())
        record = writer.create_warc_record(
            "https://example.org/harbour", "response", payload=page, http_headers=http_headers
        )
        writer.write_record(record)
    report = _ingest(store, settings, tmp_path)
    assert report.failed == 0, report.errors
    by_title = {a.title: a for a in _articles(store)}
    assert by_title["Harbour reopens"].url == "https://example.org/harbour"
    assert "Ferries resumed" in by_title["Harbour reopens"].text
    assert by_title["Item B"].text == "Text of item B."
    assert by_title["Item A"].outlet.name == "Example Wire"
    assert by_title["Full entry"].text == "The whole story, paragraph one.\n\nParagraph two."
    assert by_title["Full entry"].published_at.isoformat() == "2024-01-16T09:00:00+00:00"
    assert by_title["From JSONL"].outlet.name == "Gulf Ledger"
    assert by_title["From JSONL"].text == "Body from html."
    assert gzip.decompress((tmp_path / "crawl.warc.gz").read_bytes())  # the WARC itself is intact


@pytest.mark.parametrize("name", ["000_6097e309b78d2792.txt"])
def test_source_and_published_options_fill_what_text_lacks(
    store: Store, settings: Settings, name: str
) -> None:
    _ingest(store, settings, SEEDS / name, source="Kanto Wire", published="2024-01-17")
    [article] = _articles(store)
    assert article.outlet.name == "Kanto Wire"
    assert article.published_at.date().isoformat() == "2024-01-17"
    with store.session() as session:
        assert session.scalar(select(func.count(Document.id))) == 1


def test_a_document_sent_again_finishes_what_a_killed_request_left(store, settings) -> None:
    from newsdesk.pipeline.ingest import ingest_document
    from newsdesk.types import TEXT, RawDocument

    raw = RawDocument(
        b"Harbour cranes stand idle\n\nDock workers at the port stopped work on Monday over "
        b"pay, their union said, and the cranes stood idle all day.\n",
        "api:cranes",
        TEXT,
        IngestHints(source="Port Gazette"),
    )
    # A request killed after the document was stored: nothing enriched, nothing grouped.
    first = ingest_document(store, raw, settings, enrich=False)
    assert first.report.new == 1 and first.article_ids
    with store.session() as session:
        stored = session.get_one(Article, first.article_ids[0])
        assert stored.enriched_at is None and stored.story_id is None
    again = ingest_document(store, raw, settings)
    assert again.report.duplicate == 1 and again.report.enriched == 1
    with store.session() as session:
        stored = session.get_one(Article, first.article_ids[0])
        assert stored.enriched_at is not None and stored.story_id is not None
    third = ingest_document(store, raw, settings)
    assert third.report.duplicate == 1 and third.report.enriched == 0


# --- One bad input never stops a batch (issue 14). -----------------------------------


def _story(folder: Path, name: str, headline: str) -> Path:
    path = folder / name
    path.write_text(f"{headline}\n\nA first paragraph about the harbour, long enough to read.\n")
    return path


def test_a_json_feed_with_wrong_typed_fields_among_other_files_is_read(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    items = [
        {"id": "1", "title": 3, "content_text": 4, "authors": 5},
        {"id": "2", "title": "Wire story", "content_text": "The wire says the harbour reopened.",
         "date_published": 1_700_000_000, "authors": 7},
    ]  # fmt: skip
    feed = {"title": 5, "hubs": 3, "items": items, "version": "https://jsonfeed.org/version/1.1"}
    (tmp_path / "a-wire.json").write_text(json.dumps(feed))
    _story(tmp_path, "b-later.txt", "A later file is read too")
    report = _ingest(store, settings, tmp_path)
    assert (report.failed, report.new) == (0, 2)
    assert any(f"{tmp_path / 'a-wire.json'}: item 0 skipped" in w for w in report.warnings)
    assert {a.title for a in _articles(store)} == {"Wire story", "A later file is read too"}
    assert report.enriched == 2


def test_an_unforeseen_extraction_error_is_that_inputs_and_a_rerun_retries_it(
    store: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.pipeline import ingest as pipeline_ingest

    first = _story(tmp_path, "a.txt", "The first story stands")
    bad = _story(tmp_path, "b.txt", "The story that breaks the extractor")
    last = _story(tmp_path, "c.txt", "The last story stands")
    real = pipeline_ingest.extract_document

    def breaks_on_b(raw):  # type: ignore[no-untyped-def]
        if raw.origin == str(bad):
            raise AttributeError("'int' object has no attribute 'strip'")
        return real(raw)

    monkeypatch.setattr(pipeline_ingest, "extract_document", breaks_on_b)
    report = _ingest(store, settings, tmp_path)
    assert report.errors == [
        f"{bad}: extraction failed: AttributeError: 'int' object has no attribute 'strip'"
    ]
    assert (report.failed, report.new, report.articles, report.enriched) == (1, 2, 2, 2)
    failed = {d.origin: d for d in _documents(store) if d.status == "failed"}
    assert list(failed) == [str(bad)] and failed[str(bad)].payload is not None
    assert {a.title for a in _articles(store)} == {first.read_text().split("\n")[0],
                                                    last.read_text().split("\n")[0]}  # fmt: skip

    monkeypatch.setattr(pipeline_ingest, "extract_document", real)
    again = _ingest(store, settings, tmp_path)
    assert (again.failed, again.new, again.duplicate, again.articles) == (0, 0, 3, 1)
    assert all(d.status == "extracted" for d in _documents(store))
    assert all(a.enriched_at is not None for a in _articles(store))


def test_an_unforeseen_storage_error_leaves_nothing_half_stored(
    store: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.pipeline import ingest as pipeline_ingest

    _story(tmp_path, "a.txt", "The first story stands")
    bad = _story(tmp_path, "b.txt", "The story the store refuses")
    real = pipeline_ingest.save_articles

    def refuses_b(session, document, drafts):  # type: ignore[no-untyped-def]
        if document.origin == str(bad):
            raise RuntimeError("disk full")
        return real(session, document, drafts)

    monkeypatch.setattr(pipeline_ingest, "save_articles", refuses_b)
    report = _ingest(store, settings, tmp_path)
    assert report.errors == [f"{bad}: cannot store it: RuntimeError: disk full"]
    assert [d.origin for d in _documents(store)] == [str(tmp_path / "a.txt")]
    monkeypatch.setattr(pipeline_ingest, "save_articles", real)
    again = _ingest(store, settings, tmp_path)
    assert (again.failed, again.new, again.duplicate) == (0, 1, 1)


def test_a_reader_that_breaks_mid_file_costs_that_file_only(
    store: Store, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.pipeline import ingest as pipeline_ingest

    bad = _story(tmp_path, "a.txt", "A file the reader chokes on")
    _story(tmp_path, "b.txt", "A file read well")
    real = pipeline_ingest.read_inputs

    def chokes(path, hints, max_bytes):  # type: ignore[no-untyped-def]
        if path == bad:
            raise KeyError("offset")
        yield from real(path, hints, max_bytes)

    monkeypatch.setattr(pipeline_ingest, "read_inputs", chokes)
    report = _ingest(store, settings, tmp_path)
    assert report.errors == [f"{bad}: cannot read it: KeyError: 'offset'"]
    assert (report.files, report.new) == (2, 1)


def test_empty_jsonl_truncated_warc_and_passed_over_files_are_each_named(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "inputs"  # not tmp_path itself: the SQLite store lives there
    folder.mkdir()
    (folder / "empty.jsonl").write_bytes(b"")
    (folder / "crawl.arc.gz").write_bytes(b"\x1f\x8b\x08\x00")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    html = (INPUTS / "harbour.html").read_bytes()
    warc = io.BytesIO()
    writer = WARCWriter(warc, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    for n in range(2):
        writer.write_record(writer.create_warc_record(
            f"https://harbour.example/{n}", "response", payload=io.BytesIO(html),
            http_headers=http,
        ))  # fmt: skip
    (folder / "crawl.warc").write_bytes(warc.getvalue()[:-400])
    report = _ingest(store, settings, folder)
    assert report.errors == [f"{folder / 'empty.jsonl'}: no documents in it (the file is empty)"]
    warnings = "\n".join(report.warnings)
    assert f"{folder / 'crawl.warc'}: truncated: " in warnings
    assert f"{folder / 'crawl.arc.gz'}: skipped: ARC" in warnings
    assert f"{folder / 'notes.docx'}: skipped: unsupported file type '.docx'" in warnings
    assert report.skipped == 2 and report.files == 2


def test_link_only_feed_entries_are_stored_as_stubs(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    lead = "The harbour reopened on Monday after a week of storms. " * 5
    (tmp_path / "wire.rss").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Harbour Wire</title>"
        f"<item><title>Harbour reopens</title><description>{lead}</description></item>"
        "<item><title>Ferries return</title><link>https://wire.example/ferries</link></item>"
        "</channel></rss>"
    )
    report = _ingest(store, settings, tmp_path)
    assert (report.failed, report.articles, report.stubs, report.enrich_failed) == (0, 1, 1, 0)
    stub = next(a for a in _articles(store) if a.is_stub)
    assert (stub.title, stub.url, stub.outlet.name) == (
        "Ferries return", "https://wire.example/ferries", "Harbour Wire"
    )  # fmt: skip


def test_a_rerun_finishes_the_nlp_a_broken_run_left_undone(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    _story(folder, "a.txt", "A story stored before the run broke")
    # A run that stopped after storing (as a crash mid-batch did): nothing enriched.
    ingest_paths(store, [folder], IngestHints(), settings, enrich=False)
    assert all(a.enriched_at is None for a in _articles(store))
    _story(folder, "b.txt", "A story the rerun brings")
    again = _ingest(store, settings, folder)
    assert (again.new, again.duplicate, again.enriched) == (1, 1, 2)
    assert all(a.enriched_at is not None and a.grouped_at is not None for a in _articles(store))
