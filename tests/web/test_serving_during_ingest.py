"""The server keeps answering while `newsdesk ingest` writes to the same database, on SQLite
(WAL) and PostgreSQL: every request made during the ingest succeeds. The demo corpus's
feeds and its English JSONL archive make the writes: 25 articles through the whole pipeline
(its reports in other languages would only load more models)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from newsdesk.demo import ARTICLES_DIR
from newsdesk.testing.web import serving


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_server_serves_while_ingest_writes(settings) -> None:
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(settings.data_dir)}
    env["NEWSDESK_DATABASE_URL"] = settings.resolved_database_url
    newsdesk = [sys.executable, "-m", "newsdesk"]
    subprocess.run([*newsdesk, "init"], env=env, check=True, capture_output=True)
    with serving(env) as base:
        ingest = subprocess.Popen(
            [
                *newsdesk,
                "ingest",
                str(ARTICLES_DIR / "feeds"),
                str(ARTICLES_DIR / "jsonl" / "daily-lantern-archive.jsonl"),
                "--json",
            ],
            env=env,
            stdout=subprocess.PIPE,
        )
        statuses: list[int] = []
        during = 0
        paths = ["/", "/api/v1/stories", "/search?q=Korea", "/sources", "/api/v1/articles?limit=5"]
        while ingest.poll() is None:
            for path in paths:
                status, body = _get(base + path)
                statuses.append(status)
                if path == "/api/v1/articles?limit=5" and status == 200:
                    for row in json.loads(body)[:1]:
                        statuses.append(_get(f"{base}/articles/{row['id']}")[0])
            during += 1
            # A breath between rounds: the ingest, not the polling, should have the cores.
            time.sleep(0.2)
        report = json.loads(ingest.stdout.read())
        assert ingest.returncode == 0 and report["articles"] >= 15
        # Requests went on during the ingest, and every one of them was answered.
        assert during >= 2
        assert set(statuses) == {200}
        stories = json.loads(_get(f"{base}/api/v1/stories")[1])
        assert stories["total"] >= 3
