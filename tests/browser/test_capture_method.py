"""The whole method from the phone, offline: every kind's own fields, asks of partners,
connections to anyone of the team, consent in the street, people still to talk to; and
ticking off a follow-up on Vandaag."""

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from app.demo.seed import DEMO_USERS
from testkit.browser import axe_violations
from testkit.server import ServerProcess
from tests.browser.journey import discovery, log_in, ready_for_offline, wait_until_synced

pytestmark = pytest.mark.browser

WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")

TWO_KNOWN_PEOPLE = """async () => {
  const store = await import("/static/js/store.js");
  const people = (await store.listRecords("person")).filter((p) => p.fields.pseudonym);
  return people.slice(0, 2).map((p) => ({ id: p.id, pseudonym: p.fields.pseudonym }));
}"""


def pulled(page: Page) -> dict[tuple[str, str], dict[str, Any]]:
    """Everything the server gives this user now, by (entity, id)."""
    records: dict[tuple[str, str], dict[str, Any]] = {}
    cursor = None
    while True:
        query = f"?cursor={cursor}" if cursor else ""
        body = page.request.get(f"/api/sync/pull{query}").json()
        for change in body["changes"]:
            key = (change["entity"], change["id"])
            if change["deleted"]:  # a tombstone, e.g. of another test's deleted gesprek
                records.pop(key, None)
            else:
                records[key] = change["fields"]
        cursor = body["cursor"]
        if not body["more"]:
            return records


def last_contact(server: ServerProcess, person_id: str) -> str | None:
    path = server.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT last_contact_at FROM person WHERE id = ?", (uuid.UUID(person_id).hex,)
        ).fetchone()
    assert row is not None
    moment: str | None = row[0]
    return moment


def test_every_field_of_the_method_is_captured_offline_and_arrives(
    context: BrowserContext, page: Page, live_server: ServerProcess
) -> None:
    log_in(page, WORKER.email)
    ready_for_offline(page)
    met, known = page.evaluate(TWO_KNOWN_PEOPLE)
    known_contact_before = last_contact(live_server, known["id"])

    context.set_offline(True)
    page.goto("/gesprekken/nieuw")
    page.get_by_label("Buurt").select_option(label="Oosterpark")
    page.get_by_label("Zoek een bewoner").fill(met["pseudonym"])
    page.locator(".list-button", has_text=met["pseudonym"]).click()

    page.get_by_role("button", name="Nieuwe bewoner").click()
    page.get_by_label("Herkenning").fill("zingt in het koor van de kerk")
    page.get_by_label("naam in het krachtenoverzicht").check()
    expect(page.get_by_label("roepnaam bewaren")).to_be_checked()  # sharing means keeping
    page.get_by_label("Roepnaam", exact=True).fill("Fatima")
    page.get_by_label("Verbinder").check()
    page.get_by_role("button", name="Bewoner toevoegen").click()
    summary = "Op het plein: de moestuinclub en het buurthuis willen samen koken."
    page.get_by_label("Samenvatting").fill(summary)
    page.get_by_label("Taal van het gesprek").select_option(label="Tamazight (Berbers)")

    page.get_by_role("button", name="+ Groep").click()
    group = discovery(page, "Groep")
    group.get_by_label("Titel").fill("Moestuinclub Oost")
    group.get_by_label("Wat ze doen").fill("Tuinieren elke zaterdag")
    group.get_by_label("Zouden graag").fill("Een oogstfeest houden")
    group.get_by_label("Als je het vraagt").fill("Kinderen leren zaaien")

    page.get_by_role("button", name="+ Instelling").click()
    institution = discovery(page, "Instelling")
    institution.get_by_label("Titel").fill("Buurthuis De Boog")
    institution.get_by_role("group", name="Biedt").get_by_role("button", name="ruimte").click()

    page.get_by_role("button", name="+ Idee").click()
    idea = discovery(page, "Idee")
    idea.get_by_label("Titel").fill("Samen koken met de oogst")
    idea.get_by_role("group", name="Trekker(s)").get_by_role("button", name="Fatima").click()
    idea.get_by_label("Zelf", exact=True).fill("Groente en koks")
    idea.get_by_label("Met een beetje hulp").fill("Een keuken vinden")
    idea.get_by_label("Van buiten nodig").fill("Vergunning voor het plein")
    idea.get_by_role("button", name="+ Vraag aan een partner").click()
    idea.get_by_label("Wat vragen de bewoners?").fill("De keuken op zondag")
    idea.get_by_role("group", name="Soort hulp").get_by_role("button", name="ruimte").click()
    idea.get_by_label("Aan wie").select_option(label="Buurthuis De Boog")

    page.get_by_role("button", name="+ Verbinding").click()
    connection = discovery(page, "Verbinding")
    connection.get_by_label("Beschrijving").fill("Kunnen samen de kas bouwen")
    connection.get_by_role("group", name="Tussen").get_by_role(
        "button", name=met["pseudonym"]
    ).click()
    to_side = connection.get_by_role("group", name="en", exact=True)
    to_side.get_by_role("searchbox").fill(known["pseudonym"])
    to_side.get_by_role("button", name=known["pseudonym"]).click()
    connection.get_by_role("button", name="kansrijk").click()
    # Picking someone for a connection leaves "Met wie" alone.
    with_whom = page.get_by_role("group", name="Met wie")
    expect(with_whom.locator(".chip-button.is-on", has_text=met["pseudonym"])).to_be_visible()
    expect(with_whom.locator(".chip-button.is-on", has_text=known["pseudonym"])).to_have_count(0)

    page.get_by_role("button", name="+ Nog te spreken").click()
    page.get_by_label("Naam of omschrijving").fill("de man van de fietsenmaker")
    page.get_by_label("Al bekend?").fill(known["pseudonym"])
    page.locator(".talk-to .list-button", has_text=known["pseudonym"]).click()

    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen op je telefoon.")).to_be_visible()
    expect(page.locator(".sync-state")).to_contain_text("7 nog niet verstuurd")

    context.set_offline(False)
    wait_until_synced(page)
    records = pulled(page)
    conversation_id, conversation = next(
        (key[1], f)
        for key, f in records.items()
        if key[0] == "conversation" and f["summary"] == summary
    )
    found = {
        f["kind"]: (key[1], f)
        for key, f in records.items()
        if key[0] == "discovery" and f["conversation_id"] == conversation_id
    }
    new_id, new_person = next(
        (key[1], f)
        for key, f in records.items()
        if key[0] == "person" and f["first_name"] == "Fatima"
    )
    assert set(conversation["person_ids"]) == {met["id"], new_id}
    assert conversation["language"] == "ber"
    assert new_person["is_connector"] is True
    assert set(new_person["consent"]["scopes"]) == {"store_name", "name_in_overview"}
    assert new_person["consent"]["how"] == "mondeling"

    group_fields = found["group"][1]
    assert (
        group_fields["description"],
        group_fields["group_would_like"],
        group_fields["group_if_asked"],
    ) == (
        "Tuinieren elke zaterdag",
        "Een oogstfeest houden",
        "Kinderen leren zaaien",
    )
    institution_id, institution_fields = found["institution"]
    assert institution_fields["offers"] == ["space"]
    idea_fields = found["idea"][1]
    assert idea_fields["trekker_ids"] == [new_id]
    assert (
        idea_fields["idea_self"],
        idea_fields["idea_little_help"],
        idea_fields["idea_outside"],
    ) == (
        "Groente en koks",
        "Een keuken vinden",
        "Vergunning voor het plein",
    )
    [ask] = idea_fields["asks"]
    assert (ask["what"], ask["offer"], ask["institution_id"], ask["status"]) == (
        "De keuken op zondag",
        "space",
        institution_id,
        "asked",
    )
    connection_fields = found["connection"][1]
    assert connection_fields["from_ref"] == {"type": "person", "id": met["id"]}
    assert connection_fields["to_ref"] == {"type": "person", "id": known["id"]}
    assert connection_fields["connection_kind"] == "promising"
    assert all(f["visibility"] == "team" for _, f in found.values())
    [talk_to] = [
        f
        for key, f in records.items()
        if key[0] == "follow_up" and f["conversation_id"] == conversation_id
    ]
    assert (talk_to["kind"], talk_to["what"], talk_to["person_id"]) == (
        "talk_to",
        "de man van de fietsenmaker",
        known["id"],
    )
    assert last_contact(live_server, known["id"]) == known_contact_before


def test_a_follow_up_ticked_off_offline_is_done_on_the_server(
    context: BrowserContext, page: Page
) -> None:
    log_in(page, WORKER.email)
    ready_for_offline(page)
    page.goto("/gesprekken/nieuw")
    page.get_by_label("Buurt").select_option(label="Oosterpark")
    page.get_by_label("Samenvatting").fill("Afspraak gemaakt over de rommelmarkt")
    page.get_by_role("button", name="+ Vervolgafspraak").click()
    page.get_by_label("Wat spreek je af?").fill("Terugbellen over de rommelmarkt")
    page.get_by_role("button", name="+ Nog te spreken").click()
    page.get_by_label("Naam of omschrijving").fill("de vrouw met de kraam")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen op je telefoon.")).to_be_visible()
    assert page.evaluate(DRAINED)

    context.set_offline(True)
    page.reload()
    agreements = page.locator(
        "section", has=page.get_by_role("heading", name="Jouw vervolgafspraken")
    )
    talk_to = page.locator("section", has=page.get_by_role("heading", name="Nog te spreken"))
    expect(talk_to).to_contain_text("de vrouw met de kraam")
    agreements.get_by_role("button", name="Gedaan: Terugbellen over de rommelmarkt").click()
    expect(agreements).not_to_contain_text("Terugbellen over de rommelmarkt")
    # A slip of the thumb is undone at once, and done again.
    page.get_by_role("button", name="Toch nog open: Terugbellen over de rommelmarkt").click()
    expect(agreements).to_contain_text("Terugbellen over de rommelmarkt")
    agreements.get_by_role("button", name="Gedaan: Terugbellen over de rommelmarkt").click()
    talk_to.get_by_role("button", name="Gesproken: de vrouw met de kraam").click()
    expect(talk_to.locator(".list-title", has_text="de vrouw met de kraam")).to_have_count(0)
    expect(page.get_by_role("heading", name="Net afgevinkt")).to_be_visible()
    expect(page.locator(".sync-state")).to_contain_text("nog niet verstuurd")

    context.set_offline(False)
    wait_until_synced(page)
    records = pulled(page)
    done = {
        f["what"]: f["done_at"]
        for key, f in records.items()
        if key[0] == "follow_up"
        and f["what"] in {"Terugbellen over de rommelmarkt", "de vrouw met de kraam"}
    }
    assert len(done) == 2
    assert all(done.values()), done
    page.reload()
    expect(page.get_by_role("heading", name="Jouw vervolgafspraken")).to_be_visible()
    expect(page.get_by_text("Terugbellen over de rommelmarkt")).to_have_count(0)


DRAINED = """async () => {
  const store = await import("/static/js/store.js");
  for (let i = 0; i < 400; i++) {
    if ((await store.pendingCount()) === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}"""

WIDER_THAN_THE_SCREEN = """() => {
  const wider = (e) => e.getBoundingClientRect().right > document.documentElement.clientWidth;
  return [...document.querySelectorAll("main *")]
    .filter((e) => wider(e) && ![...e.children].some(wider))
    .map((e) => e.tagName + "." + e.className + ": " + e.textContent.slice(0, 40));
}"""

OUTBOX = """async () => {
  const store = await import("/static/js/store.js");
  return (await store.outboxEntries()).map((e) => ({ entity: e.entity, fields: e.fields }));
}"""


def test_editing_loads_the_new_fields_and_sends_only_what_changed(
    context: BrowserContext, page: Page
) -> None:
    log_in(page, WORKER.email)
    ready_for_offline(page)
    page.goto("/gesprekken/nieuw")
    page.get_by_label("Buurt").select_option(label="Oosterpark")
    summary = "De breiclub zoekt een plek voor de winter"
    page.get_by_label("Samenvatting").fill(summary)
    page.get_by_role("button", name="+ Groep").click()
    group = discovery(page, "Groep")
    group.get_by_label("Titel").fill("Breiclub")
    group.get_by_label("Zouden graag").fill("Mutsen breien voor de school")
    page.get_by_role("button", name="+ Nog te spreken").click()
    page.get_by_label("Naam of omschrijving").fill("de juf van groep 3")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen op je telefoon.")).to_be_visible()
    assert page.evaluate(DRAINED)

    context.set_offline(True)  # so the outbox can be read before it is sent
    page.locator(".list-link").filter(has_text=summary).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprek aanpassen")
    group = discovery(page, "Groep")
    expect(group.get_by_label("Zouden graag")).to_have_value("Mutsen breien voor de school")
    expect(page.get_by_label("Naam of omschrijving")).to_have_value("de juf van groep 3")
    # No old free text in this conversation: the old field stays out of sight.
    expect(page.get_by_label("Eerder genoteerd")).to_be_hidden()
    group.get_by_label("Als je het vraagt").fill("Een breicursus geven")
    group.get_by_role("group", name="Wie mag dit zien").get_by_role(
        "button", name="alleen ik"
    ).click()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen op je telefoon.")).to_be_visible()

    sent = page.evaluate(OUTBOX)
    assert sent == [
        {
            "entity": "discovery",
            "fields": {"group_if_asked": "Een breicursus geven", "visibility": "private"},
        }
    ]
    context.set_offline(False)
    wait_until_synced(page)
    records = pulled(page)
    [fields] = [
        f
        for (entity, _), f in records.items()
        if entity == "discovery" and f["title"] == "Breiclub"
    ]
    assert (fields["group_would_like"], fields["group_if_asked"], fields["visibility"]) == (
        "Mutsen breien voor de school",
        "Een breicursus geven",
        "private",
    )


def test_every_card_open_has_labels_and_fits_a_360_px_phone(
    browser: Browser, browser_context_args: dict[str, Any], artifacts_dir: Path
) -> None:
    # axe is injected as a script, so this one context lets it past the page's CSP.
    args = {**browser_context_args, "viewport": {"width": 360, "height": 740}}
    context = browser.new_context(**args, bypass_csp=True)
    try:
        page = context.new_page()
        log_in(page, WORKER.email)
        ready_for_offline(page)
        page.goto("/gesprekken/nieuw")
        page.get_by_label("Zoek een bewoner").fill("a")
        page.locator(".list-button").first.click()
        page.get_by_role("button", name="Nieuwe bewoner").click()
        page.get_by_label("delen in het team").check()
        for kind in (
            "Kwaliteit",
            "Verbinding",
            "Idee",
            "Groep",
            "Plek",
            "Instelling",
            "Buurteconomie",
        ):
            page.get_by_role("button", name=f"+ {kind}").click()
        page.get_by_role("button", name="+ Vraag aan een partner").click()
        page.get_by_role("button", name="+ Nog te spreken").click()
        page.get_by_role("button", name="+ Vervolgafspraak").click()
        # The cards are drawn after the clicks; what counts is the page once it has settled.
        try:
            page.wait_for_function(f"({WIDER_THAN_THE_SCREEN})().length === 0", timeout=5_000)
        except PlaywrightTimeout:
            page.screenshot(path=artifacts_dir / "capture-cards-360-wide.png", full_page=True)
            raise AssertionError(page.evaluate(WIDER_THAN_THE_SCREEN)) from None
        violations = axe_violations(page)
        if violations:
            page.screenshot(path=artifacts_dir / "capture-cards-360-axe.png", full_page=True)
        assert violations == []
    finally:
        context.close()
