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
# Declared legacy charsets are read as the supersets their writers really used (as browsers
# do, by the WHATWG Encoding Standard): a "GB2312" page holds GBK characters, a
# "Shift_JIS" one Windows-31J's, an "EUC-KR" one UHC's, a "TIS-620" one Windows-874's.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "tis-620": "cp874",
}
# Labels that decode any bytes at all, so a wrong one never fails: servers send them by
# default ("text/xml; charset=ISO-8859-1") for documents that are really UTF-8.
_CATCH_ALL = {"iso8859-1", "cp1252", "ascii"}
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
    return charset_name(match.group(1).decode("ascii", "replace"))


def charset_name(name: str | None) -> str | None:
    """Python's codec for a declared charset name (its superset for legacy CJK and Thai
    names), or None when the name is unknown."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("'\"")).name
    except LookupError:
        return None
    return _SUPERSETS.get(codec, codec)


def content_type_charset(header: str | None) -> str | None:
    """The charset a Content-Type header value names (`text/xml; charset=koi8-r`), if any."""
    for parameter in (header or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("'\"").lower()
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


def without_controls(text: str) -> str:
    """The text without NUL and the other C0 controls text never carries (tab and line ends
    kept; vertical tab and page break become line breaks)."""
    return text.translate(_DROP_CONTROLS)


def decode_text(payload: bytes, origin: str, *, declared: str | None = None) -> DecodedText:
    """Decode `payload` by BOM, declared charset, UTF-8, then detection.

    Raises IngestError for empty input and for binary junk. The text keeps no NUL or other
    control character but tab, newline, form feed and carriage return.
    """
    decoded = _decode(payload, origin, declared)
    return DecodedText(without_controls(decoded.text), decoded.encoding, decoded.guessed)


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
    declared = charset_name(declared) or declared_charset(payload)
    if declared in _CATCH_ALL and not payload.isascii():
        try:
            return DecodedText(payload.decode("utf-8"), "utf-8", guessed=False)
        except UnicodeDecodeError:
            pass  # not UTF-8 after all: the label stands
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
