"""Reading files and folders into raw documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.config import DEFAULT_MAX_INPUT_BYTES
from newsdesk.ingest.files import collect_files, read_inputs
from newsdesk.types import FEED, HTML, JSONL_RECORD, TEXT, IngestHints


def test_folders_are_walked_recursively_in_order_and_unknown_types_named_as_skipped(
    tmp_path: Path,
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.html").write_text("<p>x</p>")
    (tmp_path / "one.txt").write_text("x")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "crawl.arc.gz").write_bytes(b"\x1f\x8b")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("x")
    found = collect_files([tmp_path, tmp_path / "nope"])
    assert [f.relative_to(tmp_path).as_posix() for f in found.files] == ["b/two.html", "one.txt"]
    assert [e.origin for e in found.missing] == [str(tmp_path / "nope")]
    skipped = {Path(e.origin).name: e.reason for e in found.skipped}
    assert set(skipped) == {"crawl.arc.gz", "photo.jpg"}
    assert "ARC" in skipped["crawl.arc.gz"] and "warcio recompress" in skipped["crawl.arc.gz"]
    assert "unsupported file type '.jpg'" in skipped["photo.jpg"]


def test_a_named_file_of_unknown_type_is_refused_by_name(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff")
    [item] = read_inputs(photo, IngestHints(), DEFAULT_MAX_INPUT_BYTES)
    assert item.document is None
    assert "unsupported file type '.jpg'" in str(item.error)


def test_jsonl_lines_become_documents_named_by_line(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text(
        json.dumps({"title": "a", "text": "b"}) + "\n\n" + json.dumps({"title": "c"}) + "\n"
    )
    items = list(read_inputs(export, IngestHints(), DEFAULT_MAX_INPUT_BYTES))
    assert [i.origin for i in items] == [f"{export}:1", f"{export}:3"]
    assert all(i.document and i.document.content_type == JSONL_RECORD for i in items)


def test_a_50_mb_page_is_refused_without_reading_it_into_memory(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    with page.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    [item] = read_inputs(page, IngestHints(), DEFAULT_MAX_INPUT_BYTES)
    assert item.document is not None and item.document.payload == b""
    assert item.document.content_type == HTML
    assert "too large: 52.4 MB is over the 21.0 MB limit" in str(item.error)
    assert item.sha256 is not None and len(item.sha256) == 64


def test_bare_text_gets_its_capture_time_from_the_file(tmp_path: Path) -> None:
    capture = tmp_path / "capture.txt"
    capture.write_text("Headline\n\nBody.\n")
    [item] = read_inputs(capture, IngestHints(), DEFAULT_MAX_INPUT_BYTES)
    assert item.document is not None and item.document.content_type == TEXT
    assert item.document.hints.captured_at is not None


def test_a_corrupt_warc_is_an_error_naming_it(tmp_path: Path) -> None:
    warc = tmp_path / "broken.warc.gz"
    warc.write_bytes(b"\x1f\x8b\x08\x00garbage that is not gzip")
    items = list(read_inputs(warc, IngestHints(), DEFAULT_MAX_INPUT_BYTES))
    assert len(items) == 1 and items[0].document is None
    assert str(items[0].error).startswith(str(warc))


def test_an_empty_jsonl_file_says_it_holds_no_documents(tmp_path: Path) -> None:
    for name, content in (("empty.jsonl", b""), ("blank.ndjson", b"\n  \n\r\n")):
        export = tmp_path / name
        export.write_bytes(content)
        [item] = read_inputs(export, IngestHints(), DEFAULT_MAX_INPUT_BYTES)
        assert item.document is None
        assert str(item.error) == f"{export}: no documents in it (the file is empty)"


def _warc(*bodies: bytes, gzip: bool) -> bytes:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for number, body in enumerate(bodies):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://port.example/{number}", "response", payload=io.BytesIO(body),
            http_headers=http,
        )  # fmt: skip
        writer.write_record(record)
    return buffer.getvalue()


def _page(number: int) -> bytes:
    return f"<html><body><h1>Story {number}</h1><p>{'words ' * 150}</p></body></html>".encode()


def test_a_whole_warc_gives_every_record_and_no_warning(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc"
    warc.write_bytes(_warc(_page(0), _page(1), gzip=False))
    items = list(read_inputs(warc, IngestHints(), DEFAULT_MAX_INPUT_BYTES))
    assert [i.origin for i in items] == [f"{warc}#https://port.example/{n}" for n in (0, 1)]
    assert all(i.error is None and i.warning is None for i in items)


@pytest.mark.parametrize(("gzip", "cut"), [(False, 50), (True, 30), (True, 150)])
def test_a_truncated_last_warc_record_is_warned_of_by_file(
    tmp_path: Path, gzip: bool, cut: int
) -> None:
    whole = _warc(_page(0), _page(1), gzip=gzip)
    warc = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    warc.write_bytes(whole[:-cut])
    items = list(read_inputs(warc, IngestHints(), DEFAULT_MAX_INPUT_BYTES))
    assert items[0].document is not None and items[0].warning is None
    warnings = [i.warning for i in items if i.warning]
    assert len(warnings) == 1 and "truncated" in warnings[0]
    assert all(i.error is None for i in items)
    assert str(warc) in (items[-1].origin)


def test_an_unforeseen_error_inside_a_warc_is_that_files_error(tmp_path: Path) -> None:
    whole = _warc(_page(0), _page(1), gzip=True)
    warc = tmp_path / "crawl.warc.gz"
    # Cut inside the second record's gzip header: warcio itself raises AttributeError here.
    first_member = whole.index(b"\x1f\x8b", 10)
    warc.write_bytes(whole[: first_member + 90])
    items = list(read_inputs(warc, IngestHints(), DEFAULT_MAX_INPUT_BYTES))
    assert items[0].document is not None
    assert items[-1].document is None and str(items[-1].error).startswith(f"{warc}: ")


def test_a_json_feed_file_is_read_as_a_feed(tmp_path: Path) -> None:
    feed = tmp_path / "wire.json"
    feed.write_text('{"items": []}')
    [item] = read_inputs(feed, IngestHints(), DEFAULT_MAX_INPUT_BYTES)
    assert item.document is not None and item.document.content_type == FEED
