"""`newsdesk init`, `ingest`, `articles`, `recluster`: in this process on a real database,
and one real process killed mid-ingest."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.runner import env_for, run
from tests.conftest import SEEDS

NEWSDESK = [sys.executable, "-m", "newsdesk"]
# A killed ingest is awaited while it makes progress; this long with no new document means
# it is stuck, whatever the load of the machine.
STALL_SECONDS = 180


def test_ingest_list_and_show_in_json(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    ingested = run(["ingest", str(SEEDS), "--published", "2025-07-12", "--json"], env)
    report = json.loads(ingested.stdout)
    assert {k: report[k] for k in ("new", "duplicate", "failed", "stubs")} == {
        "new": 2,
        "duplicate": 0,
        "failed": 0,
        "stubs": 3,
    }
    listed = json.loads(run(["articles", "--json"], env).stdout)
    assert len(listed) == 5
    assert set(listed[0]) >= {"id", "title", "outlet", "url", "published_at", "is_stub"}
    stub = next(a for a in listed if a["is_stub"])
    assert stub["outlet"] in {"The Mainichi", "Nikkei Asia", "Japan Today"}
    main = next(a for a in listed if a["title"].startswith("Russia warns"))
    shown = json.loads(run(["show", str(main["id"]), "--json"], env).stdout)
    assert shown["text"].startswith("Russia's foreign minister warned")
    assert shown["dateline"] == "SEOUL"
    assert shown["document"]["sha256"] and shown["document"]["status"] == "extracted"
    # Each new full article is listed with the story it went to.
    added = {a["id"]: a for a in report["added"]}
    assert set(added) == {a["id"] for a in listed if not a["is_stub"]}
    assert added[main["id"]]["story_id"] == shown["story_id"] is not None
    again = json.loads(run(["ingest", str(SEEDS), "--json"], env).stdout)
    assert (again["new"], again["duplicate"], again["added"]) == (0, 2, [])


def test_ingest_says_which_article_and_story_each_new_file_became(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    said = run(["ingest", str(SEEDS), "--published", "2025-07-12"], env).stdout
    listed = json.loads(run(["articles", "--json"], env).stdout)
    for article in (a for a in listed if not a["is_stub"]):
        shown = json.loads(run(["show", str(article["id"]), "--json"], env).stdout)
        assert f"article {article['id']} · story {shown['story_id']} · " in said


def test_ingest_exits_nonzero_and_names_the_bad_input(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(["ingest", str(empty), str(SEEDS)], env, check=False)
    assert result.returncode == 1
    assert f"{empty}: the input is empty" in result.stderr
    assert "new 2" in result.stdout and "failed 1" in result.stdout


def test_db_option_and_environment_choose_the_database(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    other = tmp_path / "other.db"
    run(["--db", f"sqlite:///{other}", "ingest", str(SEEDS)], env)
    assert json.loads(run(["articles", "--json"], env).stdout) == []
    env_other = env_for(tmp_path, f"sqlite:///{other}")
    assert len(json.loads(run(["articles", "--json"], env_other).stdout)) == 5


# Enough files that a kill after 50 lands mid-run, few enough that the rerun is quick.
FILES = 150


def test_killed_ingest_rerun_stores_every_file_exactly_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(FILES):
        (corpus / f"article-{number:04d}.txt").write_text(
            f"Headline number {number}\n\nParagraph {number} of a story about harbour works, "
            f"with enough words to count as an article body.\n"
        )
    env = env_for(tmp_path)
    run(["init"], env)
    database = tmp_path / "data" / "newsdesk.db"
    process = subprocess.Popen(
        [*NEWSDESK, "ingest", str(corpus)],
        env={**_without_newsdesk_settings(), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Bounded by progress, not by a clock: wait while documents keep arriving (a loaded
    # machine is slow to start the process), give up only when nothing moves for long.
    stored, moved = 0, time.monotonic()
    while process.poll() is None and time.monotonic() - moved < STALL_SECONDS:
        with sqlite3.connect(database, timeout=30) as connection:
            count = connection.execute("select count(*) from documents").fetchone()[0]
        if count != stored:
            stored, moved = count, time.monotonic()
        if stored >= 30:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 0 < stored < FILES, f"the kill should land mid-batch, but {stored} were stored"

    rerun = json.loads(run(["ingest", str(corpus), "--json"], env).stdout)
    assert rerun["failed"] == 0
    assert rerun["new"] + rerun["duplicate"] == FILES
    assert rerun["duplicate"] >= stored
    with sqlite3.connect(database) as connection:
        origins = [row[0] for row in connection.execute("select origin from documents")]
        articles = connection.execute("select count(*) from articles").fetchone()[0]
    assert len(origins) == len(set(origins)) == FILES
    assert articles == FILES


def _without_newsdesk_settings() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}


def test_a_batch_with_bad_inputs_still_prints_its_json_and_exits_1(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "a-api.json").write_text('{"status": "ok", "results": []}')
    (inputs / "b-empty.jsonl").write_bytes(b"")
    (inputs / "c-good.txt").write_text("A good headline\n\nA first paragraph about the port.\n")
    (inputs / "d-crawl.arc").write_bytes(b"filedesc://crawl.arc")
    result = run(["ingest", str(inputs), "--json"], env_for(tmp_path), check=False)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["new"], report["failed"], report["skipped"]) == (1, 2, 1)
    assert any(e.startswith(f"{inputs / 'a-api.json'}: not a readable feed: JSON, but not")
               for e in report["errors"])  # fmt: skip
    assert f"{inputs / 'b-empty.jsonl'}: no documents in it (the file is empty)" in report["errors"]
    assert any(w.startswith(f"{inputs / 'd-crawl.arc'}: skipped: ARC") for w in report["warnings"])


def test_an_unforeseen_error_is_one_line_naming_the_input_and_the_rest_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.pipeline import ingest as pipeline_ingest

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    bad = inputs / "a-bad.txt"
    bad.write_text("A story that breaks\n\nIts first paragraph.\n")
    (inputs / "b-good.txt").write_text("A good headline\n\nA first paragraph about the port.\n")
    real = pipeline_ingest.extract_document

    def breaks(raw):  # type: ignore[no-untyped-def]
        if raw.origin == str(bad):
            raise TypeError("'int' object is not iterable")
        return real(raw)

    monkeypatch.setattr(pipeline_ingest, "extract_document", breaks)
    env = env_for(tmp_path)
    result = run(["ingest", str(inputs)], env, check=False)
    assert result.returncode == 1
    assert f"{bad}: extraction failed: TypeError: 'int' object is not iterable" in result.stderr
    assert "Traceback" not in result.stderr
    assert "new 1" in result.stdout and "failed 1" in result.stdout
    monkeypatch.setattr(pipeline_ingest, "extract_document", real)
    again = json.loads(run(["ingest", str(inputs), "--json"], env).stdout)
    assert (again["failed"], again["duplicate"], again["articles"]) == (0, 2, 1)
