"""`newsdesk following`: what an account follows, as a table or JSON, and a clear error for
an account that does not exist."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.config import Settings
from newsdesk.store.accounts import create_account
from newsdesk.store.db import open_store
from newsdesk.store.follows import follow
from newsdesk.store.models import Entity, Story
from tests.cli.runner import env_for, run


def test_following_lists_an_accounts_follows(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path / "data"))
    with store.session() as session:
        ann = create_account(session, "ann", "correct horse")
        story = Story(title="Flood in the valley")
        entity = Entity(name="Ann Smith", label="PERSON")
        session.add_all([story, entity])
        session.flush()
        follow(session, ann, "story", story.id)
        follow(session, ann, "entity", entity.id)
        ids = (story.id, entity.id)
    store.close()
    env = env_for(tmp_path)
    table = run(["following", "ann"], env).stdout
    assert "Flood in the valley" in table and "Ann Smith" in table
    listed = json.loads(run(["following", "ann", "--json"], env).stdout)
    assert [(f["kind"], f["id"]) for f in listed["follows"]] == [
        ("story", ids[0]),
        ("entity", ids[1]),
    ]
    assert listed["since"] is None
    missing = run(["following", "bob"], env, check=False)
    assert missing.returncode == 1 and "no account named 'bob'" in missing.stderr
