"""The optional language model: an OpenAI-compatible chat endpoint (Ollama, vLLM, ...).

Off unless `NEWSDESK_LLM_URL` is set; nothing else in newsdesk depends on it. It writes
story summaries and translates the headlines and leads of articles not in English. Every
failure (unreachable, slow, malformed reply) is an `LLMError` naming the endpoint, so a
caller can fall back to the extractive summary it already has.
"""

from __future__ import annotations

import json
import re

import httpx

from newsdesk.config import Settings
from newsdesk.errors import NewsdeskError
from newsdesk.present.abstractive import MAX_SENTENCES, GivenSentence, build_messages, ground_reply


class LLMError(NewsdeskError):
    """The language model endpoint did not give a usable reply."""


def chat(settings: Settings, messages: list[dict[str, str]]) -> str:
    """The model's reply to the messages; raises LLMError when there is none to use."""
    if not settings.llm_url:
        raise LLMError("no language model is configured (set NEWSDESK_LLM_URL)")
    url = settings.llm_url.rstrip("/") + "/chat/completions"
    payload = {"model": settings.llm_model, "messages": messages, "temperature": 0.0}
    try:
        response = httpx.post(url, json=payload, timeout=settings.llm_timeout)
        response.raise_for_status()
        return str(response.json()["choices"][0]["message"]["content"])
    except httpx.HTTPError as error:
        raise LLMError(f"{url}: {error.__class__.__name__}: {error}") from error
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise LLMError(f"{url}: the reply is not an OpenAI-style chat completion") from error


def abstractive_summary(
    settings: Settings, sentences: list[dict[str, object]], *, limit: int = MAX_SENTENCES
) -> dict[str, object]:
    """A model-written summary of cited sentences (JSON with "text" and citation fields),
    every sentence kept citing the sentences it rests on; "error" says why there is none."""
    sources = [
        GivenSentence(str(s["text"]), {k: v for k, v in s.items() if k not in ("text", "span")})
        for s in sentences
    ]
    result: dict[str, object] = {"model": settings.llm_model, "sentences": [], "error": None}
    if not sources:
        result["error"] = "nothing to summarise"
        return result
    try:
        reply = chat(settings, build_messages(sources, limit))
    except LLMError as error:
        result["error"] = str(error)
        return result
    grounded = ground_reply(reply, sources, limit)
    result["sentences"] = [{"text": g.text, "citations": list(g.citations)} for g in grounded]
    if not grounded:
        result["error"] = "the model's reply cited none of the given sentences"
    return result


# The model is asked for the two fields it is given, as JSON; a fenced reply is accepted.
_TRANSLATE_SYSTEM = (
    "You translate the headline and lead of a news article into English. Reply with one "
    'JSON object, {"title": "...", "lead": "..."}, and nothing else. Translate faithfully; '
    "spell people and places as English-language news does."
)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


def translate_headline(
    settings: Settings, language: str, title: str, lead: str
) -> dict[str, object]:
    """The English of an article's headline and lead, by the model: "title" and "lead"
    (None with "error" saying why when there is no usable translation)."""
    result: dict[str, object] = {
        "language": language,
        "title": None,
        "lead": None,
        "model": settings.llm_model,
        "error": None,
    }
    given = json.dumps({"language": language, "title": title, "lead": lead}, ensure_ascii=False)
    messages = [
        {"role": "system", "content": _TRANSLATE_SYSTEM},
        {"role": "user", "content": given},
    ]
    try:
        reply = json.loads(_FENCE.sub("", chat(settings, messages).strip()))
    except LLMError as error:
        result["error"] = str(error)
        return result
    except ValueError:
        result["error"] = "the model's reply is not the JSON asked for"
        return result
    translated = reply.get("title") if isinstance(reply, dict) else None
    if not isinstance(translated, str) or not translated.strip():
        result["error"] = "the model's reply has no translated title"
        return result
    result["title"] = translated.strip()
    lead_reply = reply.get("lead")
    result["lead"] = lead_reply.strip() if isinstance(lead_reply, str) and lead_reply else None
    return result
