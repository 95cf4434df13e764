"""Reading files and folders into raw documents."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.config import DEFAULT_MAX_INPUT_BYTES
from newsdesk.ingest.files import collect_files, read_inputs
from newsdesk.types import HTML, JSONL_RECORD, TEXT, IngestHints


def test_folders_are_walked_recursively_in_order_and_unknown_types_left_out(
    tmp_path: Path,
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.html").write_text("<p>x</p>")
    (tmp_path / "one.txt").write_text("x")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / ".hidden.txt").write_text("x")
    files, missing = collect_files([tmp_path, tmp_path / "nope"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["b/two.html", "one.txt"]
    assert [e.origin for e in missing] == [str(tmp_path / "nope")]


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
