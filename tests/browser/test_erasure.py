"""A bewoner asks to be forgotten while a buurtwerker's phone is offline: the coordinator
erases them, and the phone drops them from IndexedDB on its first sync back online — the
photo it took of them too, record and bytes, and the server no longer has it."""

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from app.demo.seed import DEMO_USERS
from tests.browser.journey import log_in, ready_for_offline

pytestmark = pytest.mark.browser

COORDINATOR = DEMO_USERS[0]
WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")

# Pushes a new bewoner from a logged-in page, the way the phone's sync does.
PUSH_PERSON = """async ([id, firstName]) => {
  const store = await import("/static/js/store.js");
  const session = await store.getMeta("session");
  const response = await fetch("/api/sync/push", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrf_token },
    credentials: "same-origin",
    body: JSON.stringify({
      device_id: await store.deviceId(),
      changes: [{
        op_id: store.uuid(), entity: "person", id, base_version: null, deleted: false,
        fields: { first_name: firstName, recognition: "vraagt om gewist te worden",
                  consent: { scopes: ["store_name", "share_in_team", "photo"] } },
      }],
    }),
  });
  const body = await response.json();
  return body.results[0].status;
}"""

# Waits inside the page until the record is (or is no longer) in IndexedDB.
RECORD_IS = """async ([id, present]) => {
  const store = await import("/static/js/store.js");
  for (let i = 0; i < 400; i++) {
    const record = await store.getRecord("person", id);
    if (Boolean(record) === present) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}"""


# The worker talks to them and takes a photo of them (a JPEG made on a canvas, as the phone's
# photo step makes one), saved with the conversation in one go.
PHOTO_OF = """async (personId) => {
  const store = await import("/static/js/store.js");
  const session = await store.getMeta("session");
  const canvas = document.createElement("canvas");
  canvas.width = 40;
  canvas.height = 30;
  canvas.getContext("2d").fillRect(0, 0, 40, 30);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.8));
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  const hex = (b) => b.toString(16).padStart(2, "0");
  const sha256 = Array.from(new Uint8Array(digest), hex).join("");
  const talk = store.uuid();
  const photo = store.uuid();
  await store.saveLocal([
    { entity: "conversation", id: talk, fields: {
        neighbourhood_id: session.neighbourhoods[0].id, occurred_at: new Date().toISOString(),
        kind: "street", summary: "Op de foto bij het bankje", person_ids: [personId] } },
    { entity: "attachment", id: photo, fields: {
        conversation_id: talk, kind: "photo", sha256, media_type: "image/jpeg", size: blob.size,
        person_ids: [personId], visibility: "team", caption: "" } },
  ], [{ sha256, blob, media_type: "image/jpeg", size: blob.size, kind: "photo" }]);
  window.dispatchEvent(new CustomEvent("ot-saved"));
  return [photo, sha256];
}"""

# Waits inside the page until the photo's record and bytes are (or are no longer) on the phone,
# and, while they are, until the server has acknowledged the record and confirmed the bytes.
PHOTO_IS = """async ([id, sha256, present]) => {
  const store = await import("/static/js/store.js");
  for (let i = 0; i < 400; i++) {
    const record = await store.getRecord("attachment", id);
    const file = await store.getFile(sha256);
    const here = Boolean(record && !record.deleted && record.version > 0) && Boolean(file);
    if (present ? here && file.sent : !record && !file) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}"""


def _sync_now(page: Page) -> None:
    page.get_by_role("button", name="Nu synchroniseren").click()


def test_an_erasure_reaches_a_phone_that_was_offline(
    browser: Browser, browser_context_args: dict[str, Any]
) -> None:
    office = browser.new_context(**browser_context_args)
    street = browser.new_context(**browser_context_args)
    try:
        coordinator = office.new_page()
        log_in(coordinator, COORDINATOR.email)
        ready_for_offline(coordinator)
        person_id = str(uuid.uuid4())
        first_name = f"Wilhelmina{person_id[:4]}"
        assert coordinator.evaluate(PUSH_PERSON, [person_id, first_name]) == "applied"

        phone = street.new_page()
        log_in(phone, WORKER.email)
        ready_for_offline(phone)
        _sync_now(phone)
        assert phone.evaluate(RECORD_IS, [person_id, True])
        photo_id, sha256 = phone.evaluate(PHOTO_OF, person_id)
        assert phone.evaluate(PHOTO_IS, [photo_id, sha256, True])
        assert coordinator.request.get(f"/bestanden/{photo_id}").status == 200

        street.set_offline(True)
        coordinator.goto(f"/bewoners/{person_id}")
        label = coordinator.locator("label[for=wissen-bevestig]").inner_text()
        found = re.search(r"pseudoniem (\S+) om", label)
        assert found is not None, label
        pseudonym = found[1]
        coordinator.get_by_label(f"Typ het pseudoniem {pseudonym} om te bevestigen").fill(pseudonym)
        coordinator.get_by_role("button", name="Definitief wissen").click()
        expect(coordinator.get_by_role("status").filter(has_text="is gewist")).to_be_visible()
        gone = coordinator.goto(f"/bewoners/{person_id}")
        assert gone is not None
        assert gone.status == 404

        # Still on the offline phone, until it is back online.
        assert phone.evaluate(RECORD_IS, [person_id, True])
        assert coordinator.request.get(f"/bestanden/{photo_id}").status == 404
        assert phone.evaluate(PHOTO_IS, [photo_id, sha256, True])
        street.set_offline(False)
        _sync_now(phone)
        assert phone.evaluate(RECORD_IS, [person_id, False])
        assert phone.evaluate(PHOTO_IS, [photo_id, sha256, False])
        assert first_name not in phone.evaluate(
            """async () => {
              const store = await import("/static/js/store.js");
              return JSON.stringify(await store.listRecords("person"));
            }"""
        )
    finally:
        street.close()
        office.close()
