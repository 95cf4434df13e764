"""Name comparison: spelling variants of one person merge, different people stay apart."""

from __future__ import annotations

import pytest

from newsdesk.enrich.names import (
    blocking_keys,
    compatible_names,
    name_parts,
    name_similarity,
    normalise_name,
)

SAME_PERSON = [
    ("Choe Son Hui", "Choi So-hee"),
    ("Choe Son Hui", "Choi Soni"),
    ("Choe Son Hui", "Choe Son-hui"),
    ("Choi So-hee", "Choi Soni"),
    ("Choi Son-hui", "Choe Son Hui"),
    ("Sergei Lavrov", "Sergey Lavrov"),
    ("Сергей Лавров", "Sergei Lavrov"),
    ("Kim Jong-un", "Kim Jong Un"),
    ("Volodymyr Zelenskiy", "Zelensky"),
    ("Volodymyr Zelenskiy", "Volodymyr Zelenskyy"),
    ("Zelensky", "Zelenskyy"),
    ("Peskov", "Dmitry Peskov"),
    ("Dmitri Peskov", "Dmitry Peskov"),
    ("Andrii Yermak", "Andriy Yermak"),
    ("Abdel Fattah el-Sisi", "Abdel-Fattah el-Sissi"),
    ("Abdul Fattah al-Sisi", "Abdel Fattah el-Sisi"),
    ("al-Sisi", "Abdel Fattah el-Sisi"),
    ("Muhammad bin Salman", "Mohammed bin Salman"),
    ("Prince Mohammed", "Mohammed bin Salman"),
    ("Amit P. Mehta", "Amit Mehta"),
    ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ("Foreign Minister Choi", "Choi So-hee"),
    ("Lavrov", "Foreign Minister Sergei Lavrov"),
]

DIFFERENT_PEOPLE = [
    ("Kim Jong Un", "Kim Yo Jong"),
    ("Kim Jong Un", "Kim Jong Il"),
    ("Kim Jong-un", "Kim Jong Il"),
    ("Kim Yo Jong", "Kim Jong Il"),
    ("Choe Son Hui", "Choe Ryong Hae"),
    ("Choi Soni", "Choe Ryong Hae"),
    ("Shinjiro Koizumi", "Junichiro Koizumi"),
    ("Mohammad Reza Aref", "Mohammed bin Salman"),
    ("Vladimir Putin", "Vladimir Medinsky"),
    ("Mark Rutte", "Mark Rubio"),
    ("Sergei Lavrov", "Sergei Shoigu"),
    ("Lavrov", "Dmitry Peskov"),
]


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_spelling_variants_of_one_person_are_compatible_both_ways(a: str, b: str) -> None:
    assert compatible_names(a, b) and compatible_names(b, a)
    assert name_similarity(a, b) == name_similarity(b, a) > 0


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_spelling_variants_share_a_blocking_key(a: str, b: str) -> None:
    assert blocking_keys(a) & blocking_keys(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_PEOPLE)
def test_different_people_with_close_names_stay_apart(a: str, b: str) -> None:
    assert not compatible_names(a, b) and not compatible_names(b, a)
    assert name_similarity(a, b) == 0.0


def test_full_spellings_score_above_a_surname_alone() -> None:
    assert name_similarity("Sergei Lavrov", "Sergey Lavrov") > name_similarity(
        "Lavrov", "Sergey Lavrov"
    )


def test_east_asian_names_put_the_family_name_first() -> None:
    assert name_parts("Kim Jong Un") == name_parts("Kim Jong-un")
    parts = name_parts("Choe Son-hui")
    assert parts.family == "choe" and parts.given == ("son", "hui") and parts.family_first
    assert name_parts("Yoon Suk Yeol").family == "yoon"
    western = name_parts("Dmitry Peskov")
    assert western.family == "peskov" and western.given == ("dmitry",)
    assert not western.family_first


def test_particles_and_patronymics_are_not_the_family_name() -> None:
    assert name_parts("Abdel Fattah el-Sisi").family == "sisi"
    parts = name_parts("Mohammed bin Salman")
    assert parts.family == "salman" and parts.patronymic


def test_normalise_name_drops_titles_possessives_and_punctuation() -> None:
    assert normalise_name("Foreign Minister Choi So-hee's") == "choi so hee"
    assert normalise_name("President Putin’s") == "putin"
    assert normalise_name("Сергей Лавров") == "sergey lavrov"
    assert normalise_name("Amit P. Mehta") == "amit p mehta"


def test_no_table_of_people_in_the_code() -> None:
    """The rules are general: no string in the code (docstrings aside) names a person."""
    import ast
    from pathlib import Path

    import newsdesk.enrich.descriptions as descriptions
    import newsdesk.enrich.entities as entities
    import newsdesk.enrich.names as names
    import newsdesk.enrich.resolve as resolve

    for module in (names, entities, resolve, descriptions):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        literals = " ".join(
            node.value.lower()
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        )
        for name in ("lavrov", "peskov", "zelensk", "jong", "son hui", "ryong", "choe", "kim"):
            assert name not in literals.split(), f"{module.__name__} names {name!r}"
