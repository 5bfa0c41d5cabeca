"""A lost phone: from a laptop the buurtwerker revokes it; on its next contact the phone
wipes everything it held and shows the login page saying so."""

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from app.demo.seed import DEMO_USERS
from tests.browser.journey import log_in, ready_for_offline

pytestmark = pytest.mark.browser

WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")

HOLDS = """async () => {
  const store = await import("/static/js/store.js");
  return (await store.listRecords("conversation")).length;
}"""


def test_a_revoked_phone_wipes_itself(
    browser: Browser, browser_context_args: dict[str, Any]
) -> None:
    street = browser.new_context(**browser_context_args)
    office = browser.new_context(**browser_context_args)
    try:
        phone = street.new_page()
        log_in(phone, WORKER.email)
        ready_for_offline(phone)
        assert phone.evaluate(HOLDS) > 0
        device_id = phone.evaluate("async () => (await import('/static/js/store.js')).deviceId()")

        laptop = office.new_page()
        log_in(laptop, WORKER.email, "/account/apparaten")
        expect(laptop.get_by_role("heading", level=1)).to_have_text("Mijn apparaten")
        laptop.locator(f"form[action='/account/apparaten/{device_id}/intrekken'] button").click()
        expect(
            laptop.locator(f"form[action='/account/apparaten/{device_id}/intrekken']")
        ).to_have_count(0)

        phone.get_by_role("button", name="Nu synchroniseren").click()
        expect(
            phone.get_by_text("Dit apparaat is ingetrokken: wat erop stond is gewist.")
        ).to_be_visible()
        assert phone.evaluate(HOLDS) == 0
    finally:
        office.close()
        street.close()
