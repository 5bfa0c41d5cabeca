"""The model can never outgrow the surface again (issue 15 §8).

Every wire field of every synced entity a device may write — read from the input schemas,
nested ones included (an ask's status, a consent's scopes) — must have a way to be set by a
person: the phone form (the shell's JavaScript components build the pushed fields) or a page
of the server (a form control named after the field). Only the fields the system sets itself
are exempt, each with its reason. A new field without a surface fails here, and so does a
surface that is taken away.

The pages are found as a coordinator finds them: the demo team's pages, rendered and followed
link by link. The test writes every field with where it is set to
tests/artifacts/field-coverage.txt.
"""

from __future__ import annotations

import re
import types
import typing
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlmodel import Session, select

from app.auth.models import User
from app.demo.seed import DEMO_PASSWORD, DEMO_USERS, seed_demo
from app.sync.entities import ENTITIES
from tests.factories import login

ROOT = Path(__file__).resolve().parent.parent
JAVASCRIPT = ROOT / "app" / "static" / "js"
COMPONENTS = JAVASCRIPT / "components"

# Set by the system, never by a person — and why.
SYSTEM_SET: dict[str, str] = {
    "person.pseudonym": "generated on the phone or the server (B-7F3K), never typed",
    "person.consent.recorded_at": "the moment the consent is recorded",
    "discovery.asks.id": "generated when an ask is added",
    "follow_up.discovery_id": "the discovery the weekoverleg makes the follow-up for",
    "discovery.from_ref.type": "follows from the bewoner, group, place… picked as an end",
    "discovery.to_ref.type": "follows from the bewoner, group, place… picked as an end",
    "attachment.sha256": "the hash of the photo's or recording's bytes, computed on the phone",
    "attachment.media_type": "what the camera re-encoding or the recorder produced",
    "attachment.size": "the length of the photo's or recording's bytes",
    "attachment.duration_ms": "how long the recording ran",
}


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """The input models inside a field's annotation (X, X | None, list[X])."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in (
        typing.Union,
        list,
    ):
        return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
    return []


def wire_fields(model: type[BaseModel], prefix: str) -> list[str]:
    """Every field of an input schema as `entity.field` (`entity.field.sub` for nested ones)."""
    paths = []
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}"
        nested = _models_in(info.annotation)
        if nested:
            for inner in nested:
                paths += wire_fields(inner, path)
        else:
            paths.append(path)
    return paths


def every_wire_field() -> list[str]:
    return [
        path
        for entity in ENTITIES.values()
        if entity.schema is not None
        for path in wire_fields(entity.schema, entity.name)
    ]


@cache
def phone_writers() -> dict[str, str]:
    """The phone's components that write records (they save through the outbox), and the
    modules they take the pushed fields from (store.js, the outbox itself, excepted)."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(COMPONENTS.glob("*.js"))}
    writers = {name: text for name, text in texts.items() if "saveLocal(" in text}
    for text in list(writers.values()):
        for module in re.findall(r'from "/static/js/([\w/]+\.js)"', text):
            path = JAVASCRIPT / module
            if path.name not in ("store.js", "sync.js") and path.exists():
                writers[path.name] = path.read_text(encoding="utf-8")
    return writers


class _Forms(HTMLParser):
    """The names of the controls inside forms that write (method post), and the links."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.links: set[str] = set()
        self._in_post_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._in_post_form = (a.get("method") or "").lower() == "post"
        elif tag in ("input", "select", "textarea", "button") and self._in_post_form:
            if a.get("name"):
                self.names.add(a["name"] or "")
        elif tag == "a" and (a.get("href") or "").startswith("/"):
            self.links.add((a["href"] or "").split("#")[0])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_post_form = False


# Pages that are files or leave the session, not forms to fill in.
NOT_PAGES = re.compile(
    r"\.(pdf|xlsx|zip|csv|json|js|css|png|svg|webmanifest)$|^/(static|api|logout|uitloggen)"
)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def page_controls(client: TestClient, *, limit: int = 800) -> dict[str, set[str]]:
    """Every page a coordinator reaches by following links from the start pages, rendered,
    with the names of its writing forms' controls, per route (ids as {id})."""
    controls: dict[str, set[str]] = {}
    todo, seen = ["/", "/tocht", "/weekoverleg", "/ideeen", "/bewoners", "/team"], set[str]()
    while todo and len(seen) < limit:
        path = todo.pop()
        if path in seen or NOT_PAGES.search(path.split("?")[0]):
            continue
        seen.add(path)
        answer = client.get(path)
        if answer.status_code != 200 or "text/html" not in answer.headers["content-type"]:
            continue
        forms = _Forms()
        forms.feed(answer.text)
        if forms.names:
            controls.setdefault(UUID.sub("{id}", path.split("?")[0]), set()).update(forms.names)
        todo += sorted(forms.links - seen)
    return controls


def _phone_sets(parts: list[str], text: str) -> bool:
    # A key of the fields a component pushes (`idea_self: d.idea_self.trim()`), and for a
    # nested field its parent's key too (`asks: …` and `status: a.status`).
    return all(re.search(rf"(?<![\w.$]){re.escape(p)}\s*:", text) for p in parts)


def _stem(name: str) -> str:
    return name.removesuffix("_ref").removesuffix("s")


# Nested field names too plain to tell on their own whose they are.
PLAIN = {"id", "what", "status", "type", "kind", "offer", "partner"}


def _page_sets(parts: list[str], names: set[str]) -> bool:
    # A control named after the field (an id field also without `_id`: `follow_up_owner`),
    # alone or as the last part of a longer name (`idea_self`, `follow_up_what`); for a
    # nested field with a plain name one that names its parent too (`ask-3-status`), or the
    # parent itself (`from_ref` = "person:<id>").
    *parents, leaf = parts
    leaves = {leaf, leaf.removesuffix("_id")}
    for name in names:
        ends = any(re.fullmatch(rf"(?:.*[^a-z])?{re.escape(x)}", name) for x in leaves)
        if not parents or leaf not in PLAIN:
            if ends:
                return True
        elif all(_stem(p) in name for p in parents) and (ends or name in parents):
            return True
    return False


def surfaces(path: str, pages: dict[str, set[str]]) -> list[str]:
    """Where a person sets this field: the phone form's files and the pages' routes."""
    parts = path.split(".")[1:]
    found = [f"phone {name}" for name, text in phone_writers().items() if _phone_sets(parts, text)]
    found += [f"page {route}" for route, names in sorted(pages.items()) if _page_sets(parts, names)]
    return found


def unset_fields(paths: list[str], pages: dict[str, set[str]]) -> list[str]:
    return [p for p in paths if p not in SYSTEM_SET and not surfaces(p, pages)]


@pytest.fixture
def pages(client: TestClient, session: Session) -> dict[str, set[str]]:
    """The demo team's pages as its coordinator sees them (every kind of record is there)."""
    seed_demo(session)
    session.commit()
    coordinator = session.exec(select(User).where(User.email == DEMO_USERS[0].email)).one()
    login(client, coordinator, DEMO_PASSWORD)
    return page_controls(client)


def test_every_wire_field_can_be_set_by_a_person(
    pages: dict[str, set[str]], artifacts_dir: Path
) -> None:
    table = [
        f"{field:40} {SYSTEM_SET.get(field) or ', '.join(surfaces(field, pages)) or 'NOWHERE'}"
        for field in every_wire_field()
    ]
    (artifacts_dir / "field-coverage.txt").write_text("\n".join(table) + "\n", encoding="utf-8")
    missing = unset_fields(every_wire_field(), pages)
    assert not missing, (
        "These fields can only be set by the demo or the raw API; give each a control in "
        f"the phone form or a page (or say in SYSTEM_SET why the system sets it): {missing}"
    )


def test_the_check_catches_a_field_no_one_can_set() -> None:
    pages = {"/ontdekkingen/{id}": {"title", "ask-0-status"}}
    assert "page /ontdekkingen/{id}" in surfaces("discovery.asks.status", pages)
    assert surfaces("follow_up.a_field_no_surface_has", pages) == []
    assert unset_fields(["discovery.a_field_no_surface_has"], pages) == [
        "discovery.a_field_no_surface_has"
    ]
    assert "discovery.group_would_like" in every_wire_field()
    assert "discovery.asks.status" in every_wire_field()
    assert "person.consent.scopes" in every_wire_field()


def test_the_exemptions_are_real_fields() -> None:
    assert set(SYSTEM_SET) <= set(every_wire_field())
