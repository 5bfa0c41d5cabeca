"""Drafts, own edits and deletes offline, and a session that ends while items are unsent."""

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from app.demo.seed import DEMO_USERS
from tests.browser.journey import log_in, ready_for_offline, wait_until_synced

pytestmark = pytest.mark.browser

# Waits (inside the page, on a condition) until the draft has reached IndexedDB.
DRAFT_STORED = """async () => {
  const store = await import("/static/js/store.js");
  for (let i = 0; i < 200; i++) {
    const draft = await store.getMeta("capture_draft");
    if (draft && draft.summary) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}"""

WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")


def quick_capture(page: Page, summary: str) -> None:
    page.goto("/gesprekken/nieuw")
    page.get_by_label("Buurt").select_option(label="Oosterpark")
    page.get_by_label("Samenvatting").fill(summary)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".list-link").filter(has_text=summary)).to_be_visible()


def test_an_unfinished_capture_is_kept_as_a_draft(page: Page) -> None:
    log_in(page, WORKER.email)
    ready_for_offline(page)
    page.goto("/gesprekken/nieuw")
    page.get_by_label("Samenvatting").fill("Half af: de man met de duiven op het dak")
    assert page.evaluate(DRAFT_STORED)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Vandaag").click()
    page.goto("/gesprekken/nieuw")
    expect(page.get_by_label("Samenvatting")).to_have_value(
        "Half af: de man met de duiven op het dak"
    )
    expect(page.get_by_text("het concept is bewaard")).to_be_visible()


def test_own_conversation_is_changed_and_deleted_offline(
    context: BrowserContext, page: Page
) -> None:
    log_in(page, WORKER.email)
    ready_for_offline(page)
    quick_capture(page, "Eerste versie van het gesprek")
    wait_until_synced(page)

    context.set_offline(True)
    page.locator(".list-link").filter(has_text="Eerste versie van het gesprek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprek aanpassen")
    page.get_by_label("Samenvatting").fill("Tweede versie, aangepast zonder verbinding")
    page.get_by_role("button", name="Opslaan").click()
    link = page.locator(".list-link").filter(has_text="Tweede versie")
    expect(link).to_be_visible()
    expect(page.locator(".sync-state")).to_contain_text("1 nog niet verstuurd")

    link.click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Gesprek verwijderen").click()
    expect(page.get_by_text("Opgeslagen op je telefoon.")).to_be_visible()
    expect(page.locator(".list-link").filter(has_text="Tweede versie")).to_have_count(0)
    expect(page.locator(".sync-state")).to_contain_text("2 nog niet verstuurd")

    context.set_offline(False)
    wait_until_synced(page)
    expect(page.locator(".list-link").filter(has_text="Tweede versie")).to_have_count(0)


def test_an_ended_session_keeps_the_outbox_and_asks_to_log_in_again(page: Page) -> None:
    log_in(page, WORKER.email)
    ready_for_offline(page)
    # The session ends on the server (expired, or revoked by an admin) ...
    assert page.request.delete("/api/session").status == 204
    quick_capture(page, "Gesprek terwijl de sessie verlopen was")
    # ... so sending fails with 401: nothing is lost, the user is asked to log in again.
    expect(page.locator(".sync-state")).to_contain_text("Log opnieuw in")
    expect(page.locator(".sync-state")).to_contain_text("1 nog niet verstuurd")
    page.get_by_role("link", name="Opnieuw inloggen").click()
    page.get_by_label("E-mailadres").fill(WORKER.email)
    page.get_by_label("Wachtwoord").fill("ontdekken-in-oost")
    page.get_by_role("button", name="Inloggen").click()
    wait_until_synced(page)
    expect(page.locator(".list-link").filter(has_text="sessie verlopen")).to_be_visible()


def test_another_user_on_this_phone_never_sends_the_first_users_changes(page: Page) -> None:
    """A shared team phone: what one buurtwerker left unsent stays theirs."""
    colleague = next(u for u in DEMO_USERS if u.role.value == "worker" and u != WORKER)
    log_in(page, WORKER.email)
    ready_for_offline(page)
    assert page.request.delete("/api/session").status == 204
    quick_capture(page, "Gesprek van de eerste gebruiker op de gedeelde telefoon")
    expect(page.locator(".sync-state")).to_contain_text("Log opnieuw in")

    log_in(page, colleague.email)
    state = page.locator(".sync-state")
    expect(state).to_contain_text(f"1 nog niet verstuurd van {WORKER.name}")
    expect(state).to_contain_text(f"Log in als {WORKER.name}")
    page.get_by_role("button", name="Nu synchroniseren").click()
    expect(state).to_contain_text(f"Log in als {WORKER.name}")
    mine = page.request.get("/api/sync/pull").json()["changes"]
    assert "eerste gebruiker" not in str(mine)

    # The colleague logs out (the first user's data stays) and the author logs in again:
    # it goes out under their name.
    page.goto("/logout")
    expect(
        page.get_by_text(f"blijft op deze telefoon tot {WORKER.name} weer inlogt")
    ).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_label("E-mailadres")).to_be_visible()
    log_in(page, WORKER.email)
    wait_until_synced(page)
    expect(page.locator(".list-link").filter(has_text="van de eerste gebruiker")).to_be_visible()


def test_another_user_with_nothing_unsent_starts_with_an_empty_phone(page: Page) -> None:
    colleague = next(u for u in DEMO_USERS if u.role.value == "worker" and u != WORKER)
    log_in(page, WORKER.email)
    ready_for_offline(page)
    quick_capture(page, "Gesprek dat daarna van de telefoon verdwijnt")
    wait_until_synced(page)
    # The session ends without a logout (expired), and a colleague logs in on this phone.
    assert page.request.delete("/api/session").status == 204

    log_in(page, colleague.email)
    wait_until_synced(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hoi {colleague.name.split()[0]}")
    expect(page.locator(".list-link").first).to_be_visible()  # the colleague's own
    expect(page.locator(".list-link").filter(has_text="van de telefoon verdwijnt")).to_have_count(0)
