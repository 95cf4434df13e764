"""The optional language model, against a real OpenAI-style server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsdesk.config import Settings, load_settings
from newsdesk.llm import abstractive_summary, translate_headline
from tests.cli.runner import env_for as _env
from tests.cli.runner import run as _run
from tests.conftest import SEEDS

SUMMARY = [
    {"text": "Lavrov met Choe Son Hui in Moscow.", "article_id": 4, "outlet": "A", "span": [0, 9]},
    {"text": "Putin received Choe at the Kremlin.", "article_id": 9, "outlet": "B", "span": [3, 7]},
]


class _ChatServer(ThreadingHTTPServer):
    reply = "Choe met Lavrov and Putin in Moscow [1][2]. A summit is certain."
    status = 200
    requests: list[dict[str, object]]


class _Handler(BaseHTTPRequestHandler):
    server: _ChatServer

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, **body})
        content = {"choices": [{"message": {"role": "assistant", "content": self.server.reply}}]}
        payload = json.dumps(content).encode()
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def chat_server() -> Iterator[_ChatServer]:
    server = _ChatServer(("127.0.0.1", 0), _Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _url(server: _ChatServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/v1"


def test_summary_is_grounded_on_the_given_sentences(chat_server: _ChatServer) -> None:
    settings = Settings(llm_url=_url(chat_server), llm_model="tiny")
    result = abstractive_summary(settings, SUMMARY)
    assert result["error"] is None and result["model"] == "tiny"
    [sentence] = result["sentences"]
    assert sentence["text"] == "Choe met Lavrov and Putin in Moscow."
    assert [c["article_id"] for c in sentence["citations"]] == [4, 9]
    [request] = chat_server.requests
    assert request["path"] == "/v1/chat/completions" and request["model"] == "tiny"
    prompt = request["messages"][-1]["content"]
    assert "[1] Lavrov met Choe Son Hui in Moscow." in prompt


def test_failures_leave_an_error_and_no_sentences(chat_server: _ChatServer) -> None:
    chat_server.status = 500
    failed = abstractive_summary(Settings(llm_url=_url(chat_server)), SUMMARY)
    assert failed["sentences"] == [] and "500" in str(failed["error"])
    chat_server.status, chat_server.reply = 200, "Nothing here cites anything."
    uncited = abstractive_summary(Settings(llm_url=_url(chat_server)), SUMMARY)
    assert uncited["sentences"] == [] and "cited none" in str(uncited["error"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    down = abstractive_summary(Settings(llm_url=f"http://127.0.0.1:{closed}/v1"), SUMMARY)
    assert down["sentences"] == [] and f"127.0.0.1:{closed}" in str(down["error"])


def test_off_by_default_and_read_from_the_environment() -> None:
    assert load_settings({}).llm_url is None
    settings = load_settings({"NEWSDESK_LLM_URL": "http://h/v1", "NEWSDESK_LLM_MODEL": "m"})
    assert (settings.llm_url, settings.llm_model) == ("http://h/v1", "m")
    unconfigured = abstractive_summary(Settings(), SUMMARY)
    assert unconfigured["sentences"] == [] and "NEWSDESK_LLM_URL" in str(unconfigured["error"])


def test_story_command_adds_the_model_summary_only_when_configured(
    chat_server: _ChatServer, tmp_path
) -> None:
    env = _env(tmp_path)
    _run(["ingest", str(SEEDS / "000_6097e309b78d2792.txt"), "--published", "2024-01-17"], env)
    [story] = json.loads(_run(["stories", "--json"], env).stdout)
    plain = json.loads(_run(["story", str(story["id"]), "--json"], env).stdout)
    assert plain["abstract"] is None and not chat_server.requests
    env["NEWSDESK_LLM_URL"] = _url(chat_server)
    shown = json.loads(_run(["story", str(story["id"]), "--json"], env).stdout)
    assert shown["summary"] == plain["summary"], "the extractive summary never changes"
    [sentence] = shown["abstract"]["sentences"]
    cited = {s["article_id"] for s in plain["summary"][:2]}
    assert {c["article_id"] for c in sentence["citations"]} == cited
    text = _run(["story", str(story["id"])], env).stdout
    assert "Summary by llama3.2" in text and "Choe met Lavrov and Putin in Moscow." in text


def test_headlines_are_translated_from_the_models_json(chat_server: _ChatServer) -> None:
    settings = Settings(llm_url=_url(chat_server), llm_model="tiny")
    chat_server.reply = '```json\n{"title": "Choe Son Hui meets Lavrov", "lead": "In Moscow."}\n```'
    done = translate_headline(settings, "ko", "최선희, 라브로프와 회담", "모스크바에서.")
    assert (done["title"], done["lead"], done["error"]) == (
        "Choe Son Hui meets Lavrov",
        "In Moscow.",
        None,
    )
    [request] = chat_server.requests
    given = json.loads(request["messages"][-1]["content"])
    assert given == {"language": "ko", "title": "최선희, 라브로프와 회담", "lead": "모스크바에서."}
    chat_server.reply = "Choe Son Hui meets Lavrov"
    prose = translate_headline(settings, "ko", "최선희", "")
    assert prose["title"] is None and "JSON" in str(prose["error"])
    chat_server.reply = '{"lead": "only a lead"}'
    untitled = translate_headline(settings, "ko", "최선희", "")
    assert untitled["title"] is None and "no translated title" in str(untitled["error"])
    unconfigured = translate_headline(Settings(), "ko", "최선희", "")
    assert unconfigured["title"] is None and "NEWSDESK_LLM_URL" in str(unconfigured["error"])
