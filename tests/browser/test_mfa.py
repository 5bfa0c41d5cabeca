"""Two-step verification in a real browser: a coordinator adds a teammate, who sets it up by
typing the key into their authenticator app, keeps the recovery codes, logs in with a code and
turns it off again with password and recovery code."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Browser, expect

from app.demo.seed import DEMO_PASSWORD, DEMO_USERS
from tests.browser.journey import log_in

pytestmark = pytest.mark.browser

COORDINATOR = next(u for u in DEMO_USERS if u.role.value == "coordinator")


def test_a_teammate_sets_up_two_step_verification_and_logs_in_with_a_code(
    browser: Browser, browser_context_args: dict[str, Any], artifacts_dir: Any
) -> None:
    email = f"nieuw-{uuid.uuid4().hex[:8]}@buurtteam-oost.nl"
    office = browser.new_context(**browser_context_args)
    first = browser.new_context(**browser_context_args)
    later = browser.new_context(**browser_context_args)
    try:
        lead = office.new_page()
        log_in(lead, COORDINATOR.email, "/team")
        lead.get_by_text("Iemand toevoegen…").click()
        lead.get_by_label("Naam").fill("Noor Visser")
        lead.get_by_label("E-mailadres").fill(email)
        lead.get_by_label("Eerste wachtwoord (minstens 12 tekens)").fill(DEMO_PASSWORD)
        lead.get_by_role("button", name="Toevoegen").first.click()
        expect(lead.get_by_text(email)).to_be_visible()

        page = first.new_page()
        log_in(page, email, "/account/tweestaps")
        expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
        secret = page.locator("#mfa-secret").inner_text().replace(" ", "")
        assert re.fullmatch(r"[A-Z2-7]{32}", secret)
        page.screenshot(path=str(artifacts_dir / "mfa-setup.png"), full_page=True)
        page.get_by_label("Code uit je app").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Bewaar je herstelcodes")
        expect(page.locator(".recovery-codes li")).to_have_count(10)
        recovery_codes = page.locator(".recovery-codes li").all_inner_texts()
        page.get_by_role("link", name="Ik heb ze bewaard, ga verder").click()
        expect(page.get_by_text("Staat aan")).to_be_visible()

        # Another phone: after the password comes the code.
        phone = later.new_page()
        log_in(phone, email, "/tocht")
        expect(phone.get_by_role("heading", level=1)).to_have_text("Nog één stap")
        phone.screenshot(path=str(artifacts_dir / "mfa-code.png"), full_page=True)
        next_step = datetime.now(UTC) + timedelta(seconds=30)
        phone.get_by_label("Code uit je app").fill(pyotp.TOTP(secret).at(next_step))
        phone.get_by_role("button", name="Inloggen", exact=True).click()
        expect(phone).to_have_url(re.compile(r"/tocht$"))

        # Turning it off takes the password as well; a recovery code stands in for the phone.
        page.goto("/account/tweestaps")
        page.get_by_label("Code uit je app of een herstelcode").fill(recovery_codes[0])
        page.get_by_role("button", name="Tweestapsverificatie uitzetten").click()
        expect(page.get_by_role("alert")).to_have_text("Vul je wachtwoord in.")
        page.get_by_label("Je wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_label("Code uit je app of een herstelcode").fill(recovery_codes[0])
        page.get_by_role("button", name="Tweestapsverificatie uitzetten").click()
        expect(page.get_by_text("Tweestapsverificatie staat uit.")).to_be_visible()
    finally:
        later.close()
        first.close()
        office.close()
