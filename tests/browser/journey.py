"""Steps a buurtwerker takes, shared by the browser journeys."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Locator, Page, expect

from app.demo.seed import DEMO_PASSWORD

WAIT_FOR_ACTIVE_WORKER = """async () => {
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
  }
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (worker.state !== "activated") {
    await new Promise((resolve) => worker.addEventListener("statechange", () => {
      if (worker.state === "activated") resolve();
    }));
  }
  return worker.state;
}"""


def log_in(page: Page, email: str, next_path: str = "/") -> None:
    page.goto(f"/login?next={next_path}")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def sync_state(page: Page) -> Locator:
    return (
        page.get_by_role("status")
        .filter(has_text="opgeslagen")
        .or_(page.get_by_role("status").filter(has_text="verstuurd"))
        .first
    )


def wait_until_synced(page: Page) -> None:
    state = page.locator(".sync-state")
    expect(state).to_contain_text("Alles opgeslagen", timeout=20_000)
    expect(state).to_contain_text("Laatst bijgewerkt", timeout=20_000)


def ready_for_offline(page: Page) -> None:
    """Logged in, the service worker in control, and a first sync done."""
    assert page.evaluate(WAIT_FOR_ACTIVE_WORKER) == "activated"
    wait_until_synced(page)


def discovery(page: Page, label: str) -> Locator:
    return page.locator("fieldset.discovery").filter(has=page.locator("legend", has_text=label))


def capture_conversation(page: Page, summary: str, *, buurt: str = "Dapperbuurt") -> None:
    """Fill in Nieuw gesprek with a new person, a quality, a connection and an idea."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw gesprek")
    page.get_by_label("Buurt").select_option(label=buurt)
    page.get_by_label("Waar", exact=True).fill("bij de bloemenkraam op de Dappermarkt")
    page.get_by_role("button", name="Nieuwe bewoner").click()
    page.get_by_label("Herkenning").fill("verkoopt bloemen op de markt")
    page.get_by_role("button", name="Bewoner toevoegen").click()
    page.get_by_label("Zoek een bewoner").fill("e")
    page.locator(".list-button").first.click()
    page.get_by_label("Samenvatting").fill(summary)

    page.get_by_role("button", name="+ Kwaliteit").click()
    quality = discovery(page, "Kwaliteit")
    quality.get_by_label("Wat kan of weet deze bewoner?").fill(
        "Maakt prachtige boeketten en wil dat anderen leren"
    )
    quality.get_by_role("button", name="handen").click()
    quality.get_by_role("button", name="wil het anderen leren").click()

    page.get_by_role("button", name="+ Verbinding").click()
    connection = discovery(page, "Verbinding")
    connection.get_by_label("Beschrijving").fill("Kennen elkaar van de markt")
    # The people of this conversation are one tap away on both sides.
    connection.get_by_role("group", name="Tussen").locator(
        ".picker-find .chip-button"
    ).first.click()
    connection.get_by_role("group", name="en", exact=True).locator(
        ".picker-find .chip-button"
    ).first.click()

    page.get_by_role("button", name="+ Idee").click()
    idea = discovery(page, "Idee")
    idea.get_by_label("Titel").fill("Bloemenworkshop op het plein")
    idea.get_by_role("group", name="Trekker(s)").locator(".chip-button").first.click()

    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen op je telefoon.")).to_be_visible()
    expect(page.locator(".list-link").filter(has_text=summary)).to_be_visible()


def conversation_id_of(page: Page, summary: str) -> str:
    href = page.locator(".list-link").filter(has_text=summary).get_attribute("href")
    assert href is not None
    return href.rsplit("=", 1)[1]


def teammate_sees(context: BrowserContext, email: str, conversation_id: str, summary: str) -> Page:
    page = context.new_page()
    log_in(page, email, f"/gesprekken/{conversation_id}")
    expect(page.get_by_text(summary)).to_be_visible()
    for kind in ("Kwaliteit", "Verbinding", "Idee"):
        expect(page.locator(".chip", has_text=kind)).to_be_visible()
    return page
