"""Quotes and reported speech scored against PolNeAR's human attributions.

Each PolNeAR article goes through `enrich_texts` as the pipeline would give it: the first
paragraph of its text is the headline, the rest the body. Spans are compared on their
letters and digits only, so quotation marks, spaces and the comma before "he said" never
decide a match. The rules:

- Direct quotes: gold are the attributions whose content starts with a quotation mark;
  ours are the `direct` quotes. A gold quote is found when our direct quotes together
  cover at least half of its content (a quote split by "he said" is one gold attribution
  and two of ours); one of ours is right when at least half of it lies in the content of
  one gold direct quote. F1 is from that precision and recall.
- Named speaker: over the gold direct quotes found whose source names someone. A source
  names someone when a stretch of it (between commas, up to a preposition or "who") ends
  in a name: a capitalised word that is no title ("Mr.", "Senator"), determiner, weekday
  or month, and, first in a sentence, one the articles write capitalised more often than
  not ("Officials said" names nobody). A source "he" or "she" stands for the nearest named
  source before it in its paragraph or the one before (none further back: the labels link
  no pronoun to a person); a source "who" for the phrase before it ("Ann Lee, who said").
  Our speaker (the entity's name and surface forms, or the
  speaker text as written) is right when its last name word is among the gold source's
  name words and, when both give more name words (given names), they share one:
  "Mrs. Clinton" is "Hillary Clinton", "Eric Trump" is not "Donald Trump".
- Reported speech: gold are the attributions with a named source whose content does not
  start with a quotation mark. One is found when a quote of ours (of any kind) covers at
  least half its content and names its speaker as above (nested reports such as "the
  Post reported that Klein said ..." give two of ours over nearly the same words). One of our
  paraphrases is right when at least half of it lies in one gold attribution's content
  and its speaker is that attribution's source (by name, or the same head word for a
  source named by description, "the senator").
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from newsdesk.enrich import ArticleText, Enrichment, enrich_texts
from newsdesk.enrich.nlp import BATCH_SIZE
from newsdesk.enrich.parsed import word_set
from newsdesk.enrich.quotes import DIRECT, PARAPHRASE
from newsdesk.eval.dates import PARTS

# Half of a span in common is the usual lenient-match rule for attribution spans: it
# forgives a dropped "that" or trailing clause but not a quote of another sentence.
MIN_OVERLAP = 0.5
QUOTE_OPENERS = "\"“‘'„‚«"
# Words that go before a name without being one ("Sen. Ted Cruz", "Mr. Trump").
TITLES = word_set(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sen sen. senator rep rep. gov
    gov. governor president vice former secretary gen gen. general judge justice speaker
    chairman chairwoman director mayor attorney rev rev. sir lady lord chief minister
    candidate nominee leader
    """
)
PRONOUN_SOURCES = frozenset({"he", "she"})
RELATIVE_SOURCES = frozenset({"who", "which", "that"})
# A "he" is resolved only to a source named in its own paragraph or the one before: the
# labels link no pronoun to its person, and further back any guess is too often wrong.
PRONOUN_PARAGRAPHS = 1
# Where a source's own name ends and its description begins: "Robert Smith of the ...",
# "Jane Doe, a pollster", "a man who ...".
NAME_ENDS = re.compile(r"\s(?:who|which|that|of|at|from|for|by|with|in|on|and)\s")
# Capitalised words that name nobody: pronouns, determiners, days and months.
NOT_NAMES = TITLES | word_set(
    """
    i we you he she it they who the a an another this that these those some one many
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december
    """
)
WORD = re.compile(r"[\w.’'-]+")

# Figures for the targets, printed beside ours.
TARGETS = {"direct_f1": 0.92, "speaker_right": 0.90, "reported_recall": 0.60}


@dataclass(frozen=True)
class PolnearArticle:
    """One labelled article: its text (headline first) and its attributions."""

    doc_id: str
    text: str
    attributions: tuple[dict, ...]


@dataclass(frozen=True)
class GoldAttribution:
    """One labelled attribution as scored: content letters, kind, and the source's names."""

    chars: frozenset[int]
    direct: bool
    source: str | None
    names: tuple[str, ...]  # name words of the source, a pronoun resolved; () if unnamed


@dataclass(frozen=True)
class OurQuote:
    """One of newsdesk's quotes in the labelled text's offsets, with its speaker's names."""

    chars: frozenset[int]
    kind: str
    names: tuple[str, ...]  # entity name, surface forms, speaker text: each a full form
    text: str
    confidence: float = 1.0


@dataclass
class QuoteScore:
    """Counts behind every figure; the rates are properties."""

    articles: int = 0
    direct_gold: int = 0
    direct_found: int = 0
    direct_ours: int = 0
    direct_right: int = 0
    speakers_named: int = 0
    speakers_right: int = 0
    # Of those, the quotes we give a speaker at all, and at or above the reader's floor.
    speakers_given: int = 0
    speakers_above: int = 0
    speakers_right_above: int = 0
    reported_gold: int = 0
    reported_located: int = 0
    reported_found: int = 0
    paraphrases: int = 0
    paraphrases_located: int = 0
    paraphrases_right: int = 0
    reported_found_above: int = 0
    paraphrases_above: int = 0
    paraphrases_right_above: int = 0
    floor: float = 0.0
    # Per confidence of our speaker ("0.6"): [direct quotes given that speaker, right].
    by_confidence: dict[str, list[int]] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def direct_precision(self) -> float:
        """Share of our direct quotes that lie in a gold direct quote."""
        return _ratio(self.direct_right, self.direct_ours)

    @property
    def direct_recall(self) -> float:
        """Share of gold direct quotes our direct quotes cover."""
        return _ratio(self.direct_found, self.direct_gold)

    @property
    def direct_f1(self) -> float:
        """Harmonic mean of direct precision and recall."""
        p, r = self.direct_precision, self.direct_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_right(self) -> float:
        """Share of found gold direct quotes with a named source whose speaker we got."""
        return _ratio(self.speakers_right, self.speakers_named)

    @property
    def speaker_precision(self) -> float:
        """Share of the speakers we give (found gold quotes with a named source) that are right."""
        return _ratio(self.speakers_right, self.speakers_given)

    @property
    def speaker_precision_above(self) -> float:
        """Speaker precision over the quotes whose speaker passes the floor."""
        return _ratio(self.speakers_right_above, self.speakers_above)

    @property
    def speaker_recall_above(self) -> float:
        """Share of found gold quotes with a named source whose speaker we give right and
        at or above the floor."""
        return _ratio(self.speakers_right_above, self.speakers_named)

    @property
    def reported_recall_above(self) -> float:
        """Reported speech found by a quote whose speaker passes the floor."""
        return _ratio(self.reported_found_above, self.reported_gold)

    @property
    def reported_precision_above(self) -> float:
        """Paraphrase precision over those whose speaker passes the floor."""
        return _ratio(self.paraphrases_right_above, self.paraphrases_above)

    @property
    def reported_recall(self) -> float:
        """Share of gold reported speech with a named source found with that source."""
        return _ratio(self.reported_found, self.reported_gold)

    @property
    def reported_precision(self) -> float:
        """Share of our paraphrases in a gold attribution's content, with its source."""
        return _ratio(self.paraphrases_right, self.paraphrases)

    def as_json(self) -> dict:
        """The counts and the rates, for `--json`."""
        counts = {k: v for k, v in asdict(self).items() if k != "examples"}
        rates = {
            name: round(getattr(self, name), 4)
            for name in (
                "direct_precision",
                "direct_recall",
                "direct_f1",
                "speaker_right",
                "speaker_precision",
                "speaker_precision_above",
                "speaker_recall_above",
                "reported_recall",
                "reported_precision",
                "reported_recall_above",
                "reported_precision_above",
            )
        }
        return {**counts, **rates, "targets": TARGETS}

    def add(self, other: QuoteScore) -> None:
        """Add another article's counts to these."""
        for name, value in asdict(other).items():
            if name not in ("examples", "by_confidence", "floor"):
                setattr(self, name, getattr(self, name) + value)
        self.floor = other.floor
        for level, (given, right) in other.by_confidence.items():
            counts = self.by_confidence.setdefault(level, [0, 0])
            counts[0] += given
            counts[1] += right
        for name, found in other.examples.items():
            self.examples.setdefault(name, []).extend(found)


def load_polnear(path: Path) -> list[PolnearArticle]:
    """The articles of a PolNeAR jsonl file, attributions without content left out."""
    articles = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            kept = tuple(a for a in row["attributions"] if a.get("content_spans"))
            articles.append(PolnearArticle(row["doc_id"], row["text"], kept))
    return articles


def article_text(text: str) -> tuple[ArticleText, int, int]:
    """The labelled text as an ArticleText (first paragraph the headline), with the offset
    where its body starts in `text` and the shift from enrichment offsets to `text` ones."""
    match = re.search(r"\n\s*", text)
    if match is None:
        return ArticleText("", text), 0, 0
    title, body = text[: match.start()], text[match.end() :]
    if not title.strip():
        return ArticleText("", body), 0, match.end()
    # enrichment reads title + "\n\n" + body: body offsets move by the separator's change
    return ArticleText(title, body), match.end(), match.end() - (len(title) + 2)


def evaluate_quotes(
    path: Path, *, examples: int = 0, floor: float = 0.0, part: str = "all"
) -> QuoteScore:
    """Score `enrich_texts` on a PolNeAR jsonl file (or one `part`: "even" or "odd"
    articles, in file order); keep up to `examples` misses a kind. Speakers are scored
    twice: all of them, and those whose confidence is at least `floor`."""
    if part not in PARTS:
        raise ValueError(f"no such part: {part!r} (one of {', '.join(PARTS)})")
    articles = load_polnear(path)
    # Names are read off the whole file, so that the halves add up to the whole.
    name_words = capitalised_words(a.text for a in articles)
    articles = [a for i, a in enumerate(articles) if PARTS[part](i)]
    total = QuoteScore()
    for first in range(0, len(articles), BATCH_SIZE):
        batch = articles[first : first + BATCH_SIZE]
        inputs = [article_text(a.text) for a in batch]
        enriched = enrich_texts([article for article, _, _ in inputs])
        for labelled, (_, body_start, shift), enrichment in zip(
            batch, inputs, enriched, strict=True
        ):
            ours = our_quotes(enrichment, body_start, shift, labelled.text)
            total.add(score_article(labelled, ours, name_words, examples=examples, floor=floor))
    for name in total.examples:
        total.examples[name] = total.examples[name][:examples]
    return total


def capitalised_words(texts: Iterable[str]) -> frozenset[str]:
    """Words the texts write capitalised more often than in lower case: names, not the
    capitalised first word of a sentence, which shows in lower case elsewhere."""
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in texts:
        for word in WORD.findall(text):
            word = word.strip(".’'-")
            if not word:
                continue
            if word[0].isupper():
                upper[word.lower()] += 1
            elif word[0].islower():
                lower[word] += 1
    return frozenset(w for w, n in upper.items() if n > lower[w])


def our_quotes(enrichment: Enrichment, body_start: int, shift: int, text: str) -> list[OurQuote]:
    """Our quotes of one article, in the labelled text's offsets."""
    found = []
    for quote in enrichment.quotes:
        start, end = quote.start, quote.end
        if start >= body_start - shift:
            start, end = start + shift, end + shift
        names = [quote.speaker_text] if quote.speaker_text else []
        if quote.speaker is not None:
            entity = enrichment.entities[quote.speaker]
            names = [entity.name, *entity.surface_forms, *names]
        chars = _letters(text, [(start, end)])
        found.append(OurQuote(chars, quote.kind, tuple(names), quote.text, quote.confidence))
    return found


def score_article(
    article: PolnearArticle,
    ours: Sequence[OurQuote],
    name_words: frozenset[str],
    *,
    examples: int = 0,
    floor: float = 0.0,
) -> QuoteScore:
    """Counts for one article, given our quotes in its offsets; `floor` as in
    `evaluate_quotes`."""
    gold = gold_attributions(article, name_words)
    score = QuoteScore(articles=1, floor=floor)
    keep = _Examples(score, examples)
    direct_gold = [g for g in gold if g.direct]
    direct_ours = [q for q in ours if q.kind == DIRECT]
    covered = frozenset().union(*(q.chars for q in direct_ours))
    for g in direct_gold:
        score.direct_gold += 1
        if _share(g.chars, covered) < MIN_OVERLAP:
            keep.add("direct_missed", article, g)
            continue
        score.direct_found += 1
        if g.names:
            score.speakers_named += 1
            best = max(direct_ours, key=lambda q: len(q.chars & g.chars))
            right = speaker_matches(best.names, g.names)
            above = bool(best.names) and best.confidence >= floor
            score.speakers_right += right
            score.speakers_given += bool(best.names)
            score.speakers_above += above
            score.speakers_right_above += right and above
            if best.names:
                counts = score.by_confidence.setdefault(f"{best.confidence:.2f}", [0, 0])
                counts[0] += 1
                counts[1] += right
            if not right:
                keep.add("speaker_wrong", article, g, best)
    for q in direct_ours:
        score.direct_ours += 1
        if any(_share(q.chars, g.chars) >= MIN_OVERLAP for g in direct_gold):
            score.direct_right += 1
        else:
            keep.add("direct_wrong", article, None, q)
    for g in gold:
        if g.direct or not g.names:
            continue
        score.reported_gold += 1
        covering = [q for q in ours if _share(g.chars, q.chars) >= MIN_OVERLAP]
        if not covering:
            keep.add("reported_missed", article, g)
            continue
        score.reported_located += 1
        matching = [q for q in covering if speaker_matches(q.names, g.names)]
        score.reported_found += bool(matching)
        score.reported_found_above += any(q.confidence >= floor for q in matching)
        if not matching:
            keep.add("reported_speaker_wrong", article, g, covering[0])
    for q in ours:
        if q.kind != PARAPHRASE:
            continue
        score.paraphrases += 1
        above = q.confidence >= floor
        score.paraphrases_above += above
        home = [g for g in gold if _share(q.chars, g.chars) >= MIN_OVERLAP]
        if not home:
            keep.add("paraphrase_wrong", article, None, q)
            continue
        score.paraphrases_located += 1
        if any(_same_source(q, g) for g in home):
            score.paraphrases_right += 1
            score.paraphrases_right_above += above
        else:
            keep.add("paraphrase_speaker_wrong", article, home[0], q)
    return score


def gold_attributions(article: PolnearArticle, name_words: frozenset[str]) -> list[GoldAttribution]:
    """The article's attributions as scored, a source "he" or "she" resolved to the
    nearest named source before it, when that is in its paragraph or the one before."""
    found = []
    pronouns = []
    sources = []
    for a in article.attributions:
        source = a["source"].strip() if a.get("source") else None
        names: tuple[str, ...] = ()
        at = a["source_span"][0] if a["source_span"] else None
        if source and source.lower() in RELATIVE_SOURCES and at is not None:
            # "Juanita Broaddrick, who said": the phrase before the pronoun is the source.
            before = re.split(r"[,;:(—–]", article.text[:at].rstrip(" ,—–"))[-1]
            names = source_names(NAME_ENDS.split(before)[-1], name_words)
        elif source and source.lower() not in PRONOUN_SOURCES:
            starts = at is None or _starts_sentence(article.text, at)
            names = source_names(source, name_words, sentence_start=starts)
            if names and at is not None and source.split()[0].lower() not in NOT_NAMES:
                sources.append((at, names))
        elif source and at is not None:
            pronouns.append((len(found), at))
        direct = (a["content"] or "").lstrip()[:1] in QUOTE_OPENERS
        chars = _letters(article.text, a["content_spans"])
        found.append(GoldAttribution(chars, direct, source, names))
    sources.sort()
    for index, at in pronouns:
        names = _last_before(sources, at)
        if names is not None and _breaks(article.text, names[0], at) <= PRONOUN_PARAGRAPHS:
            g = found[index]
            found[index] = GoldAttribution(g.chars, g.direct, g.source, names[1])
    return found


def _breaks(text: str, start: int, end: int) -> int:
    return len(re.findall(r"\n\s*", text[start:end]))


def _last_before(
    places: list[tuple[int, tuple[str, ...]]], at: int
) -> tuple[int, tuple[str, ...]] | None:
    index = bisect_right(places, (at,)) - 1
    return places[index] if index >= 0 else None


def source_names(
    source: str, name_words: frozenset[str], *, sentence_start: bool = False
) -> tuple[str, ...]:
    """The name words of a source as written, () when it names nobody ("officials").

    Each stretch between commas is read up to its first preposition or relative pronoun;
    the first whose head (last word) is a name gives the names: "Clinton's Democratic
    opponent, Vermont Sen. Bernie Sanders" names Sanders, "the Christie supporter" nobody.
    A capitalised word is a name unless it is a title, a determiner, a weekday or month,
    or the first word of a sentence that the articles mostly write in lower case.
    """
    first = True
    for part in re.split(r"[,;()]", source):
        head = NAME_ENDS.split(part)[0]
        words = WORD.findall(head)
        found = _name_words(head, name_words if sentence_start and first else None)
        first = first and not words
        if words and found and _bare(words[-1]) == found[-1]:
            return found
    return ()


def speaker_matches(ours: Sequence[str], gold: Sequence[str]) -> bool:
    """Whether one of our speaker's forms names the gold source (see the module's rule)."""
    wanted = {w.lower() for w in gold}
    for form in ours:
        # Read as a source is read: "Roper Center for Public Opinion Research" up to "for".
        words = [w.lower() for w in _name_words(NAME_ENDS.split(form)[0])]
        if not words or words[-1] not in wanted:
            continue
        given_ours, given_gold = set(words[:-1]), wanted - {words[-1]}
        if not given_ours or not given_gold or given_ours & given_gold:
            return True
    return False


def format_quotes(score: QuoteScore, label: str = "") -> str:
    """The human table: each figure with its count and the issue's target beside it."""
    rows = [
        ("direct quotes precision", score.direct_precision, score.direct_right, score.direct_ours),
        ("direct quotes recall", score.direct_recall, score.direct_found, score.direct_gold),
        ("direct quotes F1", score.direct_f1, None, None),
        ("named speaker right", score.speaker_right, score.speakers_right, score.speakers_named),
        ("reported speech found", score.reported_recall, score.reported_found, score.reported_gold),
        (
            "reported speech precision",
            score.reported_precision,
            score.paraphrases_right,
            score.paraphrases,
        ),
    ]
    targets = {
        "direct quotes F1": TARGETS["direct_f1"],
        "named speaker right": TARGETS["speaker_right"],
        "reported speech found": TARGETS["reported_recall"],
    }
    lines = [f"PolNeAR quotes{' ' + label if label else ''}: {score.articles} articles"]
    lines.append(f"{'figure':28s} {'value':>6s} {'count':>13s}  target")
    for name, value, hits, of in rows:
        count = f"{hits}/{of}" if of is not None else ""
        target = f">= {targets[name]:.2f}" if name in targets else ""
        lines.append(f"{name:28s} {value:6.3f} {count:>13s}  {target}")
    lines.append(
        f"reported speech located (any speaker): {score.reported_located}/{score.reported_gold}"
    )
    lines.append(f"speakers at confidence >= {score.floor:.2f} (the reader's floor) against all:")
    lines.append(
        f"  direct quotes  precision {score.speaker_precision_above:.3f} "
        f"({score.speakers_right_above}/{score.speakers_above}) against "
        f"{score.speaker_precision:.3f} ({score.speakers_right}/{score.speakers_given}); "
        f"recall {score.speaker_recall_above:.3f} against {score.speaker_right:.3f}"
    )
    lines.append(
        f"  reported speech precision {score.reported_precision_above:.3f} "
        f"({score.paraphrases_right_above}/{score.paraphrases_above}) against "
        f"{score.reported_precision:.3f}; "
        f"recall {score.reported_recall_above:.3f} against {score.reported_recall:.3f}"
    )
    levels = ", ".join(
        f"{level} {right}/{given}"
        for level, (given, right) in sorted(score.by_confidence.items(), reverse=True)
    )
    lines.append(f"  direct speakers right by confidence: {levels}")
    return "\n".join(lines)


class _Examples:
    """Up to a few misses of each kind, as short lines a developer can read."""

    def __init__(self, score: QuoteScore, limit: int) -> None:
        self.score, self.limit = score, limit

    def add(
        self,
        kind: str,
        article: PolnearArticle,
        gold: GoldAttribution | None,
        ours: OurQuote | None = None,
    ) -> None:
        if not self.limit:
            return
        parts = [article.doc_id]
        if gold is not None:
            span = sorted(gold.chars)
            said = article.text[span[0] : span[-1] + 1]
            parts.append(f"gold[{gold.source!r} {gold.names}]: {said!r}")
        if ours is not None:
            parts.append(f"ours[{ours.names}]: {ours.text!r}")
        self.score.examples.setdefault(kind, []).append(" | ".join(parts))


def _name_words(phrase: str, first_if: frozenset[str] | None = None) -> tuple[str, ...]:
    # `first_if`: the phrase starts a sentence, so its first word is a name only if the
    # articles write it capitalised more often than not ("Officials said" is no name).
    found = []
    for index, word in enumerate(WORD.findall(phrase)):
        bare = _bare(word)
        if not bare or not bare[0].isupper() or bare.lower() in NOT_NAMES:
            continue
        if index == 0 and first_if is not None and bare.lower() not in first_if:
            continue
        found.append(bare)
    return tuple(found)


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t" + QUOTE_OPENERS + "”’")
    return not before or before[-1] in ".!?:\n"


def _bare(word: str) -> str:
    return re.sub(r"[’']s$", "", word).strip(".’'-")


def _same_source(quote: OurQuote, gold: GoldAttribution) -> bool:
    if gold.names:
        return speaker_matches(quote.names, gold.names)
    if not gold.source or not quote.names:
        return False
    head = gold.source.split()[-1].lower()
    return any(form.split() and form.split()[-1].lower() == head for form in quote.names)


def _letters(text: str, spans: Iterable[Sequence[int]]) -> frozenset[int]:
    return frozenset(i for start, end in spans for i in range(start, end) if text[i].isalnum())


def _share(part: frozenset[int], whole: frozenset[int]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def _ratio(hits: int, of: int) -> float:
    return hits / of if of else 0.0
