"""`newsdesk source`, `opml`, `fetch --once`: in this process, a real database, a local site."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.testing.servers import LocalSite, Reply
from tests.cli.runner import Ran, env_for, run
from tests.fetch.feeds import FETCH_FIXTURES, HTML_TYPE, serve


def _run(args: list[str], env: dict[str, str]) -> Ran:
    return run(args, env, check=False)


def _env(tmp_path: Path, *, allow_private: bool = True) -> dict[str, str]:
    more = {"NEWSDESK_FETCH_HOST_DELAY": "0", "NEWSDESK_FETCH_TIMEOUT": "2"}
    if allow_private:
        more["NEWSDESK_ALLOW_PRIVATE_NETWORKS"] = "1"
    return env_for(tmp_path, **more)


def test_add_fetch_show_pause_resume_remove(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with LocalSite() as site:
        site.route("/robots.txt", Reply(404))
        serve(site, "/", "site.html", HTML_TYPE)
        serve(site, "/news.rss", "news.rss")
        added = _run(["source", "add", site.url("/"), "--category", "News", "--json"], env)
        assert added.returncode == 0, added.stderr
        source = json.loads(added.stdout)
        assert source["url"] == site.url("/news.rss")

        fetched = _run(["fetch", "--once", "--json"], env)
        assert fetched.returncode == 0, fetched.stderr
        summary = json.loads(fetched.stdout)
        assert (summary["feeds"], summary["new_documents"]) == (1, 3)
        assert summary["ingest"]["enriched"] == 3

        site.route("/news.rss", Reply(500))
        shown = _run(["source", "show", str(source["id"]), "--json"], env)
        record = json.loads(shown.stdout)
        assert [row["outcome"] for row in record["log"]] == ["ok"]
        assert record["log"][0]["status"] == 200 and record["log"][0]["bytes"] > 1000

        listed = _run(["source", "list"], env)
        assert "Harbour Post" in listed.stdout and "ok" in listed.stdout
        assert _run(["source", "pause", str(source["id"])], env).returncode == 0
        paused = json.loads(_run(["source", "list", "--json"], env).stdout)
        assert paused[0]["status"] == "paused"
        assert _run(["source", "resume", site.url("/news.rss")], env).returncode == 0
        failed = _run(["fetch", "--once"], env)
        assert failed.returncode == 1 and "HTTP 500" in failed.stderr
        text = _run(["source", "show", str(source["id"])], env).stdout
        assert "failing: 1 in a row" in text and "HTTP 500" in text

        opml = _run(["opml", "export"], env)
        assert 'xmlUrl="' + site.url("/news.rss") + '"' in opml.stdout
        assert _run(["source", "remove", str(source["id"])], env).returncode == 0
        assert json.loads(_run(["source", "list", "--json"], env).stdout) == []
        articles = json.loads(_run(["articles", "--json"], env).stdout)
        assert len(articles) == 3


def test_add_refuses_a_private_address_and_says_which_setting(tmp_path: Path) -> None:
    result = _run(
        ["source", "add", "http://127.0.0.1:9/feed.xml"], _env(tmp_path, allow_private=False)
    )
    assert result.returncode == 1
    assert "loopback" in result.stderr and "NEWSDESK_ALLOW_PRIVATE_NETWORKS=1" in result.stderr


def test_opml_import(tmp_path: Path) -> None:
    env = _env(tmp_path, allow_private=False)
    result = _run(["opml", "import", str(FETCH_FIXTURES / "subscriptions.opml"), "--json"], env)
    assert result.returncode == 1  # one URL refused
    report = json.loads(result.stdout)
    assert report["added"] == 3 and "10.0.0.7" in report["refused"][0]
    categories = {
        row["category"] for row in json.loads(_run(["source", "list", "--json"], env).stdout)
    }
    assert categories == {"News", "News/World", "Tech/Blogs"}


def test_a_json_feed_with_wrong_typed_fields_is_added_and_fetched(tmp_path: Path) -> None:
    # Issue 14: `source add` and `fetch --once` crashed on this feed with a traceback.
    items = [
        {"id": "1", "title": 3, "content_text": 4},
        {"id": "2", "title": "Harbour reopens", "content_text": "The harbour reopened today.",
         "authors": 5, "date_published": 1_700_000_000},
    ]  # fmt: skip
    body = json.dumps({"title": 5, "hubs": 3, "items": items, "version": 1.1}).encode()
    env = _env(tmp_path)
    with LocalSite() as site:
        site.route("/robots.txt", Reply(404))
        site.route("/feed.json", Reply(200, body, {"Content-Type": "application/feed+json"}))
        added = _run(["source", "add", site.url("/feed.json"), "--json"], env)
        assert added.returncode == 0, added.stderr
        fetched = _run(["fetch", "--once", "--json"], env)
        assert fetched.returncode == 0, fetched.stderr
        assert json.loads(fetched.stdout)["new_documents"] == 1
        shown = json.loads(_run(["source", "show", site.url("/feed.json"), "--json"], env).stdout)
        assert shown["health"] == "ok"
        assert "item 0 skipped" in (shown["log"][0]["error"] or "")
