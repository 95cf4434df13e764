"""JSON Lines records: what a line lacks is said, however it is broken."""

from __future__ import annotations

import pytest

from newsdesk.errors import IngestError
from newsdesk.extract.record import extract_jsonl_record


def test_a_record_nested_past_the_parser_is_refused_not_crashed() -> None:
    with pytest.raises(IngestError, match="nested too deeply"):
        extract_jsonl_record("[" * 5000 + "]" * 5000, "deep.jsonl:1")
