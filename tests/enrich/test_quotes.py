"""Quotes: direct quotes and paraphrases, with their speakers and attribution chains.

Quotation marks alone are tested in test_quote_marks.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from spacy.tokens import Doc

from newsdesk.demo import ARTICLES_DIR
from newsdesk.enrich.entities import local_entities
from newsdesk.enrich.nlp import mentions_of, parse, sentences_of
from newsdesk.enrich.quotes import DIRECT, PARAPHRASE, PARTIAL, find_quotes
from newsdesk.enrich.speakers import COLON, CONTINUED, NAMED, NEAREST, NOBODY, PRONOUN
from newsdesk.store.models import Article
from newsdesk.types import LocalEntity, MentionDraft, QuoteDraft
from tests.conftest import SEEDS

# The aggregator's own chrome starts here in seed 003; the AP article is what comes before.
CHROME = "Try Our AI Features"

SPLIT = "“We will not retreat,” Lavrov said. “We will keep going until the end.”"
SPLIT_AROUND = (
    'NATO Secretary General Mark Rutte spoke in Washington. "If I were Vladimir Putin '
    'today," Rutte said, "I would reconsider taking the negotiations more seriously."'
)
SHE_SAID = (
    "Foreign Minister Choe Son Hui said her country backed Moscow. Sergey Lavrov thanked "
    'the delegation for its support. "We will stand with Russia to the end," she said.'
)
APOSTROPHES = (
    "North Korea's leader said the talks weren't over. The two countries' ties, he "
    "didn't deny, were tested in the '90s and aren't what they were."
)
SCARE_QUOTES = (
    'The resort was billed as a model of the "new era". Officials in Seoul called the '
    'treaty "a threat to our security", and posters in Wonsan read "We will build a '
    'paradise for the people".'
)
NO_SPEAKER = '"The market is not the buildings," one of them said. "It is the people."'
PARAPHRASES = (
    "Kremlin spokesman Dmitry Peskov said the two leaders would sign a partnership treaty. "
    "He added that the talks could run late. Peskov reaffirmed Moscow's support for "
    "Pyongyang on Tuesday."
)
RUN_ON = (
    'Kim Min-jun spoke at the rally. "We have waited for this day for seventy years.\n\n'
    '"We will not wait any longer," Kim said.'
)
INTRODUCED = (
    "Senator Maria Lopez took questions in Ohio.\n\nLopez continued:\n\n"
    '"The questions asked tonight show why people do not trust the media."'
)
GOES_ON = (
    '"We like a lot of the candidates," Sheldon Adelson said in an interview.\n\n'
    '"It is changing every day, and nobody knows who will win."'
)
HEADLINE = (
    "Lindsey Graham: 'I Am the Worst Thing That Ever Happened to Them.'\n\n"
    "Senator Lindsey Graham spoke in Ohio."
)
PARTIAL_AND_DIRECT = (
    'Kim Jong Un said Pyongyang would "unconditionally support" Moscow. '
    'Barack Obama said "it gets me mad every single time."'
)
ACCORDING = "The drills will continue next month, according to Tass."
SEOUL_OFFICIALS = (
    "Seoul officials said the visit threatened regional security. "
    '"We are watching closely," they said.'
)
DATELINED = (
    "Lavrov warns allies against new bloc\n\n"
    "SEOUL -- Russian Foreign Minister Sergey Lavrov warned Seoul and Tokyo against an alliance."
)
SIGNED = '"He cannot even answer a question." ― Maria Fernandez'
HE_AGAIN = (
    "Mike Coffman said Donald Trump had disrespected the troops.\n\n"
    '"I am deeply offended by what he said," he said.'
)
NYT_MARKS = "''We've never found a tunnel using them,'' said David Shaw, a special agent."
# A headline that leaves its quote open over a lead that opens with the full quote.
HEADLINE_OPEN = (
    'Clinton: "We will not back down\n\n'
    '"We will not back down from this fight," Hillary Clinton said in Ohio.'
)
BYLINED = (
    "Senate passes the budget\n\nBy Jane Smith\n\n"
    'WASHINGTON (AP) — "This budget is a promise kept," Senator Mitch McConnell said.\n\n'
    "WASHINGTON — Senator Ann Lee said the vote was a mistake."
)
THREE_PARAGRAPHS = (
    'Mitch McConnell spoke first. "We waited for this budget for years.\n\n'
    '"It is a promise kept.\n\n"Now we will pass it," McConnell said.\n\n'
    '"Who pays?" asked Ann Lee.'
)
# Headline style: the speaker's name, a colon, and their words in the writer's paraphrase.
COLON_STATEMENT = (
    "Lindsey Graham: Trump Is Destroying the Party\n\nSenator Lindsey Graham spoke in Ohio."
)
# A mark left open with no mark reopening the next paragraph quotes nothing across it.
NOT_REOPENED = (
    'Ann Lee said the plan was "a disaster for the state.\n\n'
    "The vote is on Friday, and Lee will speak."
)
# An attribution set off by commas inside the sentence: both sides were said.
PARENTHETICAL = (
    "Lenox was a juggernaut, Mark Clarke said, until it went bankrupt in 1999. "
    "The museum, George Bush said, celebrated several of his heroes."
)
# A transcript inside one quotation: each turn headed by its speaker in capitals.
TRANSCRIPT = (
    "Mike Pence spoke on Fox News Sunday. Partial transcript as follows:\n\n"
    '"WALLACE: Let us start with the debate.\n\n"PENCE: Well, the debate will be fine.\n\n'
    '"WALLACE: And the tweet?\n\n"PENCE: It was only a joke."'
)
DATELINE_SUBJECT = (
    "MYRTLE BEACH, S.C. - Sen. Ted Cruz continued his attack on Donald Trump on Saturday, "
    "questioning his judgment."
)
# The parser gives "said" a subject from inside the quote as well as the speaker.
TWO_SUBJECTS = (
    '"He would be a great senator. Not good, great. One of the brightest members of the '
    'entire Congress," Rep. Elijah Cummings (D-Md.) said in a phone interview.'
)
PUT_IT = (
    "Or, as Tom Ridge, a former secretary of homeland security, put it: "
    '"The barbarians are no longer at the gate."'
)

SMALL = {
    "two_subjects": TWO_SUBJECTS,
    "put_it": PUT_IT,
    "parenthetical": PARENTHETICAL,
    "transcript": TRANSCRIPT,
    "dateline_subject": DATELINE_SUBJECT,
    "run_on": RUN_ON,
    "introduced": INTRODUCED,
    "goes_on": GOES_ON,
    "headline": HEADLINE,
    "partial_and_direct": PARTIAL_AND_DIRECT,
    "according": ACCORDING,
    "seoul_officials": SEOUL_OFFICIALS,
    "datelined": DATELINED,
    "signed": SIGNED,
    "he_again": HE_AGAIN,
    "nyt_marks": NYT_MARKS,
    "split": SPLIT,
    "split_around": SPLIT_AROUND,
    "she": SHE_SAID,
    "apostrophes": APOSTROPHES,
    "scare": SCARE_QUOTES,
    "no_speaker": NO_SPEAKER,
    "paraphrases": PARAPHRASES,
    "headline_open": HEADLINE_OPEN,
    "bylined": BYLINED,
    "three_paragraphs": THREE_PARAGRAPHS,
    "not_reopened": NOT_REOPENED,
    "colon_statement": COLON_STATEMENT,
}
# Texts whose first paragraph is the headline, as enrichment gives them.
HEADLINED = {"headline_open", "bylined", "colon_statement"}


@dataclass(frozen=True)
class Parsed:
    """One text with everything find_quotes needs, and what it found."""

    text: str
    entities: list[LocalEntity]
    quotes: list[QuoteDraft]

    def direct(self) -> list[QuoteDraft]:
        return [q for q in self.quotes if q.kind == DIRECT]

    def quoted(self) -> list[QuoteDraft]:
        """Every quote in quotation marks: direct ones and partial ones."""
        return [q for q in self.quotes if q.kind in (DIRECT, PARTIAL)]

    def paraphrases(self) -> list[QuoteDraft]:
        return [q for q in self.quotes if q.kind == PARAPHRASE]

    def quote(self, prefix: str, *kinds: str) -> QuoteDraft:
        kinds = kinds or (DIRECT, PARTIAL)
        found = [q for q in self.quotes if q.kind in kinds and q.text.startswith(prefix)]
        assert found, f"no {kinds} starting {prefix!r} in {[q.text for q in self.quotes]}"
        return found[0]

    def speaker(self, quote: QuoteDraft) -> str | None:
        return None if quote.speaker is None else self.entities[quote.speaker].name


def hand_entities(mentions: list[MentionDraft]) -> list[LocalEntity]:
    """Entities clustered by hand: one per PERSON name, a lone first or last name joined to
    the full name it belongs to; one per distinct name of the other kinds."""
    full_names = sorted(
        {m.text for m in mentions if m.label == "PERSON" and " " in m.text}, key=len, reverse=True
    )
    groups: dict[tuple[str, str], list[int]] = {}
    for index, m in enumerate(mentions):
        key = m.text
        if m.label == "PERSON" and " " not in m.text:
            key = next((n for n in full_names if m.text in (n.split()[0], n.split()[-1])), key)
        groups.setdefault((key, m.label), []).append(index)
    return [
        LocalEntity(
            name=name,
            label=label,
            mentions=tuple(indexes),
            surface_forms=tuple(dict.fromkeys(mentions[i].text for i in indexes)),
        )
        for (name, label), indexes in groups.items()
    ]


def analyse(text: str, doc: Doc, headline_end: int = 0) -> Parsed:
    sentences = sentences_of(doc)
    mentions = mentions_of(doc, sentences)
    entities = hand_entities(mentions)
    quotes = find_quotes(text, doc, sentences, mentions, entities, headline_end)
    return Parsed(text, entities, quotes)


@pytest.fixture(scope="module")
def parsed() -> dict[str, Parsed]:
    """Every text of this module parsed once: the two seeds and the small cases."""
    texts = {
        "000": next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8"),
        "003": next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8"),
        **SMALL,
    }
    docs = parse(texts.values())
    return {
        key: analyse(text, doc, text.index("\n\n") if key in HEADLINED else 0)
        for (key, text), doc in zip(texts.items(), docs, strict=True)
    }


# --- The seeds -----------------------------------------------------------------------


def test_seed_003_warning_is_lavrov_according_to_tass(parsed):
    seed = parsed["003"]
    quote = seed.quote("We warn against exploiting these ties")
    assert seed.speaker(quote) == "Sergey Lavrov"
    assert quote.speaker_text == "he"
    assert any("Tass" in phrase for phrase in quote.attribution)
    assert quote.attribution == ("according to Russia's state Tass news agency",)
    assert seed.text[quote.start : quote.end] == quote.text
    assert quote.text.endswith("of course, Russia")


def test_seed_000_gratitude_is_lavrov(parsed):
    seed = parsed["000"]
    quote = seed.quote("I am grateful for North Korea's position in support of Russia")
    assert seed.speaker(quote) == "Sergei Lavrov"
    assert quote.speaker_text == "He"
    assert seed.speaker(seed.quote("I would like to discuss")) == "Sergei Lavrov"
    assert seed.speaker(seed.quote("President Putin has been invited")) == "Peskov"
    # 'Choi stated that "we are ready ..."': quoted words inside a reported clause.
    ready = seed.quote("we are ready to make every effort")
    assert (ready.kind, seed.speaker(ready)) == (PARTIAL, "Choi So-hee")


def test_seed_003_every_quote_of_the_article(parsed):
    seed = parsed["003"]
    article_end = seed.text.index(CHROME)
    article = [q for q in seed.quoted() if q.start < article_end]
    # Words quoted inside the reporter's sentence ("reaffirmed his commitment to
    # 'unconditionally support ...'") are partial quotes; quotes standing on their own
    # are direct. Every one keeps its speaker.
    assert [(q.text.split()[:3], q.kind, seed.speaker(q)) for q in article] == [
        (["unconditionally", "support", "and"], PARTIAL, "Kim Jong Un"),
        (["all", "strategic", "issues"], PARTIAL, "Kim Jong Un"),
        (["strategic", "and", "tactical"], PARTIAL, "Sergey Lavrov"),
        (["We", "warn", "against"], DIRECT, "Sergey Lavrov"),
        (["The", "technologies", "used"], DIRECT, "Sergey Lavrov"),
        # Her full name is recognised, so the surname alone joins it.
        (["unconditionally"], PARTIAL, "Choe Son Hui"),
        (["I", "am", "sure"], DIRECT, "Sergey Lavrov"),
    ]
    chains = {q.text.split()[0]: q.attribution for q in article}
    assert chains["strategic"] == ("KCNA reported",)
    assert chains["all"] == ("according to North Korea's official Korean Central News Agency",)
    assert chains["The"] == ("according to Tass",)
    assert chains["I"] == ("according to the Russian Foreign Ministry",)
    # A quote of two sentences is one quote.
    assert seed.quote("The technologies used").text.endswith("pursuing nuclear development")


def test_seed_003_teaser_quotes(parsed):
    seed = parsed["003"]
    talks = seed.quote("talks nice and then he bombs everybody")
    # 'Putin "talks nice ...," Trump said': the subject is the reporter's, so partial.
    assert (talks.kind, seed.speaker(talks)) == (PARTIAL, "Donald Trump")
    assert seed.speaker(seed.quote("defense, strengthening security")) == "Andrii Yermak"
    assert seed.speaker(seed.quote("Russia does not want a cease fire")) == "Andrii Yermak"
    patriots = seed.quote("We will send them Patriots")
    assert seed.speaker(patriots) == "Donald Trump"
    assert patriots.attribution == ("told reporters",)
    # The apostrophes of "there's" and "don't" inside it open no quote of their own.
    assert patriots.text.endswith("I don't like it")


def test_seed_003_paraphrases(parsed):
    seed = parsed["003"]
    understands = seed.quote("Russia understands North Korea's decision", PARAPHRASE)
    assert seed.speaker(understands) == "Sergey Lavrov"
    assert understands.text == "Russia understands North Korea's decision to seek nuclear weapons"
    # What Kim reaffirmed is the object of the verb, not the whole sentence about him.
    reaffirmed = seed.quote("his government's commitment", PARAPHRASE)
    assert seed.speaker(reaffirmed) == "Kim Jong Un"
    said = seed.quote("Pyongyang and Moscow share identical views", PARAPHRASE)
    assert (seed.speaker(said), said.speaker_text) == ("Kim Jong Un", "He")
    # A sentence with a full quote is not also a paraphrase.
    assert not any("We warn" in q.text for q in seed.paraphrases())


# --- Small cases ---------------------------------------------------------------------


def test_curly_quote_split_by_attribution_gives_two_quotes_one_speaker(parsed):
    case = parsed["split"]
    first, second = case.direct()
    assert (first.text, second.text) == ("We will not retreat", "We will keep going until the end.")
    assert case.speaker(first) == case.speaker(second) == "Lavrov"
    assert case.text[second.start : second.end] == second.text


def test_quote_split_around_its_attribution(parsed):
    case = parsed["split_around"]
    first, second = case.direct()
    assert first.text == "If I were Vladimir Putin today"
    assert second.text.startswith("I would reconsider")
    assert case.speaker(first) == case.speaker(second) == "Mark Rutte"


def test_she_said_goes_to_the_woman_named_before(parsed):
    case = parsed["she"]
    (quote,) = case.direct()
    assert quote.speaker_text == "she"
    # The recogniser cuts her name to "Choe Son"; Lavrov, named nearer, is a "he" unknown.
    assert case.speaker(quote).startswith("Choe Son")


def test_apostrophes_give_no_quotes(parsed):
    assert parsed["apostrophes"].direct() == []


def test_scare_quotes_need_a_speaker(parsed):
    case = parsed["scare"]
    # Nobody says "new era"; the Seoul officials are no named entity, so their phrase goes
    # too; the posters' full clause stays, with no speaker.
    assert [(q.text, q.speaker) for q in case.direct()] == [
        ("We will build a paradise for the people", None)
    ]


def test_quote_nobody_named_is_kept_without_speaker(parsed):
    case = parsed["no_speaker"]
    first, second = case.direct()
    assert first.speaker is None and second.speaker is None
    assert first.speaker_text == "one of them"
    assert second.text == "It is the people."


def test_paraphrases_with_pronoun_and_object(parsed):
    case = parsed["paraphrases"]
    said, added, reaffirmed = case.paraphrases()
    assert said.text == "the two leaders would sign a partnership treaty"
    assert case.speaker(said) == "Dmitry Peskov"
    assert added.text == "the talks could run late"
    assert (added.speaker_text, case.speaker(added)) == ("He", "Dmitry Peskov")
    assert case.speaker(reaffirmed) == "Dmitry Peskov"
    assert reaffirmed.sentence == 2
    assert case.direct() == []


def test_a_quote_over_paragraphs_is_one_quote(parsed):
    case = parsed["run_on"]
    (quote,) = case.direct()
    assert quote.text.startswith("We have waited") and quote.text.endswith("any longer")
    assert "\n\n" in quote.text
    assert case.speaker(quote) == "Kim Min-jun"


def test_a_paragraph_ending_in_a_colon_introduces_the_next_quote(parsed):
    case = parsed["introduced"]
    (quote,) = case.direct()
    assert case.speaker(quote) == "Maria Lopez"


def test_a_quote_opening_the_next_paragraph_goes_on_with_its_speaker(parsed):
    case = parsed["goes_on"]
    first, second = case.direct()
    assert case.speaker(first) == case.speaker(second) == "Sheldon Adelson"


def test_headline_quote_names_its_speaker_before_the_colon(parsed):
    case = parsed["headline"]
    (quote,) = case.direct()
    assert quote.text.startswith("I Am the Worst Thing")
    assert case.speaker(quote) == "Lindsey Graham"
    # The quote stays in the headline: the body's first sentence is not glued on.
    assert "\n" not in quote.text


def test_words_quoted_inside_a_reported_clause_are_partial(parsed):
    case = parsed["partial_and_direct"]
    partial = case.quote("unconditionally support")
    direct = case.quote("it gets me mad")
    assert (partial.kind, case.speaker(partial)) == (PARTIAL, "Kim Jong Un")
    assert (direct.kind, case.speaker(direct)) == (DIRECT, "Barack Obama")
    # The clause around the partial quote is reported speech of its own.
    reported = case.quote("Pyongyang would", PARAPHRASE)
    assert case.speaker(reported) == "Kim Jong Un"


def test_according_to_gives_reported_speech_of_the_source(parsed):
    case = parsed["according"]
    (reported,) = case.paraphrases()
    assert reported.text == "The drills will continue next month"
    assert reported.speaker_text == "Tass"


def test_a_place_qualifying_the_speakers_is_not_the_speaker(parsed):
    case = parsed["seoul_officials"]
    reported = case.quote("the visit threatened regional security", PARAPHRASE)
    assert reported.speaker is None
    assert reported.speaker_text == "Seoul officials"
    assert all(case.speaker(q) != "Seoul" for q in case.quotes)


def test_reported_speech_stays_in_its_paragraph_and_leaves_the_dateline(parsed):
    case = parsed["datelined"]
    for quote in case.paraphrases():
        assert "\n" not in quote.text and "SEOUL --" not in quote.text
    assert case.speaker(case.quote("Seoul and Tokyo against", PARAPHRASE)) == "Sergey Lavrov"


def test_a_quote_signed_with_a_dash_is_the_signer(parsed):
    case = parsed["signed"]
    (quote,) = case.direct()
    assert case.speaker(quote) == "Maria Fernandez"


def test_he_said_is_the_last_named_speaker_not_the_person_he_spoke_of(parsed):
    case = parsed["he_again"]
    (quote,) = case.direct()
    assert (quote.speaker_text, case.speaker(quote)) == ("he", "Mike Coffman")


def test_two_apostrophes_are_one_double_mark(parsed):
    case = parsed["nyt_marks"]
    (quote,) = case.direct()
    assert quote.text == "We've never found a tunnel using them"
    assert case.speaker(quote) == "David Shaw"


def test_a_quote_left_open_in_the_headline_ends_with_it(parsed):
    case = parsed["headline_open"]
    headline, lead = case.direct()
    assert headline.text == "We will not back down"
    assert lead.text == "We will not back down from this fight"
    assert case.speaker(headline) == case.speaker(lead) == "Hillary Clinton"
    # Named before a colon is less sure than named as the subject of "said".
    assert (headline.confidence, lead.confidence) == (COLON, NAMED)


def test_no_quote_takes_in_the_headline_byline_or_dateline(parsed):
    case = parsed["bylined"]
    (quote,) = case.direct()
    assert quote.text == "This budget is a promise kept"
    assert case.speaker(quote) == "Mitch McConnell"
    (reported,) = case.paraphrases()
    assert reported.text == "the vote was a mistake"
    for said in case.quotes:
        for part in ("Senate passes", "Jane Smith", "WASHINGTON", "\n"):
            assert part not in said.text, said


def test_a_quote_reopened_over_three_paragraphs_is_one_quote(parsed):
    case = parsed["three_paragraphs"]
    long, question = case.direct()
    assert long.text.startswith("We waited") and long.text.endswith("we will pass it")
    assert long.text.count("\n\n") == 2
    assert case.speaker(long) == "Mitch McConnell"
    assert question.text == "Who pays?"


def test_a_mark_left_open_without_a_reopening_quotes_nothing_across_paragraphs(parsed):
    case = parsed["not_reopened"]
    assert all("\n" not in q.text and "Friday" not in q.text for q in case.quotes)


def test_a_name_and_a_colon_open_a_statement_in_the_writers_words(parsed):
    case = parsed["colon_statement"]
    (statement,) = case.paraphrases()
    assert statement.text == "Trump Is Destroying the Party"
    assert (case.speaker(statement), statement.confidence) == ("Lindsey Graham", COLON)
    assert case.direct() == []


def test_confidence_follows_how_the_speaker_was_found(parsed):
    goes_on = parsed["goes_on"]
    first, second = goes_on.direct()
    # Named as the subject of "said"; the next paragraph only quotes, so it carries on.
    assert (first.confidence, second.confidence) == (NAMED, CONTINUED)
    (he,) = parsed["he_again"].direct()
    assert he.confidence == PRONOUN
    (signed,) = parsed["signed"].direct()
    assert signed.confidence == COLON
    # A quote nobody is named or described for has no confidence at all; one given to a
    # person has some.
    for case in parsed.values():
        for quote in case.quotes:
            if quote.speaker is None and not quote.speaker_text:
                assert quote.confidence == NOBODY, quote
            if quote.speaker is not None:
                assert quote.confidence > NOBODY, quote
    assert NAMED > COLON >= CONTINUED > PRONOUN > NEAREST > NOBODY


# --- The demo corpus -----------------------------------------------------------------

# Share of direct quotes with a speaker entity, and with a speaker named or described:
# "a tour operator in Vladivostok" is nobody the article names, but a speaker all the same.
MIN_ENTITY_SHARE = 0.78
MIN_DESCRIBED_SHARE = 0.97


@pytest.fixture(scope="module")
def demo_quotes(sqlite_demo_store) -> list[tuple[str, list[QuoteDraft]]]:
    """Each demo article's text and quotes, entities from the real clustering."""
    with sqlite_demo_store.session() as session:
        texts = [a.text for a in session.query(Article).filter(Article.is_stub.is_(False))]
    found = []
    for text, doc in zip(texts, parse(texts), strict=True):
        sentences = sentences_of(doc)
        mentions = mentions_of(doc, sentences)
        entities = local_entities(text, sentences, mentions)
        found.append((text, find_quotes(text, doc, sentences, mentions, entities)))
    return found


def test_demo_corpus_figures(demo_quotes):
    quotes = [q for _, article in demo_quotes for q in article]
    direct = [q for q in quotes if q.kind in (DIRECT, PARTIAL)]
    paraphrases = [q for q in quotes if q.kind == PARAPHRASE]
    with_entity = sum(q.speaker is not None for q in direct) / len(direct)
    described = sum(q.speaker_text is not None for q in direct) / len(direct)
    print(
        f"demo corpus: {len(direct)} direct and partial quotes, {len(paraphrases)} paraphrases; "
        f"{with_entity:.0%} of direct quotes with a speaker entity, "
        f"{described:.0%} with a speaker named or described"
    )
    assert len(direct) >= 200
    assert len(paraphrases) >= 130
    assert with_entity >= MIN_ENTITY_SHARE
    assert described >= MIN_DESCRIBED_SHARE


def test_demo_quotes_are_exact_slices(demo_quotes):
    for text, quotes in demo_quotes:
        for quote in quotes:
            assert text[quote.start : quote.end] == quote.text
            assert quote.text == quote.text.strip()


def test_he_is_the_subject_the_recogniser_missed_not_the_person_he_names() -> None:
    # The demo article names Zelenskyy as a sentence's subject, which en_core_web_sm does
    # not tag there, then quotes him: '"I came to Türkiye. Putin did not," he said'.
    text = (ARTICLES_DIR / "txt" / "zelenskyy-sanctions-istanbul.txt").read_text(encoding="utf-8")
    found = analyse(text, next(iter(parse([text]))))
    for start in ("I came to Türkiye", "he was ready to meet Vladimir Putin"):
        kind = DIRECT if start.startswith("I") else PARAPHRASE
        assert found.speaker(found.quote(start, kind)) == "Volodymyr Zelenskyy", start


def test_a_described_newcomer_is_not_the_person_last_named() -> None:
    # '..., said the director of one advocacy group in Washington' after quoting the judge.
    text = (ARTICLES_DIR / "txt" / "google-lighter-penalty.txt").read_text(encoding="utf-8")
    found = analyse(text, next(iter(parse([text]))))
    critic = found.quote("A monopolist was found guilty")
    assert found.speaker(critic) is None
    assert critic.speaker_text == "the director of one advocacy group in Washington"
    assert found.speaker(found.quote("The court's job is not to punish Google")) == "Amit Mehta"


def test_she_said_goes_to_the_woman_her_title_shows():
    # Nobody is a "she" by pronoun before the quote; "Congresswoman" says who is.
    text = (
        "Congresswoman Nancy Pelosi met Tom Smith in Washington on Monday. Smith spoke "
        'first at the meeting. "We will not give up on this bill," she said.'
    )
    quotes, entities = _quotes_of(text)
    (quote,) = [q for q in quotes if q.kind == DIRECT]
    assert quote.speaker is not None and entities[quote.speaker].name == "Nancy Pelosi"


def test_an_attribution_inside_the_sentence_reports_both_sides(parsed):
    case = parsed["parenthetical"]
    lenox = case.quote("Lenox was a juggernaut", PARAPHRASE)
    assert lenox.text.endswith("until it went bankrupt in 1999")
    assert case.speaker(lenox) == "Mark Clarke"
    museum = case.quote("The museum", PARAPHRASE)
    assert museum.text.endswith("celebrated several of his heroes")
    assert case.speaker(museum) == "George Bush"


def test_each_turn_of_a_transcript_is_its_speakers(parsed):
    case = parsed["transcript"]
    turns = {q.text: q for q in case.paraphrases()}
    assert case.speaker(turns["Well, the debate will be fine"]) == "Mike Pence"
    assert case.speaker(turns["It was only a joke"]) == "Mike Pence"
    assert turns["Let us start with the debate"].speaker_text == "Wallace"
    assert all("PENCE" not in text and "WALLACE" not in text for text in turns)


def test_a_dateline_is_never_the_speaker(parsed):
    case = parsed["dateline_subject"]
    assert case.quotes, "Cruz's questioning is reported speech"
    for quote in case.quotes:
        assert "BEACH" not in (quote.speaker_text or "")
        assert case.speaker(quote) in (None, "Ted Cruz")


def test_the_subject_outside_the_quote_spoke(parsed):
    case = parsed["two_subjects"]
    (quote,) = case.direct()
    assert case.speaker(quote) == "Elijah Cummings"


def test_as_x_put_it_introduces_xs_words(parsed):
    case = parsed["put_it"]
    (quote,) = case.direct()
    assert case.speaker(quote) == "Tom Ridge"


def _quotes_of(text: str) -> tuple[list[QuoteDraft], list[LocalEntity]]:
    (doc,) = parse([text])
    sentences = sentences_of(doc)
    mentions = mentions_of(doc, sentences)
    entities = local_entities(text, sentences, mentions)
    return find_quotes(text, doc, sentences, mentions, entities), entities


def test_a_gerund_of_saying_after_a_name_is_that_persons():
    # The parser hangs "saying" on "ends", whose subject is the advert, not the speaker.
    text = (
        "Maria Lopez released an advert on Monday. The advert ends with footage of "
        'John Smith saying during the debate, "Low taxes make me rich."'
    )
    quotes, entities = _quotes_of(text)
    (quote,) = [q for q in quotes if q.kind == DIRECT]
    assert quote.speaker is not None and entities[quote.speaker].name == "John Smith"


def test_a_quote_after_a_named_partial_quote_goes_on_with_its_speaker():
    text = (
        "Ava Reyes spoke at the festival on Friday. Reyes said she made the film because "
        '"few people know the history," she said. "We cannot understand today without it."'
    )
    quotes, entities = _quotes_of(text)
    (quote,) = [q for q in quotes if q.kind == DIRECT]
    assert quote.text.startswith("We cannot understand")
    assert quote.speaker is not None and entities[quote.speaker].name == "Ava Reyes"
    assert quote.confidence <= CONTINUED


def test_a_title_after_a_word_for_a_work_is_no_quote():
    # Invented sentences in news style: a book's and a show's titles, then a quote in capitals.
    text = (
        'Senator Mara Quill said in her 2019 memoir, "A Harbour for Everyone," that she '
        'grew up poor. She watches the drama "Tides of the North" every week. '
        '"Of Course," Quill said when asked whether she would run again.'
    )
    quotes, _ = _quotes_of(text)
    said = [text[q.start : q.end] for q in quotes if q.kind == "direct"]
    assert said == ["Of Course"]
