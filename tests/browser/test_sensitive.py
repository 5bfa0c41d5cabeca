"""While typing, a BSN or special-category words get a gentle warning; saving still works."""

import pytest
from playwright.sync_api import Page, expect

from app.demo.seed import DEMO_USERS
from tests.browser.journey import log_in, ready_for_offline

pytestmark = pytest.mark.browser

WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")


def test_a_warning_while_typing_never_a_block(page: Page) -> None:
    log_in(page, WORKER.email)
    ready_for_offline(page)
    page.goto("/gesprekken/nieuw")
    page.get_by_label("Buurt").select_option(label="Oosterpark")
    summary = page.get_by_label("Samenvatting")
    summary.fill("Mevrouw van de bloemenbak; haar nummer 111 22 23 33")
    hint = page.locator("#summary-hint")
    expect(hint).to_contain_text("Dit lijkt op een BSN")
    summary.fill("Mevrouw van de bloemenbak vertelde over haar diabetes")
    expect(hint).to_contain_text("Gaat dit over gezondheid?")
    expect(hint).not_to_contain_text("BSN")
    summary.fill("Mevrouw van de bloemenbak kweekt tomaten op het balkon")
    expect(hint).to_be_hidden()
    summary.fill("Mevrouw van de bloemenbak (gezondheid: ziek geweest) kweekt tomaten")
    expect(hint).to_be_visible()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".list-link").filter(has_text="kweekt tomaten")).to_be_visible()
