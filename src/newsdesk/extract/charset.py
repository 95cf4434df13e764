"""Raw bytes to text: declared charsets first, then detection; binary junk refused."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from newsdesk.errors import IngestError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
# Text never carries these C0 controls (NUL among them); a payload full of them is an
# image, a zip, junk. A few are a sloppy CMS's padding, not a reason to lose the page.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
MAX_CONTROL_SHARE = 0.05
# What the text keeps of the C0 controls: tab and line ends (PostgreSQL refuses NUL in
# text, lxml every control XML does not allow); a page break becomes a line break.
_DROP_CONTROLS: dict[int, str | None] = {
    code: None for code in range(32) if code not in (9, 10, 13)
} | {11: "\n", 12: "\n"}
# Files that start like this are images, documents or archives, whatever their bytes after.
_BINARY_SIGNATURES = (
    b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b",
    b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"\x7fELF", b"RIFF", b"OggS", b"\x00\x00\x01\x00",
)  # fmt: skip
# UTF-16 without a BOM: one byte of each pair NUL in nearly every pair of ASCII-range text.
UTF16_NUL_SHARE = 0.9


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from bytes, the encoding used, and whether it had to be guessed."""

    text: str
    encoding: str
    guessed: bool


def declared_charset(payload: bytes) -> str | None:
    """The charset an HTML `<meta>` or XML declaration names in the first 4 KB, if any."""
    head = payload[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def looks_binary(payload: bytes) -> bool:
    """True when the payload starts as an image, a PDF or an archive does, or more than 5% of
    its first 8 KB are control bytes text never carries (a stray NUL or two is not enough)."""
    sample = payload[:8192]
    if not sample:
        return False
    if sample.startswith(_BINARY_SIGNATURES):
        return True
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    return controls / len(sample) > MAX_CONTROL_SHARE


def _utf16_without_bom(payload: bytes) -> str | None:
    """The UTF-16 codec a BOM-less payload is in, judged by where its NUL bytes fall."""
    sample = payload[:8192]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    if sample[1::2].count(0) >= UTF16_NUL_SHARE * pairs:
        return "utf-16-le"
    if sample[0::2].count(0) >= UTF16_NUL_SHARE * pairs:
        return "utf-16-be"
    return None


def _clean(text: str) -> str:
    return text.translate(_DROP_CONTROLS)


def decode_text(payload: bytes, origin: str, *, declared: str | None = None) -> DecodedText:
    """Decode `payload` by BOM, declared charset, UTF-8, then detection.

    Raises IngestError for empty input and for binary junk. The text keeps no NUL or other
    control character but tab, newline, form feed and carriage return.
    """
    decoded = _decode(payload, origin, declared)
    return DecodedText(_clean(decoded.text), decoded.encoding, decoded.guessed)


def _decode(payload: bytes, origin: str, declared: str | None) -> DecodedText:
    if not payload.strip(b" \t\r\n\f\v\x00"):
        raise IngestError(origin, "the input is empty")
    for bom, encoding in _BOMS:
        if payload.startswith(bom):
            return DecodedText(payload.decode(encoding, errors="replace"), encoding, guessed=False)
    wide = _utf16_without_bom(payload)
    if wide is not None:
        return DecodedText(payload.decode(wide, errors="replace"), wide, guessed=True)
    if looks_binary(payload):
        raise IngestError(origin, "binary data, not text (is this an image or an archive?)")
    declared = declared or declared_charset(payload)
    if declared:
        try:
            return DecodedText(payload.decode(declared), declared, guessed=False)
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration lies; fall through to detection
    try:
        return DecodedText(payload.decode("utf-8"), "utf-8", guessed=False)
    except UnicodeDecodeError:
        pass
    best = from_bytes(payload).best()
    if best is None or best.encoding is None:
        raise IngestError(origin, "binary data or an unknown text encoding: cannot decode it")
    return DecodedText(str(best), best.encoding, guessed=True)
