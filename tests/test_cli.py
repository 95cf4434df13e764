"""The command line, run as a user runs it: real processes on a real database."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import SEEDS

NEWSDESK = [sys.executable, "-m", "newsdesk"]


def _run(args: list[str], env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [*NEWSDESK, *args], env=env, capture_output=True, text=True, timeout=120
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{args} exited {result.returncode}: {result.stderr}")
    return result


def _env(tmp_path: Path, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    env["NEWSDESK_DATA_DIR"] = str(tmp_path / "data")
    if database_url:
        env["NEWSDESK_DATABASE_URL"] = database_url
    return env


def test_ingest_list_and_show_in_json(tmp_path: Path) -> None:
    env = _env(tmp_path)
    ingested = _run(["ingest", str(SEEDS), "--published", "2025-07-12", "--json"], env)
    report = json.loads(ingested.stdout)
    assert {k: report[k] for k in ("new", "duplicate", "failed", "stubs")} == {
        "new": 2,
        "duplicate": 0,
        "failed": 0,
        "stubs": 3,
    }
    listed = json.loads(_run(["articles", "--json"], env).stdout)
    assert len(listed) == 5
    assert set(listed[0]) >= {"id", "title", "outlet", "url", "published_at", "is_stub"}
    stub = next(a for a in listed if a["is_stub"])
    assert stub["outlet"] in {"The Mainichi", "Nikkei Asia", "Japan Today"}
    main = next(a for a in listed if a["title"].startswith("Russia warns"))
    shown = json.loads(_run(["show", str(main["id"]), "--json"], env).stdout)
    assert shown["text"].startswith("Russia's foreign minister warned")
    assert shown["dateline"] == "SEOUL"
    assert shown["document"]["sha256"] and shown["document"]["status"] == "extracted"
    again = json.loads(_run(["ingest", str(SEEDS), "--json"], env).stdout)
    assert (again["new"], again["duplicate"]) == (0, 2)


def test_ingest_exits_nonzero_and_names_the_bad_input(tmp_path: Path) -> None:
    env = _env(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = _run(["ingest", str(empty), str(SEEDS)], env, check=False)
    assert result.returncode == 1
    assert f"{empty}: the input is empty" in result.stderr
    assert "new 2" in result.stdout and "failed 1" in result.stdout


def test_db_option_and_environment_choose_the_database(tmp_path: Path) -> None:
    env = _env(tmp_path)
    other = tmp_path / "other.db"
    _run(["--db", f"sqlite:///{other}", "ingest", str(SEEDS)], env)
    assert json.loads(_run(["articles", "--json"], env).stdout) == []
    env_other = _env(tmp_path, f"sqlite:///{other}")
    assert len(json.loads(_run(["articles", "--json"], env_other).stdout)) == 5


def test_show_unknown_article_is_a_clear_error(tmp_path: Path) -> None:
    result = _run(["show", "999"], _env(tmp_path), check=False)
    assert result.returncode == 1
    assert "There is no article 999." in result.stderr


def test_killed_ingest_rerun_stores_every_file_exactly_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(600):
        (corpus / f"article-{number:04d}.txt").write_text(
            f"Headline number {number}\n\nParagraph {number} of a story about harbour works, "
            f"with enough words to count as an article body.\n"
        )
    env = _env(tmp_path)
    _run(["init"], env)
    database = tmp_path / "data" / "newsdesk.db"
    process = subprocess.Popen(
        [*NEWSDESK, "ingest", str(corpus)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        with sqlite3.connect(database, timeout=30) as connection:
            stored = connection.execute("select count(*) from documents").fetchone()[0]
        if stored >= 50:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 0 < stored < 600, f"the kill should land mid-batch, but {stored} were stored"

    rerun = json.loads(_run(["ingest", str(corpus), "--json"], env).stdout)
    assert rerun["failed"] == 0
    assert rerun["new"] + rerun["duplicate"] == 600
    assert rerun["duplicate"] >= stored
    with sqlite3.connect(database) as connection:
        origins = [row[0] for row in connection.execute("select origin from documents")]
        articles = connection.execute("select count(*) from articles").fetchone()[0]
    assert len(origins) == len(set(origins)) == 600
    assert articles == 600


def test_enrichment_is_shown_and_entities_found_by_any_spelling(tmp_path: Path) -> None:
    env = _env(tmp_path)
    _run(["ingest", str(SEEDS / "000_6097e309b78d2792.txt"), "--published", "2024-01-17"], env)
    _run(["ingest", str(SEEDS / "003_53dc6bc4e3217d5a.txt"), "--published", "2025-07-12"], env)
    listed = json.loads(_run(["articles", "--json"], env).stdout)
    seed = next(a for a in listed if a["title"].startswith("Russian Foreign Minister Sergei"))
    shown = json.loads(_run(["show", str(seed["id"]), "--json"], env).stdout)
    assert {"entities", "quotes", "events", "warnings", "language"} <= set(shown)
    person = next(e for e in shown["entities"] if e["name"] == "Sergei Lavrov")
    assert person["type"] == "PERSON" and "Lavrov" in person["surface_forms"]
    assert any(e["date"] == "2024-01-16" and e["precision"] == "day" for e in shown["events"])
    assert {w["kind"] for w in shown["warnings"]} >= {"malformed_number", "dangling_reference"}
    [found] = json.loads(_run(["entity", "Sergey Lavrov", "--json"], env).stdout)
    assert found["articles"] == 2
    assert {"Sergei Lavrov", "Sergey Lavrov"} <= set(found["aliases"])
    assert any(r["role"] == "Foreign Minister" for r in found["roles"])
    listed_entities = json.loads(_run(["entities", "--json"], env).stdout)
    assert any(e["id"] == found["id"] for e in listed_entities)
    stories = json.loads(_run(["stories", "--json"], env).stdout)
    assert len(stories) == 2, "two meetings 18 months apart are two stories"
    assert set(stories[0]) == {
        "id",
        "title",
        "articles",
        "outlets",
        "first_seen",
        "last_seen",
        "thread_id",
    }
    story = json.loads(_run(["story", str(stories[0]["id"]), "--json"], env).stdout)
    assert {"summary", "key_points", "whos_who", "timeline", "articles"} <= set(story)
    assert story["summary"] and all(s["article_id"] for s in story["summary"])
    related = json.loads(_run(["related", str(seed["id"]), "--json"], env).stdout)
    assert all(r["id"] != seed["id"] for r in related)
    assert _run(["story", "999"], env, check=False).returncode == 1
    answer = json.loads(_run(["ask", "Who did Lavrov meet in Moscow?", "--json"], env).stdout)
    assert answer["found"] and answer["answer"][0]["article_id"] == seed["id"]
    assert "Lavrov" in answer["answer"][0]["text"]
    none = json.loads(_run(["ask", "What is the capital of Peru?", "--json"], env).stdout)
    assert not none["found"] and none["answer"] == []
    asked = ["ask", "What did the Bank of England say about Lavrov in Moscow?", "--json"]
    unnamed = json.loads(_run(asked, env).stdout)
    assert not unnamed["found"], "no stored article names the Bank of England"
    rebuilt = json.loads(_run(["recluster", "--json"], env).stdout)
    assert rebuilt["stories"] == 2
    missing = _run(["entity", "Nobody Atall"], env, check=False)
    assert missing.returncode == 1 and "no entity known as 'Nobody Atall'" in missing.stderr
