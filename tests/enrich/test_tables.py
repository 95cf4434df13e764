"""Sides in results lines are teams; dates, players and prose are left alone."""

from newsdesk.enrich.tables import team_spans


def labelled(text: str, found: list[tuple[int, int, str]]) -> set[tuple[str, str]]:
    return {(text[s:e], label) for s, e, label in team_spans(text, found)}


def at(text: str, surface: str, label: str, after: int = 0) -> tuple[int, int, str]:
    start = text.index(surface, after)
    return (start, start + len(surface), label)


def test_a_town_that_scores_is_a_club_and_an_untagged_side_is_found():
    text = "Bradford 1 Tranmere 0"
    assert labelled(text, [at(text, "Bradford", "GPE")]) == {
        ("Bradford", "ORG"),
        ("Tranmere", "ORG"),
    }


def test_fixtures_set_sides_against_each_other():
    text = "Postponed: Birmingham v Barnsley, Manchester City v Charlton"
    assert labelled(text, [at(text, "Birmingham", "GPE")]) == {
        ("Birmingham", "ORG"),
        ("Barnsley", "ORG"),
        ("Manchester City", "ORG"),
        ("Charlton", "ORG"),
    }


def test_the_club_is_a_club_in_the_prose_too():
    text = "Leicestershire beat Somerset by an innings.\n\nLeicestershire 22 points, Somerset 4."
    found = [at(text, "Somerset", "GPE"), at(text, "Leicestershire", "PERSON")]
    out = team_spans(text, found)
    assert (text.index("Somerset"), text.index("Somerset") + 8, "ORG") in out
    assert sum(1 for s, e, label in out if text[s:e] == "Somerset" and label == "ORG") == 2


def test_players_dates_and_prose_are_left_alone():
    scorecard = "Somerset 83 and 174 (P. Simmons 4-38), Leicestershire 296."
    out = labelled(scorecard, [at(scorecard, "P. Simmons", "PERSON")])
    assert ("P. Simmons", "PERSON") in out and ("Somerset", "ORG") in out
    dateline = "LONDON 1996-08-30"
    assert labelled(dateline, [at(dateline, "LONDON", "GPE")]) == {("LONDON", "GPE")}
    published = "Published Jan. 5, 2024"
    assert labelled(published, []) == set()
    prose = "Leicestershire beat Somerset by an innings and 39 runs in two days."
    assert labelled(prose, [at(prose, "Somerset", "GPE")]) == {("Somerset", "GPE")}


def test_a_golfer_the_recogniser_named_stays_a_person():
    text = "Colin Montgomerie 67 68 70 205"
    assert labelled(text, [at(text, "Colin Montgomerie", "PERSON")]) == {
        ("Colin Montgomerie", "PERSON")
    }
