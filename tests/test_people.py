import pytest
from sqlmodel import Session

from app.errors import AppError
from app.people.models import ConsentScope
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import create_person
from tests.factories import make_team


def test_new_person_gets_a_readable_pseudonym(session: Session) -> None:
    person = create_person(session, make_team(session), None, data=PersonCreate())
    assert person.pseudonym.startswith("B-")
    assert len(person.pseudonym) == 6
    assert not set(person.pseudonym[2:]) & set("01IO")


def test_a_name_needs_consent_to_store_it(session: Session) -> None:
    team = make_team(session)
    with pytest.raises(AppError, match="toestemming"):
        create_person(session, team, None, data=PersonCreate(first_name="Ria"))
    person = create_person(
        session,
        team,
        None,
        data=PersonCreate(first_name="Ria", consent=ConsentIn(scopes=[ConsentScope.store_name])),
    )
    assert person.first_name == "Ria"


def test_street_only_never_a_house_number(session: Session) -> None:
    with pytest.raises(AppError, match="huisnummer"):
        create_person(
            session, make_team(session), None, data=PersonCreate(street="Dapperstraat 12")
        )


def test_a_taken_pseudonym_is_a_clear_error(session: Session) -> None:
    team = make_team(session)
    create_person(session, team, None, data=PersonCreate(pseudonym="B-ABCD"))
    with pytest.raises(AppError, match="B-ABCD is al in gebruik"):
        create_person(session, team, None, data=PersonCreate(pseudonym="B-ABCD"))
    other_team = make_team(session)
    assert create_person(session, other_team, None, data=PersonCreate(pseudonym="B-ABCD"))
