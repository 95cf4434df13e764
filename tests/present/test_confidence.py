"""How sure who's who is of a name's kind, from what the story says of it."""

from newsdesk.present.confidence import Evidence, entity_confidence


def evidence(label: str, name: str, mentions: int = 1, articles: int = 1, **kw) -> Evidence:
    agreeing = kw.pop("agreeing", mentions)
    return Evidence(label, name, mentions, articles, agreeing, kw.pop("written", mentions), **kw)


def test_people_named_in_full_or_with_a_title_pass_a_lone_word_once_does_not() -> None:
    floor = 0.5
    assert entity_confidence(evidence("PERSON", "Yoon Suk Yeol")) >= floor
    assert entity_confidence(evidence("PERSON", "Yoon", described=True)) >= floor
    assert entity_confidence(evidence("PERSON", "Axios")) < floor
    # Named alone by two articles of the story is evidence too.
    assert entity_confidence(evidence("PERSON", "Hayashi", 2, 2)) >= floor
    # An initial is no second word.
    assert entity_confidence(evidence("PERSON", "J. Smith")) < floor


def test_a_name_in_characters_is_in_full_when_it_has_a_family_and_a_given_name() -> None:
    # Chinese, Japanese and Korean names carry no spaces: the characters are its parts.
    floor = 0.5
    for name in ("鈴木俊一", "王毅", "최선희"):
        assert entity_confidence(evidence("PERSON", name)) >= floor, name
    assert entity_confidence(evidence("PERSON", "金")) < floor


def test_a_name_the_story_files_under_another_kind_is_doubted() -> None:
    # "Patriot" tagged an organisation twice and a product 15 times in the story.
    patriot = evidence("ORG", "Patriot", 2, 2, agreeing=2, written=17)
    assert entity_confidence(patriot) < 0.2
    assert entity_confidence(evidence("ORG", "Google", 30, 4)) == 0.8
    assert entity_confidence(evidence("ORG", "Rengo")) == 0.6
    # Nothing written of it at all (no votes) leaves the shape to decide.
    assert entity_confidence(evidence("ORG", "Rengo", written=0, agreeing=0)) == 0.6
