"""People in Japanese and Chinese articles, found with no NER model: a name written in
Chinese characters is taken where the article sets a title beside it ("岸田文雄首相",
"石破茂氏", "外交部长王毅"), and then wherever it repeats the name, or its family name
with a title ("石破氏", "金総書記").

A name is never guessed from its characters alone: Japanese and Chinese write words
without spaces, so a run of characters is a name only when a title closes (or, in
Chinese, opens) it and the dictionary reads it as a family and a given name.
Resolution then meets the names under their English spellings (`names`: Hepburn for
Japanese, pinyin for Chinese, the hanja readings for a Korean name).
"""

from __future__ import annotations

import re

from newsdesk.enrich.romanise import japanese_reading
from newsdesk.types import LocalEntity, MentionDraft, Sentence

JAPANESE = "ja"
CHINESE = "zh"
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff々]+")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
# Titles a Japanese article sets after a name, with "元" or "前" for a former holder.
JAPANESE_TITLE = re.compile(
    "(?:元|前|現)?(?:首相|総理大臣|総理|大統領|副大統領|外相|外務相|外務大臣|官房長官|長官|"
    "総裁|副総裁|幹事長|政調会長|総務会長|代表|党首|総書記|国務委員長|委員長|国家主席|主席|"
    "書記長|議長|知事|市長|大使|報道官|(?:財務|防衛|環境|法|経済産業|経済安全保障|総務|"
    "厚生労働|農林水産|国土交通|文部科学|経済再生|復興|デジタル)相|大臣|氏|会長|社長)"
)
# Japanese honorifics written in kana right after a name: "浜田隆之さん".
_JAPANESE_KANA_TITLE = ("さん", "様")
# Titles a Chinese article sets before a name ("国家主席习近平") or after it ("习近平主席").
CHINESE_TITLE = re.compile(
    "国家主席|主席|国务院总理|总理|副总理|外交部长|外交部发言人|发言人|外长|部长|总统|"
    "副总统|首相|总书记|委员长|书记|秘书长|执行秘书|大使|省长|市长|主任|董事长|先生|女士"
)
# The commonest Chinese family names, which cover most Chinese in the news.
_CHINESE_FAMILIES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
    "贺顾毛郝龚邵万钱严覃武戴莫孔向汤习温"
)
# What follows a Chinese name in a sentence: a verb of saying or meeting, a particle,
# a conjunction, a preposition (王毅表示, 李强在).
_CHINESE_AFTER_NAME = re.compile(
    "表示|说|称|指出|强调|会见|会谈|出席|访问|在|与|和|同|的|于|是|也|就|对|向|将|已|曾|等|还"
)
# A character closing a run that names a body or a place, not a person (防衛省, 自民党).
_NOT_PERSONAL_END = frozenset("省党府庁国県市町村区社会局部院軍団署所学校銀庫協界")


def reads_character_names(language: str) -> bool:
    """Whether people are found in text of this language by a title beside a name."""
    return language in (JAPANESE, CHINESE)


def character_names(
    text: str, language: str
) -> tuple[list[Sentence], list[MentionDraft], list[LocalEntity]]:
    """Sentences, person mentions and the article's people of a Japanese or Chinese text."""
    sentences = [Sentence(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
    runs = list(_HAN_RUN.finditer(text))
    if language == JAPANESE:
        full = {name for run in runs if (name := _japanese_titled(run, text)) is not None}
    elif language == CHINESE:
        full = {name for run in runs for name in _chinese_titled(run.group())}
    else:
        return [], [], []
    found: dict[str, list[tuple[int, int]]] = {}
    for name in sorted(full):
        for match in re.finditer(re.escape(name), text):
            found.setdefault(name, []).append((match.start(), match.end()))
    if language == JAPANESE:
        # A family name with a title is the person the article named in full ("石破氏").
        for run in runs:
            short = _family_with_title(run.group(), full, text[run.end() : run.end() + 2])
            if short is not None:
                found[short[0]].append((run.start(), run.start() + short[1]))
    spans = sorted((start, end, name) for name, places in found.items() for start, end in places)
    # A shorter name found inside a longer one's span is the longer one's (金 in 金正恩).
    spans = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o != s for o in spans)]
    mentions: list[MentionDraft] = []
    by_name: dict[str, list[int]] = {}
    for start, end, name in spans:
        index = next((i for i, s in enumerate(sentences) if s.start <= start < s.end), 0)
        by_name.setdefault(name, []).append(len(mentions))
        mentions.append(MentionDraft(text[start:end], "PERSON", start, end, index))
    entities = [
        LocalEntity(
            name=name,
            label="PERSON",
            mentions=tuple(indexes),
            surface_forms=tuple(dict.fromkeys(mentions[i].text for i in indexes)),
        )
        for name, indexes in by_name.items()
    ]
    return sentences, mentions, entities


def _japanese_titled(run: re.Match[str], text: str) -> str | None:
    # The shortest name the run's rest is a title of: "石破茂元幹事長" is 石破茂, a former
    # secretary-general, not 石破茂元.
    word = run.group()
    after = text[run.end() : run.end() + 2]
    if 2 <= len(word) <= 5 and after.startswith(_JAPANESE_KANA_TITLE) and _japanese_name(word):
        return word
    for size in range(2, min(5, len(word) - 1) + 1):
        name, rest = word[:size], word[size:]
        if JAPANESE_TITLE.fullmatch(rest) and _japanese_name(name):
            return name
    return None


def _japanese_name(word: str) -> bool:
    # The dictionary must read a family name and a given name in it.
    return word[-1] not in _NOT_PERSONAL_END and len(japanese_reading(word)) >= 2


def _family_with_title(word: str, full: set[str], after: str) -> tuple[str, int] | None:
    # The full name the run's first characters open, when the rest is a title, or when
    # they are the whole run and a kana honorific follows ("浜田さん").
    for size in (1, 2):
        prefix, rest = word[:size], word[size:]
        owners = [name for name in full if name.startswith(prefix) and len(name) > size]
        titled = JAPANESE_TITLE.fullmatch(rest) or (
            not rest and after.startswith(_JAPANESE_KANA_TITLE)
        )
        if len(owners) == 1 and titled:
            return owners[0], size
    return None


def _chinese_titled(run: str) -> list[str]:
    names = []
    for title in CHINESE_TITLE.finditer(run):
        after = run[title.end() :]
        name = _chinese_name_at(after)
        if name is not None:
            names.append(name)
    # A name that opens the run, then a title: "习近平主席".
    for size in (2, 3):
        if CHINESE_TITLE.match(run, size) and run[0] in _CHINESE_FAMILIES:
            names.append(run[:size])
            break
    return names


def _chinese_name_at(text: str) -> str | None:
    # A family name and one or two characters, ending where the sentence goes on with
    # a verb, a particle or a title, or where the characters end.
    if not text or text[0] not in _CHINESE_FAMILIES:
        return None
    for size in (2, 3):
        if len(text) < size:
            return None
        rest = text[size:]
        if not rest or _CHINESE_AFTER_NAME.match(rest) or CHINESE_TITLE.match(rest):
            return text[:size]
    return None
