"""Raw bytes to text: a stray NUL keeps a page, junk stays refused."""

from __future__ import annotations

import random

import pytest

from newsdesk.errors import IngestError
from newsdesk.extract import extract_document
from newsdesk.extract.charset import decode_text, looks_binary
from newsdesk.types import HTML, RawDocument
from tests.extract.test_html import HTML as HTML_FIXTURES

_RANDOM = random.Random(14)
PAGE = (HTML_FIXTURES / "plain_article.html").read_bytes()


def test_two_nul_bytes_in_a_page_do_not_refuse_it_as_binary() -> None:
    # A CMS that pads a template with NULs: two of them in the first 8 KB, the rest text.
    page = PAGE.replace(b"<body>", b"<body>\x00\x00", 1)
    assert not looks_binary(page)
    main, *_ = extract_document(RawDocument(page, "nul.html", HTML))
    assert main.title == "City council approves night bus network"
    assert "\x00" not in main.text and "\x00" not in main.title


def test_decoded_text_carries_no_nul_or_control_characters() -> None:
    body = b"A body of plain text about the harbour and its ferries. " * 4
    decoded = decode_text(b"Headline\x00\n\n" + body + b"\x01\x0cEnd.\x00", "x.txt")
    assert decoded.text == "Headline\n\n" + body.decode() + "\nEnd."


@pytest.mark.parametrize(
    "payload",
    [
        bytes(range(256)) * 40,
        b"\x89PNG\r\n\x1a\n" + b"IHDR" + b"a" * 4000,
        b"PK\x03\x04" + b"word " * 800,
        bytes(_RANDOM.randrange(128, 256) for _ in range(8000)),
    ],
    ids=["all-bytes", "png", "zip", "high-bytes"],
)
def test_images_archives_and_junk_are_still_refused(payload: bytes) -> None:
    with pytest.raises(IngestError, match="binary data"):
        decode_text(payload, "junk.html")


def test_utf16_without_a_bom_is_read_not_refused() -> None:
    text = "A headline\n\nA paragraph of plain English text about the harbour.\n" * 5
    decoded = decode_text(text.encode("utf-16-le"), "wide.txt")
    assert "paragraph of plain English" in decoded.text
