"""Files and folders on disk to raw documents, splitting JSONL and WARC into records."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsdesk.errors import IngestError
from newsdesk.extract.dates import parse_datetime
from newsdesk.types import FEED, HTML, JSONL_RECORD, TEXT, IngestHints, RawDocument

# Single-document formats by file suffix; containers (JSONL, WARC) are split below.
_SUFFIX_TYPES = {
    ".txt": TEXT,
    ".text": TEXT,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".xml": FEED,
    ".rss": FEED,
    ".atom": FEED,
    ".json": FEED,
}
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_WARC_SUFFIXES = (".warc", ".warc.gz")
_ARC_SUFFIXES = (".arc", ".arc.gz")
SUPPORTED_SUFFIXES = (*_SUFFIX_TYPES, *_JSONL_SUFFIXES, *_WARC_SUFFIXES)


@dataclass(frozen=True)
class InputItem:
    """One document read from disk, or the reason it was refused before extraction.

    `document` is None only when nothing could be read (a missing path); a refused
    but readable input keeps its document (possibly without payload) and `error`.
    `warning` is a caveat a user should hear of (a truncated WARC record); an item with
    neither document nor error carries only that.
    """

    origin: str
    document: RawDocument | None
    error: IngestError | None = None
    sha256: str | None = None
    warning: str | None = None


@dataclass
class FoundFiles:
    """What `collect_files` found: the files to read, the paths that do not exist, and the
    files inside folders that are passed over (each with why)."""

    files: list[Path] = field(default_factory=list)
    missing: list[IngestError] = field(default_factory=list)
    skipped: list[IngestError] = field(default_factory=list)


def collect_files(paths: list[Path]) -> FoundFiles:
    """Every supported file under `paths` (folders recursively, sorted), the missing paths,
    and the unsupported files met in folders. Hidden files and folders are passed over."""
    found = FoundFiles()
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in candidate.relative_to(path).parts)
                if hidden or not candidate.is_file():
                    continue
                if _is_supported(candidate):
                    found.files.append(candidate)
                else:
                    reason = f"skipped: {_unsupported_reason(candidate)}"
                    found.skipped.append(IngestError(str(candidate), reason))
        elif path.is_file():
            found.files.append(path)
        else:
            found.missing.append(IngestError(str(path), "no such file or folder"))
    return found


def read_inputs(path: Path, hints: IngestHints, max_bytes: int) -> Iterator[InputItem]:
    """The raw documents in one file: one for most formats, one per record for JSONL and WARC."""
    origin = str(path)
    name = path.name.lower()
    try:
        size = path.stat().st_size
        if name.endswith(_JSONL_SUFFIXES):
            yield from _jsonl_records(path, hints, max_bytes)
            return
        if name.endswith(_WARC_SUFFIXES):
            yield from _warc_records(path, hints, max_bytes)
            return
        content_type = _SUFFIX_TYPES.get(path.suffix.lower())
        if content_type is None:
            yield InputItem(origin, None, IngestError(origin, _unsupported_reason(path)))
            return
        if size > max_bytes:
            yield _oversize_item(path, content_type, hints, size, max_bytes)
            return
        payload = path.read_bytes()
    except OSError as error:
        yield InputItem(origin, None, IngestError(origin, f"cannot read it: {error.strerror}"))
        return
    yield InputItem(
        origin, RawDocument(payload, origin, content_type, _with_capture_time(hints, path))
    )


def sha256_of(payload: bytes) -> str:
    """The hex SHA-256 that identifies a raw document."""
    return hashlib.sha256(payload).hexdigest()


def _is_supported(path: Path) -> bool:
    return path.name.lower().endswith(SUPPORTED_SUFFIXES) and not path.name.startswith(".")


def _unsupported_reason(path: Path) -> str:
    if path.name.lower().endswith(_ARC_SUFFIXES):
        return (
            "ARC (the older web archive format) is not read; convert it to WARC first, "
            "e.g. `warcio recompress crawl.arc.gz crawl.warc.gz`"
        )
    known = ", ".join(SUPPORTED_SUFFIXES)
    return f"unsupported file type {path.suffix or '(none)'!r}; newsdesk reads {known}"


def _with_capture_time(hints: IngestHints, path: Path) -> IngestHints:
    # A saved page's teaser times ("3 hours ago") count back from when it was saved:
    # the user's word for that, else the publication date given, else the file's mtime.
    if hints.captured_at or hints.published:
        return hints
    modified = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    return replace(hints, captured_at=modified)


def _oversize_item(
    path: Path, content_type: str, hints: IngestHints, size: int, max_bytes: int
) -> InputItem:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    origin = str(path)
    reason = (
        f"too large: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.1f} MB limit "
        "(raise NEWSDESK_MAX_INPUT_BYTES to accept it)"
    )
    document = RawDocument(b"", origin, content_type, hints)
    return InputItem(origin, document, IngestError(origin, reason), sha256=digest.hexdigest())


def _jsonl_records(path: Path, hints: IngestHints, max_bytes: int) -> Iterator[InputItem]:
    found = 0
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            found += 1
            origin = f"{path}:{number}"
            document = RawDocument(line.rstrip(b"\r\n"), origin, JSONL_RECORD, hints)
            if len(line) > max_bytes:
                reason = f"line too large: {len(line) / 1e6:.1f} MB is over the limit"
                yield InputItem(origin, document, IngestError(origin, reason))
            else:
                yield InputItem(origin, document)
    if found == 0:
        origin = str(path)
        yield InputItem(origin, None, IngestError(origin, "no documents in it (the file is empty)"))


def _warc_records(path: Path, hints: IngestHints, max_bytes: int) -> Iterator[InputItem]:
    origin = str(path)
    found = 0
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if record.rec_type != "response" or not _is_html_response(record):
                    continue
                found += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                record_origin = f"{path}#{url}"
                payload = record.content_stream().read(max_bytes + 1)
                captured = parse_datetime(record.rec_headers.get_header("WARC-Date"))
                record_hints = replace(hints, url=hints.url or url, captured_at=captured)
                document = RawDocument(payload[:max_bytes], record_origin, HTML, record_hints)
                if len(payload) > max_bytes:
                    reason = f"record too large: over the {max_bytes / 1e6:.1f} MB limit"
                    yield InputItem(record_origin, document, IngestError(record_origin, reason))
                elif getattr(record.raw_stream, "limit", 0) > 0:
                    # warcio hands out a cut record's bytes as if whole: the block it
                    # announced is not all there. What there is is kept, and said so.
                    warning = (
                        f"{path}: truncated: its last record is cut short; what there is was kept"
                    )
                    yield InputItem(record_origin, document, warning=warning)
                else:
                    yield InputItem(record_origin, document)
            # A cut gzip member ends the iteration early and silently: bytes are left over.
            if records.offset < path.stat().st_size:
                left = path.stat().st_size - records.offset
                warning = f"{path}: truncated: the last {left} bytes are no whole WARC record"
                yield InputItem(origin, None, warning=warning)
    except (ArchiveLoadFailed, gzip.BadGzipFile, EOFError, ValueError) as error:
        reason = f"unreadable WARC after {found} records: {error}"
        yield InputItem(origin, None, IngestError(origin, reason))
        return
    except Exception as error:
        # warcio raises what it meets in some cut records (an AttributeError, for one).
        reason = f"unreadable WARC after {found} records: {type(error).__name__}: {error}"
        yield InputItem(origin, None, IngestError(origin, reason))
        return
    if found == 0:
        yield InputItem(origin, None, IngestError(origin, "the WARC holds no HTML responses"))


def _is_html_response(record: object) -> bool:
    http_headers = getattr(record, "http_headers", None)
    if http_headers is None:
        return False
    content_type = http_headers.get_header("Content-Type") or ""
    return "html" in content_type.lower()
