"""The hostile-input corpus (tests/fixtures/hostile/make.py) ingested through the command
line in one batch: no traceback, no hang, every failure one line naming its file, nothing
stored lost, and a second run that changes nothing but finishes what was left."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
import threading
import traceback
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import bindparam, create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from tests.cli.runner import Ran, env_for, run
from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "hostile"
CORPUS = HOSTILE / "corpus"
KINDS = ("txt", "html", "feeds", "json", "jsonl", "warc", "opml", "junk")
# A run that stores, fails or enriches nothing for this long is stuck, not slow: the
# biggest single input (a 5 MB page) takes well under a minute on a loaded machine.
STALL_SECONDS = 300
POLL_SECONDS = 2
# The other half of issue 14 (helper feeds14): every exception per input becomes that
# input's error, files passed over in folders are listed, link-only entries are kept.


def _make() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hostile_make", HOSTILE / "make.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("hostile_make", module)
    spec.loader.exec_module(module)
    return module


MAKE = _make()


def _database_url(env: dict[str, str]) -> str:
    return env.get("NEWSDESK_DATABASE_URL") or f"sqlite:///{env['NEWSDESK_DATA_DIR']}/newsdesk.db"


def _progress(url: str) -> tuple[int, ...]:
    """What the run has done so far, as the database shows it (nothing before it exists)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            documents = connection.execute(text("select count(*) from documents")).scalar()
            articles = connection.execute(text("select count(*) from articles")).scalar()
            enriched = connection.execute(
                text("select count(*) from articles where enriched_at is not null")
            ).scalar()
            return (documents or 0, articles or 0, enriched or 0)
    except SQLAlchemyError:
        return (0, 0, 0)
    finally:
        engine.dispose()


def ingest_guarded(paths: list[Path], env: dict[str, str]) -> Ran:
    """`newsdesk ingest PATHS --json`, failing the test (with where it is stuck) when the
    database shows no progress for STALL_SECONDS."""
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["ran"] = run(["ingest", *map(str, paths), "--json"], env, check=False)
        except BaseException as error:  # the traceback a user would have seen
            outcome["error"] = "".join(traceback.format_exception(error))

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    url = _database_url(env)
    last, still = _progress(url), 0.0
    while worker.is_alive():
        worker.join(POLL_SECONDS)
        now = _progress(url)
        still = 0.0 if now != last else still + POLL_SECONDS
        last = now
        if still >= STALL_SECONDS:
            frame = sys._current_frames().get(worker.ident or 0)
            where = "".join(traceback.format_stack(frame)) if frame else "(unknown)"
            pytest.fail(f"ingest made no progress for {STALL_SECONDS} s at {last}:\n{where}")
    if "error" in outcome:
        pytest.fail(f"ingest raised instead of reporting:\n{outcome['error']}")
    ran = outcome["ran"]
    assert isinstance(ran, Ran)
    return ran


def _report(ran: Ran) -> dict[str, object]:
    assert "Traceback" not in ran.stdout + ran.stderr
    return json.loads(ran.stdout)


def _rows(url: str, query: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(query))]
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def hostile_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """Settings for a fresh data folder on SQLite, or on a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return env_for(tmp_path)
    return env_for(tmp_path, request.getfixturevalue("postgres_schema_url"))


def test_the_committed_corpus_is_what_make_py_writes() -> None:
    files = MAKE.corpus_files()
    assert len(files) >= 40
    assert {name.split("/")[0] for name in files} == set(KINDS)
    committed = {
        p.relative_to(CORPUS).as_posix(): p.read_bytes() for p in CORPUS.rglob("*") if p.is_file()
    }
    assert committed == files, "run `python tests/fixtures/hostile/make.py` and commit"


def _check_batch(paths: list[Path], env: dict[str, str]) -> dict[str, object]:
    """Ingest `paths` in one batch and check what every input kind must give; the report."""
    ran = ingest_guarded(paths, env)
    report = _report(ran)
    assert ran.returncode == 1  # some inputs are refused, and the exit code says so
    errors = [str(e) for e in report["errors"]]  # type: ignore[union-attr]
    named = [str(p) for p in paths]
    for error in errors:
        assert "\n" not in error, error
        assert error.startswith(("article ", *named)), f"error names no input: {error}"
    assert report["new"] and report["articles"]
    return report


def _accounted_for(folder: Path, report: dict[str, object], url: str) -> list[str]:
    """The visible files under `folder` neither stored (as themselves, or as the same bytes
    from another file) nor named in an error or warning."""
    origins = [str(origin) for (origin,) in _rows(url, "select origin from documents")]
    digests = {str(sha) for (sha,) in _rows(url, "select sha256 from documents")}
    said = [str(m) for m in [*report["errors"], *report["warnings"]]]  # type: ignore[misc]
    missing = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.parts):
            continue
        name = str(path)
        if hashlib.sha256(path.read_bytes()).hexdigest() in digests:
            continue
        if not any(o.startswith(name) for o in origins) and not any(name in m for m in said):
            missing.append(path.relative_to(folder).as_posix())
    return missing


def _check_pages_and_captures(report: dict[str, object], url: str) -> None:
    """What the page and capture inputs must give: each odd page kept, binary refused."""
    titles = {str(t) for (t,) in _rows(url, "select title from articles")}
    # Two NUL bytes, a page in tables, UTF-16 without a BOM, nesting past the parser's
    # depth: each kept, not refused or emptied.
    assert {"Ferry quay reopens", "Ferry quay to reopen", "Quay reopens"} <= titles
    assert {"Sea wall damaged", "Deep quay report", "Café on the quay"} <= titles
    failed = dict(_rows(url, "select origin, error from documents where status = 'failed'"))
    assert str(failed[str(CORPUS / "html" / "png-named-html.html")]).startswith("binary data")
    assert all(failed.values()), "a failed document keeps why"
    texts = [str(t) for (t,) in _rows(url, "select text from articles")]
    assert not any("\x00" in t for t in texts)


def test_big_pages_are_read_whole_without_hanging(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    big = tmp_path / "big"
    MAKE.write_large(big)
    pages = [big / "big-page.html", big / "100000-nested-divs.html", big / "2mb-attribute.html"]
    report = _report(ingest_guarded(pages, env))
    assert (report["new"], report["failed"]) == (3, 0)
    url = _database_url(env)
    lengths = dict(_rows(url, "select title, length(text) from articles"))
    assert int(lengths["A very long quay report"]) > 4_000_000  # type: ignore[call-overload]
    assert int(lengths["Nested quay report"]) > 500  # type: ignore[call-overload]
    assert int(lengths["Quay with a huge attribute"]) > 500  # type: ignore[call-overload]


def test_the_whole_corpus_in_one_batch_and_again(
    hostile_env: dict[str, str], tmp_path: Path
) -> None:
    big = tmp_path / "big"
    MAKE.write_large(big)
    small = [big / n for n in ("many-items.rss", "huge-title.rss", "one-long-word.txt")]
    paths = [CORPUS, *small, big / "deeply-nested-items.json", big / "loop"]
    # One ingest of the corpus serves every check: it is the suite's costliest input.
    first = _check_batch(paths, hostile_env)
    url = _database_url(hostile_env)
    assert not _accounted_for(CORPUS, first, url)
    _check_pages_and_captures(first, url)
    stored = _rows(url, "select count(*) from documents")[0][0]
    articles = _rows(url, "select count(*) from articles")[0][0]
    # What a killed run leaves: some articles stored but not yet enriched.
    left = [i for (i,) in _rows(url, "select id from articles order by id")][::7]
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text("update articles set enriched_at = null where id in :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": left},
        )
    engine.dispose()

    again = _report(ingest_guarded(paths, hostile_env))
    assert again["new"] == 0
    # Failed inputs fail again, each by name; none newly (a second copy of the same bytes
    # may be told once only).
    assert set(again["errors"]) <= set(first["errors"])  # type: ignore[arg-type]
    # Every article left unenriched is taken up again, and only those.
    redone = [again[k] for k in ("enriched", "enrich_skipped", "enrich_failed")]
    assert sum(redone) == len(left), redone  # type: ignore[arg-type]
    assert _rows(url, "select count(*) from documents")[0][0] == stored
    assert _rows(url, "select count(*) from articles")[0][0] == articles
    assert not _rows(url, "select id from articles where enriched_at is null")
