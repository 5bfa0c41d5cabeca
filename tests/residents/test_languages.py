"""A bewoner's own page in her language: Dutch, English, Turkish or Arabic — the one she
picks on the page (remembered), else her browser's, else Dutch; Arabic right to left. And no
string of her pages left untranslated in any of them: checked on everything the page can say
(every msgid of its templates and code, every label it shows), and on the pages as rendered
with rich data, so a string added later without its translations fails here."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from babel.messages.extract import extract_from_file
from babel.support import NullTranslations
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import i18n
from app.conversations import labels
from app.i18n import load_translations, use_locale
from app.residents.language import browser_language
from app.residents.links import LINK_MAX_FAILURES
from app.residents.models import ResidentProposal
from app.templating import templates
from tests.factories import form_token
from tests.residents.test_meelezen import share_her_overview
from tests.residents.test_page import _make_link

ROOT = Path(__file__).resolve().parents[2]
HER_LANGUAGES = ("en", "tr", "ar")
Noted = dict[str, object]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ar-MA,fr;q=0.8", "ar"),
        ("de,tr;q=0.5", "tr"),
        ("tr-TR", "tr"),
        ("en-GB,en;q=0.9,nl;q=0.8", "en"),
        ("nl;q=0.2,ar;q=0.9", "ar"),
        ("ar;q=0", None),
        ("de,fr", None),
        ("", None),
        ("x" * 5000, None),
    ],
)
def test_her_browsers_language_among_the_four(header: str, expected: str | None) -> None:
    assert browser_language(header) == expected


def _html_tag(html: str) -> str:
    found = re.search(r"<html[^>]*>", html)
    assert found is not None
    return found.group(0)


def test_her_browser_chooses_then_her_choice_on_the_page_stays(
    client: TestClient, noted: Noted
) -> None:
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    arabic = client.get(path, headers={"Accept-Language": "ar-MA,ar;q=0.9"})
    assert _html_tag(arabic.text) == '<html lang="ar" dir="rtl">'
    assert "قوتي في الحي" in arabic.text
    assert "taal" not in arabic.cookies  # nothing chosen, nothing remembered

    turkish = client.get(path + "?taal=tr", headers={"Accept-Language": "ar"})
    assert _html_tag(turkish.text) == '<html lang="tr" dir="ltr">'
    assert "Mahalle gücüm" in turkish.text
    cookie = turkish.headers["set-cookie"]
    assert "taal=tr" in cookie
    assert "Path=/mijn" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    # Remembered: her browser says Arabic, her choice was Turkish.
    again = client.get(path, headers={"Accept-Language": "ar"})
    assert _html_tag(again.text) == '<html lang="tr" dir="ltr">'
    # Something that is no language of hers changes nothing.
    odd = client.get(path + "?taal=xx", headers={"Accept-Language": "ar"})
    assert _html_tag(odd.text) == '<html lang="tr" dir="ltr">'
    # Her language switcher keeps her on her own page.
    assert f'href="{path}?taal=ar"' in again.text


def test_her_choice_does_not_change_the_teams_pages(client: TestClient, noted: Noted) -> None:
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    client.get(path + "?taal=ar")
    login_page = client.get("/login")
    assert 'dir="rtl"' not in _html_tag(login_page.text)


# --- every string of her pages, in every language ---------------------------------------


def _static_msgids() -> set[str]:
    """Every msgid in her pages' templates and code, and every label group they show."""
    found: set[str] = set()
    groups: set[str] = set()
    for template in (ROOT / "app/templates/residents").glob("*.html"):
        for _line, message, _comments, _context in extract_from_file(
            "jinja2", str(template), options={"extensions": "jinja2.ext.i18n"}
        ):
            found.add(message if isinstance(message, str) else message[0])
        groups.update(re.findall(r'label\("(\w+)"', template.read_text(encoding="utf-8")))
    for module in (ROOT / "app/residents").glob("*.py"):
        for _line, message, _comments, _context in extract_from_file("python", str(module)):
            found.add(message if isinstance(message, str) else message[0])
    assert groups, "expected her page to show labels"
    with use_locale("nl"):
        every = labels.all_labels()
    for group in groups:
        found.update(every[group].values())
    return found


@pytest.mark.parametrize("lang", HER_LANGUAGES)
def test_every_string_her_pages_can_show_is_translated(lang: str) -> None:
    translations = load_translations(lang)
    catalog: dict[Any, str] = translations._catalog
    missing = sorted(m for m in _static_msgids() if not catalog.get(m))
    assert not missing, f"{lang}: {missing}"


class _Recording(NullTranslations):
    """The language's catalogue, noting every msgid asked for that it does not hold (not
    while the labels are made: those are all made at once, and checked as they are shown)."""

    def __init__(self, inner: NullTranslations, missing: set[str]) -> None:
        super().__init__()
        self.inner, self.missing, self.paused = inner, missing, False

    def _note(self, key: Any, message: str) -> None:
        if not self.paused and not self.inner._catalog.get(key):
            self.missing.add(message)

    def gettext(self, message: str) -> str:
        self._note(message, message)
        return self.inner.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self._note((singular, 0), singular)
        return self.inner.ngettext(singular, plural, n)


@pytest.fixture
def untranslated(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """What her pages said, in a language that is not Dutch, without a translation."""
    missing: set[str] = set()
    real = i18n.load_translations
    recorders: dict[str, _Recording] = {}

    def recording(locale: str = i18n.DEFAULT_LOCALE) -> NullTranslations:
        if locale == i18n.DEFAULT_LOCALE:
            return real(locale)
        return recorders.setdefault(locale, _Recording(real(locale), missing))

    making = labels._labels_in

    def made_quietly(locale: str) -> dict[str, dict[str, str]]:
        recorder = recorders.get(locale)
        if recorder is not None:
            recorder.paused = True
        try:
            return making(locale)
        finally:
            if recorder is not None:
                recorder.paused = False

    shown_label = cast(Callable[[str, str | None], str], templates.env.globals["label"])

    def label_checked(group: str, value: str | None) -> str:
        text = shown_label(group, value)
        locale = i18n.current_locale()
        if value is not None and locale != i18n.DEFAULT_LOCALE:
            with use_locale(i18n.DEFAULT_LOCALE):
                dutch = shown_label(group, value)
            recording(locale)._note(dutch, dutch)  # type: ignore[attr-defined]
        return text

    monkeypatch.setattr(i18n, "load_translations", recording)
    monkeypatch.setattr(labels, "_labels_in", made_quietly)
    monkeypatch.setitem(templates.env.globals, "label", label_checked)
    making.cache_clear()  # labels are made once per language: make them again
    yield missing
    making.cache_clear()


def _everything_her_page_can_show(
    client: TestClient, session: Session, noted: Noted, lang: str
) -> list[str]:
    """Her page with every section, every answer she can get, and the one for a bad link."""
    headers = {"Accept-Language": lang}
    fatima = noted["fatima"]
    path = _make_link(client, noted["worker"], fatima)  # type: ignore[arg-type]
    for outcome in ("accepted", "declined", None):
        session.add(
            ResidentProposal(
                team_id=fatima.team_id,  # type: ignore[attr-defined]
                person_id=fatima.id,  # type: ignore[attr-defined]
                kind="new_quality",
                fields={"title": "Fietsen maken", "willingness": ["teach"]},
                remark="Ook brommers",
                outcome=outcome,
            )
        )
    session.flush()
    shared = share_her_overview(session, noted)  # she reads along, and says rather not
    pages = [
        client.get(path, headers=headers).text,
        client.get(path + "?bewaard=voorstellen", headers=headers).text,
        client.get(path + "?bewaard=toestemming", headers=headers).text,
    ]
    token = form_token(client, path)
    client.post(
        f"{path}/meelezen/{shared.id}",
        data={"csrf_token": token, "antwoord": "liever-niet"},
        headers=headers,
    )
    pages.append(client.get(path + "?bewaard=meelezen", headers=headers).text)
    assert "meelezen" in pages[0]
    assert "toch-wel" in pages[-1]
    refused = client.post(path + "/nieuw", data={"csrf_token": token, "title": ""}, headers=headers)
    assert refused.status_code == 422
    pages.append(refused.text)
    pages.append(client.get(path[:-3] + "abc", headers=headers).text)
    for n in range(LINK_MAX_FAILURES + 1):
        waited = client.get(f"/mijn/{uuid.uuid4().hex}.z{n}", headers=headers)
    assert waited.status_code == 429
    pages.append(waited.text)
    return pages


@pytest.mark.parametrize("lang", HER_LANGUAGES)
def test_her_pages_as_rendered_hold_no_untranslated_string(
    client: TestClient, session: Session, noted: Noted, untranslated: set[str], lang: str
) -> None:
    pages = _everything_her_page_can_show(client, session, noted, lang)
    assert all(f'lang="{lang}"' in _html_tag(page) for page in pages)
    assert not untranslated, f"{lang}: {sorted(untranslated)}"


def test_the_recording_catches_a_string_without_translation(
    untranslated: set[str],
) -> None:
    with use_locale("tr"):
        i18n.gettext("Een zin die niemand vertaalde")
    assert untranslated == {"Een zin die niemand vertaalde"}


@pytest.mark.parametrize("lang", HER_LANGUAGES)
def test_each_translation_says_it_awaits_a_native_speaker(lang: str) -> None:
    po = ROOT / "app/locale" / lang / "LC_MESSAGES/messages.po"
    header = po.read_text(encoding="utf-8").split('msgid ""', 1)[0].lower().replace("\n#", "")
    assert "native speaker" in header
    assert "review" in header
