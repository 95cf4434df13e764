"""The command line loads what a command needs when it runs: `--help` and commands that
read stored records import no NLP library (spaCy, the embedding model, the extractor)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import newsdesk

# What a command that needs no model must leave unloaded.
MODELS = (
    "spacy", "thinc", "onnxruntime", "tokenizers", "trafilatura", "datasketch", "pykakasi",
    "pypinyin",
)  # fmt: skip
PROBE = f"""
import json, sys
from typer.testing import CliRunner
from newsdesk.cli import app
result = CliRunner().invoke(app, sys.argv[1:])
loaded = [m for m in {MODELS!r} if m in sys.modules]
print(json.dumps({{"exit": result.exit_code, "loaded": loaded}}))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["init"],
        ["articles", "--json"],
        ["stories", "--json"],
        ["entities", "--json"],
        ["source", "list", "--json"],
        ["eval", "--help"],
    ],
)
def test_commands_that_need_no_model_load_none(args: list[str], tmp_path: Path) -> None:
    # The probe imports the newsdesk under test (a worktree's, not only the installed one).
    env = {
        "NEWSDESK_DATA_DIR": str(tmp_path / "data"),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(Path(newsdesk.__file__).parents[1]),
    }
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, check=True
    )
    outcome = json.loads(probe.stdout.strip().splitlines()[-1])
    assert outcome == {"exit": 0, "loaded": []}, probe.stderr
