"""Build the demo corpus WARC from the HTML pages in scripts/demo_warc_pages/.

The pages are kept outside src/newsdesk/demo/articles/ so the ingester does not see them
twice; `manifest.json` beside them gives each page's URL and crawl time, and the output path.
The output is deterministic: record ids are derived from the URLs, dates from the manifest.

    .venv/bin/python scripts/make_demo_warc.py
"""

from __future__ import annotations

import json
import uuid
from io import BytesIO
from pathlib import Path

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).resolve().parent / "demo_warc_pages"
NAMESPACE = uuid.UUID("6f1d2c1e-3b7a-4c55-9d0e-8a4b2f7e6c10")


def record_id(key: str) -> str:
    """A stable WARC-Record-ID for `key`."""
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, key)}>"


def build() -> Path:
    """Write the WARC named in the manifest and return its path."""
    manifest = json.loads((PAGES / "manifest.json").read_text(encoding="utf-8"))
    output = ROOT / manifest["output"]
    output.parent.mkdir(parents=True, exist_ok=True)
    pages = manifest["pages"]
    with output.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        info = {
            "software": "newsdesk make_demo_warc.py (warcio)",
            "format": "WARC File Format 1.1",
            "operator": manifest.get("operator", "newsdesk"),
            "description": "Demo crawl of article pages for the newsdesk bundled corpus",
            "isPartOf": "newsdesk-demo",
        }
        first = pages[0]["fetched_at"]
        writer.write_record(_warcinfo(writer, output.name, info, first))
        for page in pages:
            body = (PAGES / page["file"]).read_bytes()
            http_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Server", "nginx"),
                    ("Cache-Control", "max-age=300"),
                ],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                page["url"],
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=http_headers,
                warc_headers_dict={
                    "WARC-Date": page["fetched_at"],
                    "WARC-Record-ID": record_id(page["url"]),
                },
            )
            writer.write_record(record)
    return output


def _warcinfo(writer: WARCWriter, filename: str, info: dict[str, str], date: str) -> ArcWarcRecord:
    """A warcinfo record with a fixed date and id, so the output does not change between runs."""
    record = writer.create_warcinfo_record(filename, info)
    record.rec_headers.replace_header("WARC-Date", date)
    record.rec_headers.replace_header("WARC-Record-ID", record_id("warcinfo:" + filename))
    return record


if __name__ == "__main__":
    print(build())
