"""Who spoke: the subject of a reporting verb, resolved to one of the article's entities.

A subject may be a name, a pronoun ("she said", resolved to the person the article has
shown to be a "she"), or a description ("the minister", resolved by role or nearness).
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Token

from newsdesk.enrich.parsed import ParsedArticle, person_named, token_end, word_set
from newsdesk.types import LocalEntity

# Lemmas of verbs that introduce someone's words. "report" is left out on purpose:
# "KCNA reported" names who carries the words, not who spoke them (see attribution).
REPORTING_VERBS = word_set(
    """
    say tell add warn stress note declare reaffirm reiterate emphasise emphasize state
    write ask insist urge accuse call announce explain argue claim comment remark reply
    respond answer admit acknowledge confirm deny vow pledge promise predict suggest
    recall complain caution tweet post assert affirm underline underscore concede
    describe dismiss quip continue conclude agree believe hope demand
    """
)
# Heads of descriptions that stand for a person ("the minister", "the de facto ruler").
PERSON_NOUNS = word_set(
    """
    minister president premier chancellor secretary spokesman spokeswoman spokesperson
    leader ruler king queen prince princess governor mayor senator ambassador envoy
    chief head director chairman chairwoman chair official diplomat general commander
    aide adviser advisor judge prosecutor emperor pope dictator monarch lawmaker
    representative deputy negotiator man woman founder executive ceo analyst expert
    economist
    """
)
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
MALE_TITLES = frozenset({"mr.", "mr"})
FEMALE_TITLES = frozenset({"mrs.", "mrs", "ms.", "ms", "miss"})
# Titles that say who is a "he" or a "she" ("Congresswoman Pelosi", "his wife, Melania").
MALE_ROLES = word_set(
    """
    spokesman congressman chairman businessman assemblyman councilman husband father son
    brother uncle king prince emperor pope
    """
)
FEMALE_ROLES = word_set(
    """
    spokeswoman congresswoman chairwoman businesswoman assemblywoman councilwoman wife
    mother daughter sister aunt queen princess actress first-lady
    """
)
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "many", "two"})
MAX_SUBJECT_CLIMB = 4
# A "he said" may refer to the last named speaker across this many line breaks: the
# paragraph before and the blank line between (news paragraphs are short).
PREVIOUS_SPEAKER_BREAKS = 2
# Links inside a name or description: "David Brock", "the former senator".
NAME_DEPS = frozenset({"compound", "flat", "amod", "det", "poss", "nmod"})

# How surely a speaker was found, by the rule that found it, highest first: the order of
# the share of speakers right under each rule on PolNeAR's training part (`newsdesk eval
# quotes` prints it per level): named 98.5%, colon 100% (of 15), carried on 97%, pronoun
# of the last named speaker 93%, pronoun of the nearest person 67%, role 15% (of 13).
# The reader's floor (ReadingSettings.quote_confidence) cuts this list.
NAMED = 1.0  # a name is the subject of the verb of saying: "Peskov said"
COLON = 0.9  # a name before a colon or after a dash: 'Trump: "..."', '"..." ― Maria Lopez'
CONTINUED = 0.9  # a paragraph that only quotes goes on with the speaker before it (at most)
# A description nobody the article names ("officials", "a hotel manager"): the speaker
# as the article gives them, claiming no one in particular.
AS_WRITTEN = 0.8
PRONOUN = 0.7  # "he said" after that person spoke, or right after they were the subject
ROLE = 0.45  # "the minister said", resolved to the person the article gives that role
NEAREST = 0.3  # "he" or "the official", resolved to the nearest person named before
NOBODY = 0.0


def is_reporting(token: Token) -> bool:
    """Whether `token` is a verb that introduces someone's words ("said", "warned")."""
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    # "as Tom Ridge put it: ..." says in other words what "said" says.
    return lemma in REPORTING_VERBS or (
        lemma == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children)
    )


def subject_of(verb: Token) -> tuple[Token | None, str | None]:
    """The subject of a reporting verb, climbing from "saying"/"adding" to the clause
    that has one; "Tass cited Lavrov as saying" gives Lavrov, with Tass's phrase."""
    described = _gerund_subject(verb)
    if described is not None:
        return described, None
    token = verb
    for _ in range(MAX_SUBJECT_CLIMB):
        if token.lemma_ in ("cite", "quote") and token.i != verb.i:
            objects = [c for c in token.children if c.dep_ == "dobj"]
            if objects:
                subjects = [c for c in token.children if c.dep_ == "nsubj"]
                first = subjects[0].left_edge if subjects else token
                phrase = verb.doc.text[first.idx : token_end(verb)]
                return objects[0], phrase
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0], None
        inverted = _inverted_subject(token)
        if inverted is not None:
            return inverted, None
        # "as Tom Ridge put it": the parser reads "as" as a preposition and the speaker
        # as its object.
        as_object = [
            o
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "as" and c.i < token.i
            for o in c.children
            if o.dep_ == "pobj"
        ]
        if as_object and is_reporting(token):
            return as_object[0], None
        # "went so far as to say" hangs the verb on an adverb of the clause with the subject.
        climbs = ("advcl", "xcomp", "conj", "pcomp", "prep", "advmod")
        if token.dep_ not in climbs or token.head.i == token.i:
            break
        token = token.head
    return None, None


def _gerund_subject(verb: Token) -> Token | None:
    # "Footage of Trump saying", "heard Clinton telling": a gerund of saying right after
    # a name has that person as its speaker, wherever the parser hangs it.
    if verb.tag_ != "VBG" or verb.i == 0 or not is_reporting(verb):
        return None
    before = verb.doc[verb.i - 1]
    if before.dep_ not in ("pobj", "dobj") or before.pos_ != "PROPN":
        return None
    return before


def _inverted_subject(verb: Token) -> Token | None:
    # '"...," said David Brock': the parser may not call the name after the verb its
    # subject, but a verb of saying followed by a name has no other speaker.
    # Only a finite verb right after the words it reports inverts: '..., said X'.
    if not is_reporting(verb) or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    if verb.i + 1 >= len(verb.doc):
        return None
    if verb.i > 0 and not (verb.doc[verb.i - 1].is_punct or verb.doc[verb.i - 1].is_space):
        return None
    following = verb.doc[verb.i + 1]
    if following.pos_ not in ("PROPN", "NOUN", "DET", "ADJ"):
        return None
    head = following
    while head.head.i != head.i and head.head.i > verb.i and head.dep_ in NAME_DEPS:
        head = head.head
    if head.head.i != verb.i or head.dep_ in ("ccomp", "xcomp", "prep", "advmod", "npadvmod"):
        return None
    return head if head.pos_ in ("PROPN", "NOUN") else None


class Speakers:
    """Resolves the subjects of one article's reporting verbs to its entities."""

    def __init__(self, article: ParsedArticle) -> None:
        self.article = article
        self._genders: dict[int, str] | None = None
        self._said_by: list[tuple[int, int]] | None = None

    def resolve(self, subject: Token) -> tuple[int | None, str, float]:
        """The entity index `subject` stands for (None if nobody the article names), the
        words that name or describe the speaker, and how surely (NAMED down to NEAREST)."""
        a = self.article
        if subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
            subject = self._relative_antecedent(subject)
        if subject.dep_ == "appos" and subject.head.pos_ == "PROPN":
            subject = subject.head
        named = self._named_in_apposition(subject)
        if named is not None:
            return (*named, NAMED)
        for token in (
            subject,
            *(c for c in subject.children if c.dep_ in ("appos", "compound", "flat")),
        ):
            if token.idx < a.dateline_end(token.idx):
                # "MYRTLE BEACH, S.C. - Sen. Ted Cruz continued": the parser takes the
                # dateline for the subject and the speaker for its apposition.
                continue
            mention = a.mention_at(token.idx)
            qualifier = token is not subject and subject.pos_ == "NOUN"
            if mention is not None and qualifier and a.person_of_mention[mention] is None:
                # "Seoul officials", "an Iowa voter": the place or party only qualifies
                # the people who spoke; a person's name ("spokesman Peskov") names them.
                continue
            if mention is not None:
                entity = a.person_of_mention[mention]
                if entity is None:
                    entity = a.entity_of_mention.get(mention)
                return entity, a.mentions[mention].text, NAMED
        if subject.pos_ == "PROPN":
            name = " ".join(t.text for t in subject.subtree if t.dep_ in ("compound", "flat"))
            for form in (f"{name} {subject.text}".strip(), subject.text):
                person = person_named(a.entities, form)
                if person is not None:
                    return person, form, NAMED
        if subject.pos_ == "PRON":
            gender = "f" if subject.lower_ in FEMALE else "m" if subject.lower_ in MALE else None
            if gender is None:
                return None, subject.text, NOBODY
            unrecognised = self._unrecognised_subject_before(subject.idx)
            if unrecognised is not None:
                return person_named(a.entities, unrecognised), subject.text, PRONOUN
            if is_reporting(subject.head):
                previous = self._previous_speaker(subject.idx, gender)
                if previous is not None:
                    return previous, subject.text, PRONOUN
            return self._antecedent(subject.idx, gender=gender), subject.text, NEAREST
        return self._description(subject)

    def _relative_antecedent(self, pronoun: Token) -> Token:
        # "Alan Berger, a gynecologist from Englewood, New Jersey, who said": the parser
        # hangs "who" on the nearest noun; a "who" is the person the phrase describes.
        a = self.article
        antecedent = pronoun.head.head
        if pronoun.lower_ != "who":
            return antecedent
        token = antecedent
        for _ in range(MAX_SUBJECT_CLIMB + 2):
            mention = a.mention_at(token.idx)
            if mention is not None and a.person_of_mention[mention] is not None:
                return token
            if token.dep_ not in ("pobj", "prep", "appos", "compound") or token.head.i == token.i:
                break
            token = token.head
        return antecedent

    def _previous_speaker(self, offset: int, gender: str) -> int | None:
        # '"...," Coffman said of Trump. "...," he said': a "he" who speaks again is the
        # person named as speaking last, when nobody else has been the subject of a
        # sentence since and that person is not known to be a "she".
        a = self.article
        if self._said_by is None:
            self._said_by = self._named_speakers()
        index = bisect_right(self._said_by, (offset,)) - 1
        if index < 0:
            return None
        at, person = self._said_by[index]
        if a.text.count("\n", at, offset) > PREVIOUS_SPEAKER_BREAKS:
            return None
        if self._gender(person) not in (None, gender):
            return None
        for mention in range(bisect_right(a.mention_starts, at), len(a.mentions)):
            found = a.mentions[mention]
            if found.start >= offset:
                break
            other = a.person_of_mention[mention]
            if (
                other not in (None, person)
                and self._may_speak(mention, offset)
                and self._main_subject(mention)
            ):
                return None
        return person

    def _named_speakers(self) -> list[tuple[int, int]]:
        # Where each person named as the subject of a verb of saying speaks.
        a = self.article
        found = []
        for token in a.doc:
            if not is_reporting(token) or a.in_quote(token.idx):
                continue
            subject, _ = subject_of(token)
            if subject is None or subject.pos_ != "PROPN":
                continue
            mention = a.mention_at(subject.idx)
            person = a.person_of_mention[mention] if mention is not None else None
            if person is not None:
                found.append((token.idx, person))
        return found

    def _named_in_apposition(self, subject: Token) -> tuple[int | None, str] | None:
        # "the head of Ukraine's presidential office, Andrii Yermak": the parser often
        # hangs the name on the last noun, not on "head", so look through the phrase.
        a = self.article
        if subject.pos_ == "PROPN":
            return None
        for token in subject.subtree:
            if token.dep_ != "appos" or token.i < subject.i:
                continue
            mention = a.mention_at(token.idx)
            if mention is not None and a.person_of_mention[mention] is not None:
                return a.person_of_mention[mention], a.mentions[mention].text
            if token.pos_ == "PROPN":
                # Named, but not someone the recogniser found: better no speaker than
                # the nearest other person.
                words = [t for t in token.subtree if t.dep_ in ("compound", "flat")]
                name = " ".join(t.text for t in [*words, token])
                return person_named(a.entities, name), name
        return None

    def _description(self, head: Token) -> tuple[int | None, str, float]:
        cut = {t.i for c in head.children if c.dep_ in ("relcl", "acl", "appos") for t in c.subtree}
        words = [t for t in head.subtree if t.i not in cut]
        named = self._phrase(head, words)
        determiners = {c.lower_ for c in head.children if c.dep_ in ("det", "nummod")}
        if determiners & INDEFINITE or head.tag_ in ("NNS", "NNPS"):
            return None, named, AS_WRITTEN
        noun = head.lower_
        role_match = self._antecedent(head.idx, role=noun)
        if role_match is not None:
            return role_match, named, ROLE
        following = self._follower(head.idx, role=noun)
        if following is not None:
            return following, named, ROLE
        if noun in PERSON_NOUNS and not any(c.dep_ == "prep" for c in head.children):
            # "the official" refers back; "the director of one advocacy group" introduces
            # someone new, not the person last named.
            return self._antecedent(head.idx), named, NEAREST
        # A name the recogniser missed is still a name.
        return None, named, NAMED if head.pos_ == "PROPN" else AS_WRITTEN

    def _phrase(self, head: Token, words: list[Token]) -> str:
        # The description as written, without its relative clause or apposition.
        keep = {t.i for t in words}
        left = head.i
        while left - 1 >= 0 and left - 1 in keep and left - 1 >= head.left_edge.i:
            left -= 1
        right = head.i
        while (
            right + 1 in keep
            and right + 1 <= head.right_edge.i
            and self.article.doc[right + 1].text != ","
        ):
            right += 1
        span = self.article.doc[left : right + 1]
        return span.text.strip(" ,")

    def _antecedent(
        self, offset: int, role: str | None = None, gender: str | None = None
    ) -> int | None:
        """The nearest PERSON before `offset`; a grammatical subject nearby is preferred."""
        a = self.article
        nearest: int | None = None
        here = a.sentence_at(offset)
        # "a hotel manager said ... 'We are ready,' she said": the nearest speaker has
        # no name, and a named person further back must not take her words.
        unnamed = self._unnamed_speaker_before(offset, here) if gender else None
        limit = bisect_right(a.mention_starts, offset)
        if gender == "f":
            # "she" after "Choe ... her government" and "Lavrov thanked ...": the
            # person the article has shown to be a "she" wins over a nearer unknown.
            # Not so for "he": most people in the news are men, so a nearer subject of
            # unknown gender is the likelier "he" (seed 000's Lavrov, whose counterpart
            # a translation calls "his").
            for index in range(limit - 1, -1, -1):
                entity = a.person_of_mention[index]
                if entity is None or not self._may_speak(index, offset):
                    continue
                mention = a.mentions[index]
                if mention.sentence < here - 2 or (unnamed and mention.start < unnamed):
                    break
                if self._gender(entity) == gender:
                    return entity
        subject: int | None = None
        for index in range(limit - 1, -1, -1):
            entity = a.person_of_mention[index]
            if entity is None or not self._may_speak(index, offset):
                continue
            if unnamed is not None and a.mentions[index].start < unnamed:
                return None
            if role is not None:
                if _has_role(a.entities[entity], role):
                    return entity
                continue
            if gender is not None and self._gender(entity) not in (None, gender):
                continue
            if nearest is None:
                nearest = entity
            if a.mentions[index].sentence < here - 2:
                break
            if self._main_subject(index):
                return entity
            if subject is None and self._subject_token(index) is not None:
                subject = entity
        if unnamed is not None:
            return None
        return subject if subject is not None else nearest

    def _unrecognised_subject_before(self, offset: int) -> str | None:
        # "Zelenskyy had flown to Ankara, where he met Erdogan and Putin. '...,' he said":
        # the nearest subject is the likeliest "he", even when the recogniser missed its
        # name; a person named after it must not take the words instead.
        a = self.article
        if not a.sentences:
            return None
        here = a.sentence_at(offset)
        first = a.sentences[max(here - 2, 0)].start
        for token in reversed(a.outside_quotes(first, offset)):
            if token.dep_ not in ("nsubj", "nsubjpass") or token.pos_ == "PRON":
                continue
            if token.pos_ != "PROPN" or a.mention_at(token.idx) is not None:
                return None
            words = [t for t in token.subtree if t.dep_ in ("compound", "flat")]
            return " ".join(t.text for t in [*words, token])
        return None

    def _may_speak(self, mention: int, offset: int) -> bool:
        # A person named inside a quote is spoken of, not speaking: in "'I came to
        # Turkey. Putin did not,' he said", "he" is not Putin.
        found = self.article.mentions[mention]
        return found.end <= offset and not self.article.in_quote(found.start)

    def _unnamed_speaker_before(self, offset: int, here: int) -> int | None:
        a = self.article
        first = a.sentences[max(here - 2, 0)].start if a.sentences else 0
        for token in reversed(a.outside_quotes(first, offset)):
            if (
                token.dep_ == "nsubj"
                and token.pos_ == "NOUN"
                and token.tag_ == "NN"
                and is_reporting(token.head)
                and a.mention_at(token.idx) is None
            ):
                return token.idx
        return None

    def _follower(self, offset: int, role: str) -> int | None:
        # A lead names a person by title before by name ("Russia's foreign minister
        # warned ..."); only a role match may point forward.
        a = self.article
        start = bisect_right(a.mention_starts, offset)
        for index in range(start, len(a.mentions)):
            entity = a.person_of_mention[index]
            if entity is not None and _has_role(a.entities[entity], role):
                return entity
        return None

    def _gender(self, entity: int) -> str | None:
        # Only what the article shows: a sentence naming one person alone and using
        # "she" or "her" (or "he"/"his") outside quotes.
        if self._genders is None:
            self._genders = self._collect_genders()
        return self._genders.get(entity)

    def _collect_genders(self) -> dict[int, str]:
        a = self.article
        votes: dict[int, set[str]] = {}
        for person, entity in enumerate(a.entities):
            words = {w for role in entity.roles for w in role.lower().split()}
            if words & FEMALE_ROLES:
                votes.setdefault(person, set()).add("f")
            if words & MALE_ROLES:
                votes.setdefault(person, set()).add("m")
        for index in range(len(a.mentions)):
            person = a.person_of_mention[index]
            if person is None:
                continue
            # "Mrs. Clinton", "Mr. Trump": the title says it.
            # "Congresswoman Pelosi", "spokesman Peskov": so does a gendered role.
            title = a.text[max(0, a.mentions[index].start - 16) : a.mentions[index].start]
            title_words = title.lower().split()[-1:]
            if title_words and title_words[0] in FEMALE_TITLES | FEMALE_ROLES:
                votes.setdefault(person, set()).add("f")
            elif title_words and title_words[0] in MALE_TITLES | MALE_ROLES:
                votes.setdefault(person, set()).add("m")
            subject = self._subject_token(index)
            if subject is None:
                continue
            clause = subject.head
            mine = {t.i for t in subject.subtree}
            if self._names_another(clause, mine, person):
                # "Warren told Stumpf his bank had failed": the "his" may be the other's.
                continue
            words = {
                t.lower_
                for t in clause.subtree
                if t.i not in mine and t.pos_ == "PRON" and not a.in_quote(t.idx)
            }
            if words & FEMALE:
                votes.setdefault(person, set()).add("f")
            if words & MALE:
                votes.setdefault(person, set()).add("m")
        return {e: next(iter(v)) for e, v in votes.items() if len(v) == 1}

    def _names_another(self, clause: Token, skip: set[int], person: int) -> bool:
        # Whether the clause names a person other than `person` outside `skip`.
        a = self.article
        for token in clause.subtree:
            if token.i in skip or token.pos_ != "PROPN":
                continue
            mention = a.mention_at(token.idx)
            other = a.person_of_mention[mention] if mention is not None else None
            if other is not None and other != person:
                return True
        return False

    def _subject_token(self, mention: int) -> Token | None:
        token = self.article.token_at(self.article.mentions[mention].start)
        if token is None:
            return None
        steps = 0
        while token.dep_ in ("compound", "flat", "appos") and steps < MAX_SUBJECT_CLIMB:
            # "Trump University was ...": a name qualifying a noun is not the subject.
            if token.dep_ != "appos" and token.head.pos_ != "PROPN":
                return None
            token = token.head
            steps += 1
        return token if token.dep_ in ("nsubj", "nsubjpass") else None

    def _main_subject(self, mention: int) -> bool:
        # The subject of a sentence's own verb, or of a verb of saying: "Coffman said
        # Trump had disrespected the troops" makes Coffman the likelier "he" after it.
        subject = self._subject_token(mention)
        if subject is None:
            return False
        verb = subject.head
        if verb.dep_ == "conj":
            verb = verb.head
        return verb.dep_ == "ROOT" or is_reporting(subject.head)


def _has_role(entity: LocalEntity, noun: str) -> bool:
    return any(noun in role.lower().split() for role in entity.roles)
