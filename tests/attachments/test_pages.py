"""Photos and voice notes where the team meets them: the conversation page (to look, listen
and correct), the Tocht (an icon) and the profile. A file not sent yet is shown as such."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.attachments.models import Attachment, StoredFile
from app.people.models import ConsentScope
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import create_person
from app.teams.models import Role
from testkit.files import jpeg, recording, sha256, upload
from testkit.wire import change, push
from tests.factories import (
    form_token,
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_team,
    make_user,
)


def test_the_team_sees_a_photo_arrive_listens_and_corrects_it(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    author = make_user(session, team)
    coordinator = make_user(session, team, role=Role.coordinator, name="Karim Haddou")
    buurt = make_neighbourhood(session, team)
    ria = create_person(
        session,
        team,
        None,
        data=PersonCreate(
            first_name="Ria",
            consent=ConsentIn(scopes=[ConsentScope.store_name, ConsentScope.photo]),
        ),
    )
    kees = create_person(
        session,
        team,
        None,
        data=PersonCreate(first_name="Kees", consent=ConsentIn(scopes=[ConsentScope.store_name])),
    )
    talk = make_conversation(session, team, author, buurt, people=[ria, kees])
    garden = make_discovery(session, team, author, talk, description="De moestuin achter de flat")
    session.flush()
    photo_bytes, memo_bytes = jpeg(gps=False), recording(5000)
    photo = change(
        "attachment",
        {
            "conversation_id": str(talk.id),
            "kind": "photo",
            "sha256": sha256(photo_bytes),
            "media_type": "image/jpeg",
            "size": len(photo_bytes),
            "caption": "Moestuin",
        },
    )
    memo = change(
        "attachment",
        {
            "conversation_id": str(talk.id),
            "kind": "voice",
            "sha256": sha256(memo_bytes),
            "media_type": "audio/webm",
            "size": len(memo_bytes),
            "duration_ms": 65_000,
            "visibility": "team",
        },
    )
    login(client, author)
    push(client, photo, memo)

    client.cookies.clear()
    login(client, coordinator)
    page = client.get(f"/gesprekken/{talk.id}").text
    assert "Foto nog niet binnen" in page
    assert "Spraakmemo nog niet binnen" in page
    tocht = client.get("/tocht").text
    assert "1 foto" in tocht
    assert "1 spraakmemo" in tocht

    client.cookies.clear()
    login(client, author)
    upload(client, photo_bytes, "image/jpeg")
    upload(client, memo_bytes, "audio/webm")
    page = client.get(f"/gesprekken/{talk.id}").text
    assert f'<img class="attachment-photo" src="/bestanden/{photo["id"]}"' in page
    assert f'src="/bestanden/{memo["id"]}"' in page
    assert "1:05" in page
    # Only people with consent for photos can be ticked as being on it.
    assert f'value="{kees.id}" disabled' in page
    assert f'value="{ria.id}">' in page

    token = form_token(client, f"/gesprekken/{talk.id}")
    saved = client.post(
        f"/bijlagen/{photo['id']}",
        data={
            "csrf_token": token,
            "version": "1",
            "caption": "Ria in de moestuin",
            "visibility": "overview",
            "person_ids": [str(ria.id)],
            "discovery_id": str(garden.id),
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    session.expire_all()
    stored = session.get(Attachment, uuid.UUID(photo["id"]))
    assert stored is not None
    assert (stored.caption, stored.visibility, stored.discovery_id, stored.version) == (
        "Ria in de moestuin",
        "overview",
        garden.id,
        2,
    )
    refused = client.post(
        f"/bijlagen/{photo['id']}",
        data={
            "csrf_token": token,
            "version": "2",
            "visibility": "team",
            "person_ids": [str(kees.id)],
        },
    )
    assert refused.status_code == 422
    assert "toestemming voor foto" in refused.text
    profile = client.get(f"/bewoners/{ria.id}").text
    assert f'src="/bestanden/{photo["id"]}"' in profile

    gone = client.post(
        f"/bijlagen/{memo['id']}/verwijderen", data={"csrf_token": token}, follow_redirects=False
    )
    assert gone.status_code == 303
    session.expire_all()
    assert (
        session.exec(select(StoredFile).where(StoredFile.sha256 == sha256(memo_bytes))).first()
        is None
    )
    assert client.get(f"/bestanden/{memo['id']}").status_code == 404
