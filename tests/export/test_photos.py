"""A photo headlines a section of the printed overview only when marked for it, with its file
in, and with consent (for photos and to be named) of everyone on it."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.attachments.files import store_bytes
from app.attachments.models import AttachmentKind
from app.attachments.schemas import AttachmentCreate
from app.attachments.service import create_attachment
from app.conversations.models import DiscoveryKind, Visibility
from app.export.assemble import assemble
from app.people.models import ConsentScope
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import create_person
from testkit.files import jpeg
from testkit.wire import change, push
from tests.export.conftest import Demo
from tests.factories import (
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_team,
    make_user,
)


def test_the_demos_garden_photo_headlines_the_places(session: Session, demo: Demo) -> None:
    overview = assemble(
        session, demo.team.id, neighbourhood_ids=[demo.oosterpark.id], start=None, end=None
    )
    assert set(overview.photos) == {"place"}  # the bandstand photo is for the team only
    assert overview.photos["place"].caption.startswith("De moestuinbakken")
    assert overview.photos["place"].data_uri.startswith("data:image/jpeg;base64,")


def test_everyone_on_the_photo_must_agree_to_be_shown(client: TestClient, session: Session) -> None:
    team = make_team(session)
    author = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    photo_only = [ConsentScope.store_name, ConsentScope.photo]
    ria = create_person(
        session,
        team,
        None,
        data=PersonCreate(first_name="Ria", consent=ConsentIn(scopes=photo_only)),
    )
    talk = make_conversation(session, team, author, buurt, people=[ria])
    group = make_discovery(
        session,
        team,
        author,
        talk,
        kind=DiscoveryKind.group,
        title="Breiclub",
        description="Breit elke dinsdag in de bieb",
        visibility=Visibility.overview,
    )
    data = jpeg(gps=False, size=(1200, 900))
    stored = store_bytes(session, team.id, data, "image/jpeg", author.id)
    create_attachment(
        session,
        team,
        author.id,
        data=AttachmentCreate(
            conversation_id=talk.id,
            discovery_id=group.id,
            kind=AttachmentKind.photo,
            sha256=stored.sha256,
            media_type="image/jpeg",
            size=len(data),
            person_ids=[ria.id],
            visibility=Visibility.overview,
            caption="Ria breit een sjaal",
        ),
    )
    session.flush()

    def photos() -> dict[str, object]:
        overview = assemble(session, team.id, neighbourhood_ids=[buurt.id], start=None, end=None)
        return dict(overview.photos)

    assert photos() == {}  # on the photo, but not to be named in the overview
    # The consent is given on the wire, as a phone would.
    login(client, author)
    (given,) = push(
        client,
        change(
            "person",
            {"consent": {"scopes": [*photo_only, "name_in_overview"], "how": "mondeling"}},
            record_id=ria.id,
            base_version=ria.version,
        ),
    )
    assert given["status"] == "applied"
    shown = photos()
    assert set(shown) == {"group"}
    page = client.get("/overzicht", params={"buurt": str(buurt.id)}).text
    assert "data:image/jpeg;base64," in page
    assert "Ria breit een sjaal" in page
