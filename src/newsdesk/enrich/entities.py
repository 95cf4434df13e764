"""Entities within one article: mentions clustered into local entities, with their roles.

A surname ("Lavrov") or a titled surname ("Foreign Minister Choi") joins the full name
introduced for it; matching local entities across articles is `resolve`'s work.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise

from newsdesk.enrich.names import (
    TITLE_WORDS,
    acronym_of,
    is_single_name,
    name_parses,
    name_parts,
    name_similarity,
    org_key,
    skeleton,
    squash,
    word_set,
)
from newsdesk.types import LocalEntity, MentionDraft, Sentence

# Words that head a role phrase: "Foreign Minister", "Kremlin spokesman", "leader".
ROLE_HEADS = word_set(
    """
    president minister secretary secretary-general spokesman spokeswoman spokesperson
    leader chancellor premier king queen prince princess emir sheikh sultan judge
    justice governor mayor ambassador envoy chairman chairwoman chair chief director
    head senator sen. general gen. lt. commander counterpart diplomat adviser advisor
    aide negotiator ceo executive economist officer deputy lawmaker speaker pope founder
    dictator monarch representative rep. mp delegate attorney prosecutor
    congressman congresswoman nominee candidate manager strategist pollster commissioner
    councilman councilwoman assemblyman assemblywoman sheriff
    """
)
# Lowercase words that may qualify a role head before a name ("economic security minister").
ROLE_MODIFIERS = word_set(
    """
    foreign prime vice deputy former defence defense economic security finance interior
    top chief general supreme presidential state special senior first crown trade
    district federal national assistant acting
    """
)
# Words that open a sentence before a title ("For Governor Kazuo Ueda", "With President
# Putin"): capitalised there, but never part of the role.
_FUNCTION_WORDS = word_set(
    """
    for with to by as at in on from after before since under and but or so yet if when
    while because than then also
    """
)
# Labels that name the same kind of thing, compared with each other only.
# FAC joins ORG: the recogniser tags institutions by their buildings both ways
# ("White House", "Kremlin", "Pentagon").
LABEL_FAMILY = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "FAC": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "NORP": "NORP",
    "EVENT": "EVENT",
}
# A "person" ending in one of these is a place named after one ("Kim Il Sung Square").
_FACILITY_WORDS = word_set(
    """
    square palace street avenue airport station bridge stadium hall tower university
    school hospital mausoleum monument cathedral mosque park boulevard
    """
)
# Trailing words an organisation's short name drops ("Kyodo News" is "Kyodo").
_ORG_TAILS = word_set(
    """
    news agency inc corp corporation co company group ltd llc plc holdings platforms
    party
    """
)
# Words that make a name an organisation's, not a person's.
ORG_WORDS = word_set(
    """
    bank council party agency ministry department office committee union league court
    association organisation organization company corp inc group news forces house
    university institute assembly commission fund service authority
    """
)


# Words that every country's institutions share: a name made only of these ("Security
# Council", "Foreign Ministry", "Air Force") names one per country.
INSTITUTION_WORDS = ORG_WORDS | word_set(
    """
    security national supreme central foreign defence defense interior finance justice
    health labor labour state federal air force forces navy army armed military guard
    coast border police intelligence parliament cabinet senate congress constitutional
    electoral revolutionary general staff joint chiefs ministry of for and the affairs
    """
)


# A nationality word: "Russian", "Japanese", "Turkish", "Israeli", "Czech".
DEMONYM = re.compile(r"(?:an|ans|ese|ish|i|is|ic|ch|ss|ek|ai)$")
# Religions and creeds are groups wherever they stand ("in Islam", "of Buddhism").
_CREED = re.compile(r"(?:ism|ity|dom|Islam)$")


def group_word(name: str, *, nationality: bool = True) -> bool:
    """Whether a name has the shape of a group's: a creed ("Buddhism"), a plural
    ("Republicans") or (with `nationality`) a nationality's ending ("Korean", "Israeli",
    which "Miyazaki" has too). "Ishikawa" and "Shikoku" have none."""
    last = name.split()[-1] if name.split() else name
    shaped = nationality and bool(DEMONYM.search(last))
    return shaped or bool(_CREED.search(last)) or last.endswith("s")


# --- Roles -----------------------------------------------------------------------


def extract_roles(text: str, mention: MentionDraft) -> tuple[str, ...]:
    """Titles written just before a mention ("Russian Foreign Minister") and an
    appositive role just after it (", spokesman for the Russian President's Office,")."""
    roles = []
    before = _role_before(text, mention.start)
    if before:
        roles.append(before)
    after = _role_after(text, mention.end)
    if after:
        roles.append(after)
    return tuple(roles)


def _role_before(text: str, start: int) -> str | None:
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    if not prefix.endswith(" "):
        return None
    words = prefix.split(" ")[:-1]
    taken: list[str] = []
    for word in reversed(words):
        if not word or word[-1] in ',;:"“”()—–-' or _ends_sentence(word):
            break
        lower = word.lower().removesuffix("'s").removesuffix("’s")
        adjacent = not taken
        if lower in ROLE_HEADS or lower in ROLE_MODIFIERS:
            taken.append(word)
        elif adjacent:
            break
        elif lower in _FUNCTION_WORDS:
            break  # "For Governor Kazuo Ueda": a sentence's first word, not a qualifier
        elif word[0].isupper() or (lower == "of" and taken and taken[-1][0].isupper()):
            taken.append(word)
        else:
            break
    while taken and (taken[-1].lower() in {"of", "the", "a", "an"}):
        taken.pop()
    phrase = list(reversed(taken))
    if not any(w.lower() in ROLE_HEADS for w in phrase):
        return None
    # More than two capitalised words before the title are a name ("By Trevor
    # Hunnicutt U.S. President"), not a qualifier like "North Korean".
    free = 0
    for position, word in enumerate(phrase):
        if word.lower() in ROLE_HEADS | ROLE_MODIFIERS:
            break
        free = position + 1
    if free > 2:
        phrase = phrase[free:]
    # "President Vladimir" when the recogniser kept only "Putin": a name, not a role.
    while phrase and phrase[-1].lower() not in ROLE_HEADS | ROLE_MODIFIERS:
        phrase.pop()
    return " ".join(phrase) or None


# "U.S.", "Gen.", "St.": a full stop that abbreviates. Any other ends the sentence before
# the title ("... in Washington. Secretary of State Marco Rubio").
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+|[A-Z][a-z]{1,3}\.")


def _ends_sentence(word: str) -> bool:
    return word.endswith(".") and not _ABBREVIATION.fullmatch(word)


_APPOSITIVE = re.compile(
    r",\s+(?:(?:a|an|the)\s+)?([^,.;:()\"“”\n]{3,120}?)(?=,|\.|;|:|\)|\s+(?:said|says|told)\b)"
)


def _role_after(text: str, end: int) -> str | None:
    match = _APPOSITIVE.match(text, end)
    if not match:
        return None
    phrase = match.group(1).strip()
    words = phrase.split()
    if len(words) > 12 or not any(w.lower() in ROLE_HEADS for w in words[:4]):
        return None
    return phrase


# --- One article -----------------------------------------------------------------


def local_entities(
    text: str, sentences: list[Sentence], mentions: list[MentionDraft]
) -> list[LocalEntity]:
    """Cluster one article's mentions into entities, each label family apart.

    Surnames and titled surnames join the full name they are compatible with when
    that is unambiguous; an ORG that is really a person's name joins the person.
    """
    del sentences  # offsets are enough; kept in the signature for the pipeline
    # A mention running over a line break ("Associated Press\n\nSergey Lavrov") is a
    # byline or dateline glued to the lead: its last line is the name.
    texts = [_last_line(m.text) for m in mentions]
    roles = [extract_roles(text, m) if m.label in {"PERSON", "ORG"} else () for m in mentions]
    kinds = _kinds(texts, mentions, roles)
    places = [i for i, k in enumerate(kinds) if k == "PLACE"]
    names = [
        _full_text(text, m, texts[i])
        if kinds[i] == "PERSON"
        else qualified_name(text, m, _place_before(mentions, places, i))
        if kinds[i] == "ORG" and texts[i] == m.text.strip()
        else texts[i]
        for i, m in enumerate(mentions)
    ]
    clusters: list[list[int]] = []
    people = [i for i, k in enumerate(kinds) if k == "PERSON"]
    clusters += _person_clusters(people, names, roles, [m.sentence for m in mentions])
    organisations = [i for i, k in enumerate(kinds) if k == "ORG"]
    defined = {
        short: long_
        for short, long_ in acronym_definitions(text, mentions).items()
        if kinds[short] == kinds[long_] == "ORG"
    }
    clusters += _org_clusters(organisations, names, defined)
    others: dict[tuple[str, str], list[int]] = {}
    for i, kind in enumerate(kinds):
        if kind not in {"PERSON", "ORG", None}:
            others.setdefault((kind, squash(names[i])), []).append(i)
    clusters += list(others.values())
    clusters.sort(key=lambda c: min(c))
    return [_local_entity(c, kinds, names, mentions, roles) for c in clusters]


def _last_line(name: str) -> str:
    lines = [line.strip() for line in name.split("\n") if line.strip()]
    return lines[-1] if lines else name.strip()


def _place_before(
    mentions: list[MentionDraft], places: list[int], index: int
) -> MentionDraft | None:
    # The place mention ending closest before the mention, if any.
    start = mentions[index].start
    before = [mentions[j] for j in places if mentions[j].end <= start]
    return max(before, key=lambda m: m.end, default=None)


def _kinds(
    texts: list[str], mentions: list[MentionDraft], roles: list[tuple[str, ...]]
) -> list[str | None]:
    kinds: list[str | None] = []
    for m, shown, found in zip(mentions, texts, roles, strict=True):
        kind = LABEL_FAMILY.get(m.label)
        last = shown.split()[-1].lower() if shown.split() else ""
        if kind == "PERSON" and last in _FACILITY_WORDS:
            kind = "ORG"
        elif kind == "ORG" and _looks_personal(shown, found):
            kind = "PERSON"
        kinds.append(kind)
    # A full name whose last word the article reuses alone ("Volodymyr Zelenskyy" ...
    # "Zelenskyy") is a person's, whatever the tag: organisations are shortened by
    # their first word or initials, people by their surname.
    # A place is shortened by its last word too ("North Korea" ... "Korea"): only a lone
    # word the article calls a person makes a "place" a person's name.
    alone = {squash(t) for t, k in zip(texts, kinds, strict=True) if k and " " not in t.strip()}
    alone_people = {
        squash(t) for t, k in zip(texts, kinds, strict=True) if k == "PERSON" and " " not in t
    }
    for i, shown in enumerate(texts):
        words = shown.split()
        if kinds[i] in {"ORG", "PLACE", "EVENT"} and 2 <= len(words) <= 3:
            plain = all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)
            shortened = squash(words[-1]) in (alone_people if kinds[i] == "PLACE" else alone)
            if plain and shortened and not set(squash(shown).split()) & ORG_WORDS:
                kinds[i] = "PERSON"
    # The recogniser tags some surnames as ORG ("Lavrov"): a name a person in the
    # same article carries is that person, whatever the tag; so are a person's initials
    # ("MBS" of "Mohammed bin Salman"), which it tags ORG as every acronym.
    person_keys = set()
    for shown, kind in zip(texts, kinds, strict=True):
        if kind == "PERSON":
            person_keys.add(squash(_display_name(shown)))
            for parts in name_parses(shown):
                if parts.given:
                    person_keys.add(skeleton(parts.family))
    initials = {
        _initials(_display_name(t)) for t, k in zip(texts, kinds, strict=True) if k == "PERSON"
    }
    org_initials = {
        a for t, k in zip(texts, kinds, strict=True) if k == "ORG" for a in acronym_of(squash(t))
    }
    for i, shown in enumerate(texts):
        word = shown.strip()
        if (
            kinds[i] == "ORG"
            and 3 <= len(word) <= 4
            and word.isalpha()
            and word.isupper()
            and word.lower() in initials
            and word.lower() not in org_initials
        ):
            kinds[i] = "PERSON"
    for i, shown in enumerate(texts):
        if kinds[i] in {"ORG", "PLACE", "EVENT"}:
            key = squash(shown)
            if key in person_keys or (" " not in key and skeleton(key) in person_keys):
                kinds[i] = "PERSON"
    return kinds


def _looks_personal(text: str, roles: tuple[str, ...]) -> bool:
    # "Foreign Minister Choi Son-hui" tagged ORG: a personal title or an East Asian
    # name shape (family name, hyphenated two-syllable given name) says person.
    if any(w.lower() in ROLE_HEADS for r in roles for w in r.split()[-1:]):
        return True
    parses = name_parses(text)
    return len(parses) == 1 and parses[0].family_first and "-" in text


def _full_text(text: str, mention: MentionDraft, shown: str) -> str:
    """The mention's name, completed when the recogniser cut an East Asian name short
    ("Choe Son" before "Hui", "Ryong Hae" after "Choe")."""
    name = _display_name(shown)
    words = name.split()
    if len(words) != 2 or "-" in name:
        return name
    after = re.match(r" ([A-Z][a-z]{1,4})\b(?!-)", text[mention.end : mention.end + 8])
    if after and after.group(1).lower() not in TITLE_WORDS:
        candidate = f"{name} {after.group(1)}"
        if name_parts(candidate).family_first:
            return candidate
    before = re.search(r"\b([A-Z][a-z]{1,4}) $", text[max(0, mention.start - 7) : mention.start])
    if before and before.group(1).lower() not in TITLE_WORDS:
        candidate = f"{before.group(1)} {name}"
        if name_parts(candidate).family_first:
            return candidate
    return name


def _display_name(text: str) -> str:
    """The mention as written, without leading titles and possessive."""
    text = re.sub(r"['’]s?$", "", text.strip())
    words = text.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def _person_clusters(
    indexes: list[int], names: list[str], roles: list[tuple[str, ...]], sentence_of: list[int]
) -> list[list[int]]:
    full: list[list[int]] = []
    singles: list[int] = []
    for i in indexes:
        if is_single_name(names[i]):
            singles.append(i)
            continue
        home = next((c for c in full if all(_same_person(names[i], names[j]) for j in c)), None)
        if home is None:
            full.append([i])
        else:
            home.append(i)
    leftovers: dict[str, list[int]] = {}
    for i in singles:
        home = _surname_home(i, names[i], roles[i], full, names, roles, sentence_of)
        if home is not None:
            home.append(i)
        else:
            leftovers.setdefault(skeleton(names[i]), []).append(i)
    return full + list(leftovers.values())


def _same_person(a: str, b: str) -> bool:
    return name_similarity(a, b) >= 0.8


def _surname_home(
    index: int,
    name: str,
    found_roles: tuple[str, ...],
    full: list[list[int]],
    names: list[str],
    roles: list[tuple[str, ...]],
    sentence_of: list[int],
) -> list[int] | None:
    # "MBS" is the initials of a full name in the article.
    if name.isupper() and 2 <= len(name) <= 4:
        fits = [c for c in full if any(_initials(names[j]) == name.lower() for j in c)]
        if len(fits) == 1:
            return fits[0]
    # A surname fits the full names it is the family name of, in their likelier
    # reading first ("Rutte" is Mark Rutte's surname, not "Mark").
    primary = [c for c in full if any(_family_is(name, names[j]) for j in c)]
    fits = primary or [c for c in full if any(name_similarity(name, names[j]) > 0 for j in c)]
    # A first name alone ("Steve called podcasting ...") is the person introduced with
    # it, when it is nobody's family name there.
    fits = fits or [c for c in full if any(_given_is(name, names[j]) for j in c)]
    if len(fits) <= 1:
        return fits[0] if fits else None
    if found_roles:
        words = role_words(found_roles)
        by_role = [c for c in fits if words & role_words(r for j in c for r in roles[j])]
        if len(by_role) == 1:
            return by_role[0]
    # Two namesakes: the surname means the one already introduced where it stands;
    # after both, the one named more often or with a role, else neither.
    before = [c for c in fits if min(c) < index]
    if len(before) == 1:
        return before[0]
    ranked = sorted(fits, key=lambda c: _salience(c, roles), reverse=True)
    if _salience(ranked[0], roles) > _salience(ranked[1], roles):
        return ranked[0]
    # The person introduced sentences before a namesake is the story's; namesakes
    # introduced together ("Anna and Tomas Berg") leave the surname unresolved.
    firsts = sorted((sentence_of[min(c)], min(c)) for c in fits)
    if firsts[0][0] < firsts[1][0]:
        return next(c for c in fits if min(c) == firsts[0][1])
    return None


def _salience(cluster: list[int], roles: list[tuple[str, ...]]) -> tuple[int, bool]:
    # Named most, then described by a role (a byline's author has none).
    return (len(cluster), any(roles[j] for j in cluster))


def _family_is(single: str, full: str) -> bool:
    parts = name_parts(full)
    return skeleton(name_parts(single).family) == skeleton(parts.family) or (
        parts.patronymic and bool(parts.given) and name_similarity(single, full) > 0
    )


def _given_is(single: str, full: str) -> bool:
    parts = name_parts(full)
    word = name_parts(single).family
    return (
        not parts.family_first
        and bool(parts.given)
        and len(parts.given[0]) > 1
        and skeleton(parts.given[0]) == skeleton(word)
    )


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-]+", name.lower()) if w)


def role_words(roles: Iterable[str]) -> set[str]:
    """The role heads in some roles, lowercased: what two descriptions of a job share."""
    return {w.lower() for r in roles for w in r.split() if w.lower() in ROLE_HEADS}


def _org_clusters(indexes: list[int], names: list[str], defined: dict[int, int]) -> list[list[int]]:
    clusters: dict[str, list[int]] = {}
    for i in indexes:
        clusters.setdefault(org_key(names[i]), []).append(i)
    # "Singapore Airlines (SIA)" defines SIA as the airline, whatever its initials.
    for short_index, long_index in sorted(defined.items()):
        short, long_ = org_key(names[short_index]), org_key(names[long_index])
        if short != long_ and short in clusters and long_ in clusters:
            clusters[long_] += clusters.pop(short)
    keys = list(clusters)
    # Short forms join the long form the article gives: an acronym ("KCNA"), a
    # clipping ("Fed"), or a trailing part ("Security Council" of "U.N. Security Council").
    for short in sorted(keys, key=len):
        if short not in clusters:
            continue
        longer = [k for k in clusters if k != short and org_short_form(short, k)]
        if len(longer) == 1:
            clusters[longer[0]] += clusters.pop(short)
    return list(clusters.values())


def org_short_form(short: str, long_: str, *, clipped: bool = True) -> bool:
    """Whether keyed `short` (`org_key`) names `long_` shortened: acronym, trailing part,
    the name without trailing generic words ("Aer Lingus" of "Aer Lingus Group"), or (when
    `clipped`) the first word clipped ("fed" of "federal reserve")."""
    if short in acronym_of(long_) and len(short) >= 2 and " " not in short:
        return True
    s_words, l_words = short.split(), long_.split()
    if len(s_words) >= len(l_words):
        return False
    if len(s_words) >= 2 and l_words[-len(s_words) :] == s_words:
        return True
    if l_words[: len(s_words)] == s_words and all(w in _ORG_TAILS for w in l_words[len(s_words) :]):
        return True
    if len(s_words) == 1:
        first = l_words[0]
        return clipped and len(short) >= 3 and first.startswith(short) and first != short
    return False


def acronym_definitions(text: str, mentions: list[MentionDraft]) -> dict[int, int]:
    """Mentions that define an acronym in parentheses just after a name ("Singapore
    Airlines (SIA)"): the acronym's mention index mapped to the name's."""
    defined: dict[int, int] = {}
    for i, (name, acronym) in enumerate(pairwise(mentions)):
        between = text[name.end : acronym.start]
        after = text[acronym.end : acronym.end + 1]
        word = acronym.text.strip()
        if (
            _OPEN_PARENTHESIS.fullmatch(between)
            and after == ")"
            and _ACRONYM.fullmatch(word)
            and " " in name.text.strip()
        ):
            defined[i + 1] = i
    return defined


_OPEN_PARENTHESIS = re.compile(r"\s*\(\s*")
_ACRONYM = re.compile(r"[A-Z][A-Z&.]{1,7}")


def qualified_name(text: str, mention: MentionDraft, place: MentionDraft | None) -> str:
    """An institution's name with the country whose it is when the text says so just
    before it ("Russia's Security Council"): generic names alone name one in every land."""
    shown = mention.text.strip()
    if place is None or not generic_institution(shown):
        return shown
    between = text[place.end : mention.start]
    if between not in {"'s ", "’s "}:
        return shown
    return f"{place.text.strip()}{between}{shown}"


@lru_cache(maxsize=65536)
def generic_institution(name: str) -> bool:
    """Whether a name is made only of words every country's institutions share
    ("National Security Council", "Foreign Ministry"): it names one in every land."""
    words = squash(name).split()
    return bool(words) and all(w in INSTITUTION_WORDS for w in words)


def _local_entity(
    cluster: list[int],
    kinds: list[str | None],
    names: list[str],
    mentions: list[MentionDraft],
    roles: list[tuple[str, ...]],
) -> LocalEntity:
    cluster = sorted(cluster)
    kind = kinds[cluster[0]] or "ORG"
    if kind == "PERSON":
        label = "PERSON"
        forms = [names[i] for i in cluster]
        name = max(forms, key=lambda f: (not is_single_name(f), len(f.split()), len(f)))
    else:
        # A "person" turned facility ("Kim Il Sung Square") keeps no PERSON label.
        fallback = "FAC" if kind == "ORG" else mentions[cluster[0]].label
        labels = [
            m.label if LABEL_FAMILY.get(m.label) == kind else fallback
            for m in (mentions[i] for i in cluster)
        ]
        label = Counter(labels).most_common(1)[0][0]
        forms = [names[i] for i in cluster]
        name = max(forms, key=lambda f: (len(f.split()), len(f)))
    # Names and aliases are what readers see and search by: one line, single spaces,
    # whatever breaks the recogniser ran a span over.
    surface = tuple(f for f in dict.fromkeys(one_line(mentions[i].text) for i in cluster) if f)
    found = (
        tuple(dict.fromkeys(one_line(r) for i in cluster for r in roles[i]))
        if label == "PERSON"
        else ()
    )
    return LocalEntity(one_line(name), label, tuple(cluster), surface, found)


def one_line(name: str) -> str:
    """A name as one line with single spaces ("Kyushu\\n\\n" is "Kyushu")."""
    return " ".join(name.split())
