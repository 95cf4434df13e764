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
