"""`newsdesk show`, `entities`, `entity`, `stories`, `story`, `related`, `ask`: in this
process, on a real database holding the two seeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.runner import env_for, run
from tests.conftest import SEEDS, demo_copy


def test_show_unknown_article_is_a_clear_error(tmp_path: Path) -> None:
    result = run(["show", "999"], env_for(tmp_path), check=False)
    assert result.returncode == 1
    assert "There is no article 999." in result.stderr


def test_enrichment_is_shown_and_entities_found_by_any_spelling(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    run(["ingest", str(SEEDS / "000_6097e309b78d2792.txt"), "--published", "2024-01-17"], env)
    run(["ingest", str(SEEDS / "003_53dc6bc4e3217d5a.txt"), "--published", "2025-07-12"], env)
    listed = json.loads(run(["articles", "--json"], env).stdout)
    seed = next(a for a in listed if a["title"].startswith("Russian Foreign Minister Sergei"))
    shown = json.loads(run(["show", str(seed["id"]), "--json"], env).stdout)
    assert {"entities", "quotes", "events", "warnings", "language"} <= set(shown)
    person = next(e for e in shown["entities"] if e["name"] == "Sergei Lavrov")
    assert person["type"] == "PERSON" and "Lavrov" in person["surface_forms"]
    assert any(e["date"] == "2024-01-16" and e["precision"] == "day" for e in shown["events"])
    assert {w["kind"] for w in shown["warnings"]} >= {"malformed_number", "dangling_reference"}
    [found] = json.loads(run(["entity", "Sergey Lavrov", "--json"], env).stdout)
    assert found["articles"] == 2
    assert {"Sergei Lavrov", "Sergey Lavrov"} <= set(found["aliases"])
    assert any(r["role"] == "Foreign Minister" for r in found["roles"])
    listed_entities = json.loads(run(["entities", "--json"], env).stdout)
    assert any(e["id"] == found["id"] for e in listed_entities)
    stories = json.loads(run(["stories", "--json"], env).stdout)
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
    story = json.loads(run(["story", str(stories[0]["id"]), "--json"], env).stdout)
    assert {"summary", "key_points", "whos_who", "timeline", "articles"} <= set(story)
    assert story["summary"] and all(s["article_id"] for s in story["summary"])
    related = json.loads(run(["related", str(seed["id"]), "--json"], env).stdout)
    assert all(r["id"] != seed["id"] for r in related)
    assert run(["story", "999"], env, check=False).returncode == 1
    answer = json.loads(run(["ask", "Who did Lavrov meet in Moscow?", "--json"], env).stdout)
    assert answer["found"] and answer["answer"][0]["article_id"] == seed["id"]
    assert "Lavrov" in answer["answer"][0]["text"]
    none = json.loads(run(["ask", "What is the capital of Peru?", "--json"], env).stdout)
    assert not none["found"] and none["answer"] == []
    asked = ["ask", "What did the Bank of England say about Lavrov in Moscow?", "--json"]
    unnamed = json.loads(run(asked, env).stdout)
    assert not unnamed["found"], "no stored article names the Bank of England"
    rebuilt = json.loads(run(["recluster", "--json"], env).stdout)
    assert rebuilt["stories"] == 2
    missing = run(["entity", "Nobody Atall"], env, check=False)
    assert missing.returncode == 1 and "no entity known as 'Nobody Atall'" in missing.stderr


def _demo_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    settings = next(demo_copy(request, "sqlite", tmp_path / "data"))
    return {"NEWSDESK_DATA_DIR": str(settings.data_dir)}


# `[Outlet: “Headline”]`, never a bare id.
CITED = re.compile(r"\[[^\[\]:]+: “[^”]+”\]$")


def test_answers_and_coverage_cite_outlet_and_headline(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    env = _demo_env(request, tmp_path)
    said = run(["ask", "What did Lavrov say in Wonsan?"], env).stdout.splitlines()
    assert said and all(CITED.search(line) for line in said), said
    assert not any(re.search(r"#\d+|article \d+", line) for line in said)
    stories = json.loads(run(["stories", "--json"], env).stdout)
    biggest = max(stories, key=lambda s: s["articles"])
    shown = run(["story", str(biggest["id"])], env).stdout.splitlines()
    coverage = shown[shown.index("Coverage") + 1 : shown.index("Articles") - 1]
    cited = [line for line in coverage if line.startswith(("  First:", "  only here:"))]
    assert any(line.startswith("  First:") for line in cited) and len(cited) > 1
    assert all(CITED.search(line) for line in cited), cited
    summary = shown[shown.index("Summary") + 1 :]
    assert CITED.search(summary[0]), summary[0]
