"""`newsdesk eval ...` on small labelled inputs written here: the figures and the errors."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.eval.ner import read_conll
from tests.cli.runner import env_for, run
from tests.eval.test_ner import SNIPPET


def test_eval_ner_scores_a_conll_file_and_prints_the_anchors(tmp_path: Path) -> None:
    conll = tmp_path / "tiny.conll"
    conll.write_text(SNIPPET, encoding="utf-8")
    scored = json.loads(run(["eval", "ner", str(conll), "--json"], env_for(tmp_path)).stdout)
    documents = read_conll(conll)
    assert scored["documents"] == len(documents) >= 1
    assert scored["overall"]["gold"] == sum(len(d.entities) for d in documents) > 0
    assert 0.0 <= scored["overall"]["f1"] <= 1.0 and "PER" in scored["labels"]
    assert scored["anchors"]["en_core_web_trf"]["overall"] == 0.747
    table = run(["eval", "ner", str(conll)], env_for(tmp_path)).stdout
    assert "0.695" in table and "0.747" in table


def test_eval_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    missing = run(["eval", "ner", str(tmp_path / "nowhere")], env_for(tmp_path), check=False)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_eval_quotes_and_dates_print_their_figures(tmp_path: Path) -> None:
    from tests.eval.test_dates import write_jsonl
    from tests.eval.test_quotes import BUDGET

    polnear = tmp_path / "dev.jsonl"
    polnear.write_text(json.dumps({"doc_id": "b", "text": BUDGET, "attributions": []}) + "\n")
    quoted = json.loads(run(["eval", "quotes", str(polnear), "--json"], env_for(tmp_path)).stdout)
    assert quoted["articles"] == 1
    text = "The central bank raised its main interest rate on Tuesday."
    timebank = write_jsonl(
        tmp_path / "tb.jsonl",
        [
            {
                "doc_id": "a",
                "dct": "2024-01-17",
                "text": text,
                "timexes": [
                    {
                        "start": 48,
                        "end": 55,
                        "type": "DATE",
                        "value": "2024-01-16",
                        "text": "Tuesday",
                    }
                ],
            }
        ],
    )
    dated = json.loads(run(["eval", "dates", str(timebank), "--json"], env_for(tmp_path)).stdout)
    assert dated["documents"] == 1 and dated["calendar_value"]["right"] == 1
    table = run(["eval", "dates", str(timebank)], env_for(tmp_path)).stdout
    assert "HeidelTime" in table
    missing = run(["eval", "quotes", str(tmp_path / "none.jsonl")], env_for(tmp_path), check=False)
    assert missing.returncode == 2


def test_eval_names_scores_a_names_folder(tmp_path: Path) -> None:
    from tests.eval.test_names import write

    folder = tmp_path / "names"
    folder.mkdir()
    write(folder)
    scored = json.loads(run(["eval", "names", str(folder), "--json"], env_for(tmp_path)).stdout)
    assert scored["korean_names"] == 5
    assert scored["korean"]["newsdesk"]["other person"]["recall"] == 1.0
    assert scored["korean"]["newsdesk"]["one syllable apart"]["precision"] == 1.0
    assert scored["nomenklatura"]["newsdesk"]["across scripts"]["tp"] == 1
    assert "same name" in scored["nomenklatura"]
    table = run(["eval", "names", str(folder)], env_for(tmp_path)).stdout
    assert "Korean names" in table and "caveat" in table
    missing = run(["eval", "names", str(tmp_path / "none")], env_for(tmp_path), check=False)
    assert missing.returncode == 2


def test_eval_entities_scores_a_meantime_file_through_the_pipeline(tmp_path: Path) -> None:
    text = (
        "Boeing loses tanker deal\nMarch 1, 2008\n"
        "Boeing lost the contract to Northrop Grumman, Boeing said on Friday."
    )

    def gold(surface: str, nth: int, instance: str) -> dict:
        start = [i for i in range(len(text)) if text.startswith(surface, i)][nth]
        return {
            "start": start,
            "end": start + len(surface),
            "text": surface,
            "ent_type": "ORG",
            "syntactic_type": "NAM",
            "instance_id": instance,
        }

    document = {
        "doc_id": "1",
        "title": "Boeing loses tanker deal",
        "dct": "2008-03-01",
        "text": text,
        "entities": [
            gold("Boeing", 0, "B"),
            gold("Boeing", 1, "B"),
            gold("Northrop Grumman", 0, "N"),
        ],
    }
    path = tmp_path / "meantime.jsonl"
    path.write_text(json.dumps(document) + "\n", encoding="utf-8")
    scored = json.loads(run(["eval", "entities", str(path), "--json"], env_for(tmp_path)).stdout)
    assert scored["documents"] == 1 and scored["mentions"]["ORG"] == 3
    assert 0.0 <= scored["newsdesk"]["ALL"]["bcubed_f1"] <= 1.0
    assert "same name" in scored["baselines"]
    missing = run(
        ["eval", "entities", str(tmp_path / "none.jsonl")], env_for(tmp_path), check=False
    )
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_eval_answers_reports_right_answers_and_abstentions_by_phrasing(
    tmp_path, monkeypatch
) -> None:
    from newsdesk.eval import answers

    # The scoring itself has its tests (tests/eval/test_answers.py); here, the command.
    scores = {
        "all": answers.AnswerScore(4, 3, 2, 2, 1),
        "reader": answers.AnswerScore(2, 2, 1, 1, 1),
        "specific": answers.AnswerScore(2, 1, 1, 1, 0),
    }
    monkeypatch.setattr(answers, "evaluate_demo_answers", lambda: scores)
    rows = json.loads(run(["eval", "answers", "--json"], env_for(tmp_path)).stdout)
    assert [row["questions"] for row in rows] == ["all", "reader", "specific"]
    assert rows[0]["correct"] == 2 and rows[0]["answerable"] == 4 and rows[0]["recall"] == 0.5
    assert rows[1]["abstention"] == 1.0
    table = run(["eval", "answers"], env_for(tmp_path)).stdout
    assert "2/4" in table and "1/2" in table


def test_eval_extraction_puts_newsdesk_beside_bare_trafilatura_per_dataset(
    tmp_path: Path,
) -> None:
    from tests.eval.test_extraction import labelled_set

    folder = labelled_set(tmp_path / "set")
    rows = json.loads(run(["eval", "extraction", str(folder), "--json"], env_for(tmp_path)).stdout)
    assert {(r["dataset"], r["extractor"]) for r in rows} == {
        (d, e) for d in ("tiny", "tiny (articles)") for e in ("newsdesk", "trafilatura (bare)")
    }
    assert all(r["must_include_found"] is not None and r["pages"] == 1 for r in rows)
    refused = run(["eval", "extraction", str(tmp_path)], env_for(tmp_path), check=False)
    assert refused.returncode != 0 and "pages.jsonl" in refused.stderr
