"""Finding a resident's first name in free text (app.people.names): as whole words, whatever
the case or accents, with a possessive s, also when only its hash is known."""

import uuid

import pytest

from app.people.names import NameMatcher, name_key

TEAM = uuid.UUID("00000000-0000-4000-8000-000000000001")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Henrieke kookt soep", "X kookt soep"),
        ("Soep van HENRIEKE.", "Soep van X."),
        ("Henriëke's pan", "X pan"),
        ("Bij Henriekes tafel", "Bij X tafel"),
        ("Anne Marie en Anne", "X en Anne"),
        ("Anne-Marie zingt", "X zingt"),
        ("Zoe en Zoë", "X en X"),
        ("Januari, Jannie en Jan", "Januari, Jannie en X"),
        ("Annemarie en Henriekeweg", "Annemarie en Henriekeweg"),
        ("محمد يطبخ", "X يطبخ"),
    ],
)
def test_names_are_found_as_whole_words(text: str, expected: str) -> None:
    matcher = NameMatcher(TEAM, ["Henrieke", "Anne Marie", "Zoë", "Jan", "محمد"])
    # "Henriëke's" keeps the "'s" of the possessive after the name.
    assert matcher.replace(text, "X").replace("X's", "X") == expected


def test_a_name_known_only_by_its_hash_is_found() -> None:
    key = name_key(TEAM, "Geertruida")
    assert key is not None
    matcher = NameMatcher(TEAM, keys=[key])
    assert matcher.contains("Geertruida vertelt over de markt")
    assert not matcher.contains("Gertrude vertelt over de markt")
    # Salted per team: another team's hash of the same name finds nothing here.
    other = name_key(uuid.uuid4(), "Geertruida")
    assert other is not None
    assert not NameMatcher(TEAM, keys=[other]).contains("Geertruida vertelt")


def test_no_names_no_change() -> None:
    matcher = NameMatcher(TEAM)
    assert not matcher
    assert matcher.replace("Henrieke kookt", "X") == "Henrieke kookt"
