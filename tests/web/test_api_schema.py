"""Schemathesis against /api/v1/openapi.json: generated requests to every operation,
with an admin token, find no server error. Runs on a small store of its own, since the
generated writes (comments, ingested documents) must not touch the shared demo store."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from newsdesk.config import Settings
from newsdesk.demo import ARTICLES_DIR, demo_hints
from newsdesk.pipeline import ingest_paths
from newsdesk.store.db import open_store
from newsdesk.types import IngestHints
from newsdesk.web.app import create_app
from newsdesk.web.ingest_api import DocumentIn
from tests.web.conftest import account_with_token

# Generated requests per operation: enough to reach every parameter's edge cases.
MAX_EXAMPLES = 12
# A few demo files: enough for stories, entities and comments to exist.
SAMPLE = sorted((ARTICLES_DIR / "txt").glob("*.txt"))[:6]


@pytest.fixture(scope="module")
def schema_app(tmp_path_factory: pytest.TempPathFactory):
    """The app over a small store, and an admin token for it."""
    settings = Settings(data_dir=Path(tmp_path_factory.mktemp("schema")))
    store = open_store(settings)
    ingest_paths(store, SAMPLE, IngestHints(), settings, hints_for=demo_hints)
    store.close()
    token = account_with_token(settings, "schemathesis", role="admin")
    app = create_app(settings)
    yield app, token
    app.state.reader.store.close()


def test_api_finds_no_server_error(schema_app) -> None:
    app, token = schema_app
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    statuses: dict[str, set[int]] = {}
    assert len(operations) >= 15
    for operation in operations:
        _exercise(operation, headers, statuses.setdefault(operation.label, set()))
    # The documented example too: a dozen generated documents are seldom all readable.
    ingest = next(o for o in operations if o.label == "POST /api/v1/ingest")
    example = DocumentIn.model_json_schema()["examples"][0]
    case = ingest.Case(body=example, media_type="application/json")
    statuses[ingest.label].add(case.call_and_validate(headers=headers, checks=CHECKS).status_code)
    # Every operation was called, and the reads did succeed for some generated inputs.
    assert set(statuses) == {operation.label for operation in operations}
    assert 200 in statuses["GET /api/v1/search"]
    assert statuses["POST /api/v1/ingest"] & {200, 201}


# No server error, and every answer is one the schema documents: its status, its content
# type and its body (the operation's response model, or {"detail"} for an error).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _exercise(operation, headers: dict[str, str], statuses: set[int]) -> None:
    """Call one operation with generated requests, collecting the status codes."""

    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        phases=[Phase.explicit, Phase.generate],
    )
    def check(case) -> None:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        statuses.add(response.status_code)

    check()
