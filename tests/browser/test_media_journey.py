"""Voice notes and photos on the street (issue 16): recorded and added offline, stored with the
save, still there and playable after a reload without signal, and on the server byte for byte
once there is a connection — the photo without a trace of EXIF (GPS!). A teammate sees that a
file is "nog niet binnen" while its upload is held back, and the file once it arrived."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import os
import re
import struct
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Route, expect

from app.demo.seed import DEMO_USERS
from testkit.browser import axe_violations
from testkit.server import ServerProcess
from tests.browser.journey import conversation_id_of, log_in, ready_for_offline, wait_until_synced
from tests.browser.test_capture_method import WIDER_THAN_THE_SCREEN

pytestmark = pytest.mark.browser

WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")
COORDINATOR = DEMO_USERS[0]
GPS_IFD = 0x8825


def tone_wav(path: Path, seconds: float = 8.0, rate: int = 16_000) -> Path:
    """A 440 Hz tone: what Chromium's fake microphone plays."""
    frames = b"".join(
        struct.pack("<h", int(12_000 * math.sin(2 * math.pi * 440 * i / rate)))
        for i in range(int(seconds * rate))
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


def photo_with_gps(path: Path) -> Path:
    """A 2400×1800 JPEG that says where it was taken."""
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (52.0, 21.0, 36.0)
    gps[3] = "E"
    gps[4] = (4.0, 55.0, 12.0)
    Image.new("RGB", (2400, 1800), (30, 120, 90)).save(path, "JPEG", exif=exif)
    with Image.open(path) as written:
        assert written.getexif().get_ifd(GPS_IFD)
    return path


@pytest.fixture
def media_browser(
    launch_browser: Callable[..., Browser], browser_type_launch_args: dict[str, Any], tmp_path: Path
) -> Iterator[Browser]:
    """Chromium with a fake microphone playing a tone, and no permission prompt."""
    wav = tone_wav(tmp_path / "toon.wav")
    browser = launch_browser(
        args=[
            *browser_type_launch_args["args"],
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}",
        ]
    )
    yield browser
    browser.close()


@pytest.fixture
def phone(media_browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[BrowserContext]:
    context = media_browser.new_context(**browser_context_args, permissions=["microphone"])
    yield context
    context.close()


STORED = """async () => {
  const store = await import("/static/js/store.js");
  const records = await store.listRecords("attachment");
  const out = {};
  for (const r of records) {
    const file = await store.getFile(r.fields.sha256);
    if (!file) continue; // the demo's photos, pulled from the server
    const bytes = new Uint8Array(await file.blob.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 8192) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 8192));
    }
    out[r.fields.kind] = { id: r.id, fields: r.fields, sent: file.sent, base64: btoa(binary) };
  }
  return out;
}"""


def test_voice_note_and_photo_offline_survive_and_reach_the_team(
    phone: BrowserContext,
    media_browser: Browser,
    browser_context_args: dict[str, Any],
    tmp_path: Path,
    artifacts_dir: Path,
) -> None:
    page = phone.new_page()
    log_in(page, WORKER.email)
    ready_for_offline(page)

    # On the street without signal.
    phone.set_offline(True)
    page.goto("/gesprekken/nieuw")
    page.get_by_label("Buurt").select_option(label="Dapperbuurt")
    summary = "Bij de moestuin: Kees vertelt over de zadenbank."
    page.get_by_label("Samenvatting").fill(summary)
    # Kees agrees to photos; Priya did not.
    page.get_by_role("button", name="Nieuwe bewoner").click()
    page.get_by_label("Herkenning").fill("Kees van de moestuin")
    page.get_by_role("checkbox", name="foto's bewaren").check()
    page.get_by_role("button", name="Bewoner toevoegen").click()
    page.get_by_label("Zoek een bewoner").fill("Priya")  # demo: no consent for photos
    page.locator(".list-button").first.click()

    page.get_by_role("button", name="Spraakmemo opnemen").click()
    clock = page.locator(".recorder-clock")
    expect(clock).to_contain_text("0:02", timeout=15_000)
    page.get_by_role("button", name="Pauze").click()
    expect(clock.get_by_text("gepauzeerd")).to_be_visible()
    page.get_by_role("button", name="Hervatten").click()
    expect(clock).to_contain_text("0:05", timeout=15_000)
    page.get_by_role("button", name="Stoppen").click()
    voice = page.locator("fieldset.attachment").filter(
        has=page.locator("legend", has_text="Spraakmemo")
    )
    expect(voice.locator("audio")).to_have_count(1)
    expect(voice.get_by_role("button", name="krachtenoverzicht")).to_have_count(0)

    page.locator("input[type=file]").set_input_files(str(photo_with_gps(tmp_path / "foto.jpg")))
    photo = page.locator("fieldset.attachment").filter(has=page.locator("legend", has_text="Foto"))
    expect(photo.locator("img")).to_have_count(1)
    # The tab is closed before saving (a phone call): the draft keeps both, bytes and all.
    page.reload()
    expect(page.get_by_text("het concept is bewaard")).to_be_visible()
    expect(voice.locator("audio")).to_have_count(1)
    expect(photo.locator("img")).to_have_count(1)
    photo.get_by_label("Bijschrift").fill("De zadenkast bij de moestuin")
    on_photo = photo.get_by_role("group", name="Wie staan erop?")
    expect(on_photo.get_by_role("button", name="Priya")).to_be_disabled()
    expect(on_photo.get_by_role("button", name="Priya")).to_contain_text(
        "geen toestemming voor foto's"
    )
    on_photo.get_by_role("button", name="Kees van de moestuin").click()
    page.screenshot(path=artifacts_dir / "spraakmemo-en-foto-390x844.png", full_page=True)
    page.get_by_role("button", name="Opslaan").click()

    # Shown at once, with where the bytes are.
    item = page.locator(".list-link").filter(has_text=summary)
    expect(item).to_contain_text("Spraakmemo: op deze telefoon")
    expect(item).to_contain_text("Foto: op deze telefoon")
    expect(page.locator(".sync-state")).to_contain_text("2 bestanden (")

    # The phone stored the photo without EXIF, at most 1600 px; and a real voice note.
    stored = page.evaluate(STORED)
    jpeg = base64.b64decode(stored["photo"]["base64"])
    assert b"Exif" not in jpeg
    with Image.open(io.BytesIO(jpeg)) as image:
        assert not image.getexif()
        assert image.size == (1600, 1200)
    voice_bytes = base64.b64decode(stored["voice"]["base64"])
    assert stored["voice"]["fields"]["sha256"] == hashlib.sha256(voice_bytes).hexdigest()
    assert stored["voice"]["fields"]["media_type"] in ("audio/webm", "audio/mp4")
    assert stored["voice"]["fields"]["duration_ms"] >= 5000
    assert stored["voice"]["fields"]["visibility"] == "private"

    # Reload without signal: still there, and playable.
    page.reload()
    item = page.locator(".list-link").filter(has_text=summary)
    expect(item).to_contain_text("Spraakmemo: op deze telefoon")
    item.click()
    expect(page.locator("fieldset.attachment")).to_have_count(2)
    page.wait_for_function(
        """() => {
          const audio = document.querySelector("fieldset.attachment audio");
          const img = document.querySelector("fieldset.attachment img");
          return audio && audio.readyState >= 1 && audio.duration > 0
            && img && img.complete && img.naturalWidth > 0;
        }"""
    )
    conversation_id = stored["photo"]["fields"]["conversation_id"]
    assert len(stored["photo"]["fields"]["person_ids"]) == 1

    # Signal again, but the files' upload is held back: the records go, the bytes wait.
    held_back = "**/api/files**"
    phone.route(held_back, lambda route: route.abort())
    page.goto("/")  # the cached shell; the page syncs on start
    phone.set_offline(False)
    unsent = page.locator(".sync-state > span").nth(1)
    expect(unsent).to_have_text(
        re.compile(r"^2 bestanden \(\d+,\d MB\) nog niet verstuurd$"), timeout=20_000
    )
    expect(page.locator(".sync-state")).to_contain_text("Laatst bijgewerkt")

    teammate = media_browser.new_context(**browser_context_args)
    try:
        team_page = teammate.new_page()
        log_in(team_page, COORDINATOR.email, f"/gesprekken/{conversation_id}")
        expect(team_page.get_by_text("Foto nog niet binnen")).to_be_visible()
        # A voice note is its author's alone.
        expect(team_page.get_by_text("Spraakmemo nog niet binnen")).to_have_count(0)

        phone.unroute(held_back)
        page.get_by_role("button", name="Nu synchroniseren").click()
        wait_until_synced(page)
        item = page.locator(".list-link").filter(has_text=summary)
        expect(item).to_contain_text("Spraakmemo: verstuurd")
        expect(item).to_contain_text("Foto: verstuurd")

        team_page.reload()
        team_page.wait_for_function(
            "() => { const img = document.querySelector('img.attachment-photo');"
            " return img && img.complete && img.naturalWidth > 0; }"
        )
    finally:
        teammate.close()

    # The server holds exactly the phone's bytes: the voice note as recorded, the photo as
    # re-encoded on the phone, without any EXIF.
    voice_on_server = page.request.get(f"/bestanden/{stored['voice']['id']}")
    assert voice_on_server.ok
    assert hashlib.sha256(voice_on_server.body()).hexdigest() == stored["voice"]["fields"]["sha256"]
    photo_on_server = page.request.get(f"/bestanden/{stored['photo']['id']}").body()
    assert photo_on_server == jpeg
    assert b"Exif" not in photo_on_server
    with Image.open(io.BytesIO(photo_on_server)) as served:
        assert not served.getexif()


def noisy_photo(path: Path) -> Path:
    """A photo that stays over 1 MB as the phone's JPEG: its upload takes more than one chunk."""
    Image.frombytes("RGB", (2400, 1800), os.urandom(2400 * 1800 * 3)).save(path, "JPEG")
    return path


FILE_OF_ATTACHMENT = """async (conversationId) => {
  const store = await import("/static/js/store.js");
  const record = (await store.listRecords("attachment"))
    .find((r) => r.fields.conversation_id === conversationId);
  if (!record) return null;
  const file = await store.getFile(record.fields.sha256);
  return { id: record.id, sha256: record.fields.sha256, size: record.fields.size,
           sent: file ? file.sent : null };
}"""


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path / "server")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def phone_of_own_server(
    browser: Browser, browser_context_args: dict[str, Any], own_server: ServerProcess
) -> Iterator[BrowserContext]:
    context = browser.new_context(**{**browser_context_args, "base_url": own_server.url})
    yield context
    context.close()


def test_an_upload_resumes_where_it_broke_and_a_file_is_never_sent_twice(
    phone_of_own_server: BrowserContext, own_server: ServerProcess, tmp_path: Path
) -> None:
    """The server is killed while the second chunk is on its way: once it is back, the next
    sync asks it what it holds and sends only the rest; a hash mismatch starts over once. A
    file the server holds is not sent again. Deleted on the server, the photo leaves the phone
    with its bytes."""
    page = phone_of_own_server.new_page()
    chunks: list[int] = []
    completes: list[str] = []
    signal = {"lost": True}

    def chunk(route: Route) -> None:
        index = int(route.request.url.rsplit("/", 1)[1])
        chunks.append(index)
        if index == 1 and signal["lost"]:
            if chunks.count(1) == 1:
                own_server.kill()  # a power cut in the server room, mid-upload
            route.abort("connectionreset")  # and the street's signal stays gone a while
        else:
            route.continue_()

    def complete(route: Route) -> None:
        completes.append(route.request.url)
        if len(completes) == 1:
            # As if the bytes had not added up to their hash: the phone starts over, once.
            route.fulfill(status=422, json={"detail": "De inhoud klopt niet met de hash."})
        else:
            route.continue_()

    page.route("**/api/files/*/chunks/*", chunk)
    page.route("**/api/files/*/complete", complete)
    log_in(page, WORKER.email)
    ready_for_offline(page)

    page.goto("/gesprekken/nieuw")
    page.get_by_label("Buurt").select_option(label="Dapperbuurt")
    summary = "De fietsenmaker laat zien hoe de werkplaats eruitziet."
    page.get_by_label("Samenvatting").fill(summary)
    # This browser has no microphone: the button explains, it is not dead.
    page.get_by_role("button", name="Spraakmemo opnemen").click()
    expect(page.locator("section.media .notice").first).to_contain_text("microfoon")
    page.locator("input[type=file]").set_input_files(str(noisy_photo(tmp_path / "foto.jpg")))
    expect(page.locator("fieldset.attachment img")).to_have_count(1)
    with page.expect_event("requestfailed", lambda r: r.url.endswith("/chunks/1")):
        page.get_by_role("button", name="Opslaan").click()
    item = page.locator(".list-link").filter(has_text=summary)
    expect(item).to_contain_text("Foto: op deze telefoon")
    conversation_id = conversation_id_of(page, summary)
    own_server.start()  # same database, same port
    file = page.evaluate(FILE_OF_ATTACHMENT, conversation_id)
    count = math.ceil(file["size"] / (1024 * 1024))
    assert count >= 2, file["size"]
    assert file["sent"] is False
    # Not sent yet, so it goes into the file of unsent items, bytes and all.
    page.get_by_text("Niet verstuurd", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Bewaar als bestand").click()
    exported = json.loads(Path(download.value.path()).read_text())
    photo_bytes = base64.b64decode(exported["files"][0]["base64"])
    assert hashlib.sha256(photo_bytes).hexdigest() == file["sha256"]
    # Logging out would wipe it: refused while it is unsent.
    page.goto("/logout")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_disabled()
    page.goto("/")
    item = page.locator(".list-link").filter(has_text=summary)

    signal["lost"] = False
    page.get_by_role("button", name="Nu synchroniseren").click()
    expect(item).to_contain_text("Foto: verstuurd", timeout=20_000)
    # Chunk 0 crossed once; after that only what the server lacked (each sync tried chunk 1).
    # The first "complete" was answered 422, so the phone asked again and completed.
    assert chunks.count(0) == 1
    assert chunks[-(count - 1) :] == list(range(1, count))
    assert len(completes) == 2
    sent_chunks = len(chunks)

    # The phone lost the server's "complete" answer (the app was closed): the next sync asks,
    # hears the server holds the file, and sends nothing.
    page.evaluate(
        """async (sha256) => {
          const store = await import("/static/js/store.js");
          await store.markFile(sha256, { sent: false });
        }""",
        file["sha256"],
    )
    page.reload()
    expect(page.locator(".list-link").filter(has_text=summary)).to_contain_text(
        "Foto: verstuurd", timeout=20_000
    )
    assert len(chunks) == sent_chunks
    assert len(completes) == 2

    # The same photo once more in this conversation (another record, the same bytes).
    page.evaluate(
        """async ([conversationId, sha256, size]) => {
          const store = await import("/static/js/store.js");
          await store.saveLocal([{ entity: "attachment", id: store.uuid(), fields: {
            conversation_id: conversationId, kind: "photo", sha256, size,
            media_type: "image/jpeg", visibility: "team", caption: "Nog eens", person_ids: [] } }]);
        }""",
        [conversation_id, file["sha256"], file["size"]],
    )
    page.get_by_role("button", name="Nu synchroniseren").click()
    wait_until_synced(page)

    # Deleted on the server (the author's own page): the next pull takes each record off the
    # phone, and the bytes go with the last record that names them.
    for attachment_id, bytes_stay in ((file["id"], True), (None, False)):
        page.goto(f"/gesprekken/{conversation_id}")
        entry = page.locator(f"#bijlage-{attachment_id}" if attachment_id else "li.attachment")
        entry.get_by_text("Aanpassen").click()
        entry.get_by_role("button", name="Verwijderen, met het bestand").click()
        expect(page).to_have_url(re.compile(r"bijlage=verwijderd"))
        page.goto("/")
        # wait_for_function does not await a promise: each poll starts a look at the store
        # and reads the previous one's answer.
        page.wait_for_function(
            """([sha256, records, file]) => {
              import("/static/js/store.js").then(async (store) => {
                const named = (await store.listRecords("attachment"))
                  .filter((r) => r.fields.sha256 === sha256);
                window.storeAgrees =
                  named.length === records && Boolean(await store.getFile(sha256)) === file;
              });
              return window.storeAgrees === true;
            }""",
            arg=[file["sha256"], 1 if bytes_stay else 0, bytes_stay],
        )
    expect(page.locator(".list-link").filter(has_text=summary)).not_to_contain_text("Foto")


def test_the_phone_says_when_a_recording_or_its_storage_reaches_a_limit(
    media_browser: Browser, browser_context_args: dict[str, Any], tmp_path: Path
) -> None:
    # axe is injected as a script, so this one context lets it past the page's CSP.
    context = media_browser.new_context(
        **browser_context_args, permissions=["microphone"], bypass_csp=True
    )
    try:
        page = context.new_page()
        log_in(page, WORKER.email)
        expect(page.locator(".sync-state")).to_contain_text("Laatst bijgewerkt", timeout=20_000)
        # An iPhone in a Safari tab, nearly full.
        page.add_init_script(
            """Object.defineProperty(navigator, "userAgent", { get: () => "Mozilla/5.0 (iPhone)" });
            const MB = 1048576;
            navigator.storage.estimate = async () => ({ usage: 990 * MB, quota: 1000 * MB });"""
        )
        page.clock.install()
        page.goto("/gesprekken/nieuw")
        bar = page.locator(".sync-bar")
        expect(bar).to_contain_text("Nog 10,0 MB vrij voor de app op deze telefoon.")
        expect(bar).to_contain_text("Safari kan de gegevens van deze app wissen na 7 dagen")
        page.get_by_role("button", name="Spraakmemo opnemen").click()
        expect(page.get_by_role("button", name="Pauze")).to_be_visible()  # recording
        page.clock.run_for("05:01")
        expect(page.get_by_text("De opname stopte na 5 minuten")).to_be_visible()
        voice = page.locator("fieldset.attachment")
        expect(voice.locator("audio")).to_have_count(1)
        expect(voice.locator(".attachment-state")).to_have_text("5:00 · nog niet opgeslagen")
        expect(page.get_by_role("button", name="Stoppen")).to_be_hidden()

        # The cards pass axe, a photo's people picker (one without consent) included.
        page.get_by_label("Zoek een bewoner").fill("Priya")
        page.locator(".list-button").first.click()
        page.locator("input[type=file]").set_input_files(str(photo_with_gps(tmp_path / "f.jpg")))
        expect(page.locator("fieldset.attachment img")).to_have_count(1)
        assert page.evaluate(WIDER_THAN_THE_SCREEN) == []
        assert axe_violations(page) == []
    finally:
        context.close()
