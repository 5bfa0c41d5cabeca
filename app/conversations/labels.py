"""Dutch labels for the domain's values, wrapped for translation."""

from __future__ import annotations

import functools

from app.i18n import current_locale, use_locale
from app.i18n import gettext as _


def _labels() -> dict[str, dict[str, str]]:
    return {
        "conversation_kind": {
            "street": _("op straat"),
            "appointment": _("afspraak"),
            "home_visit": _("huisbezoek"),
            "during_activity": _("tijdens activiteit"),
            "group": _("groepsgesprek"),
            "phone": _("telefonisch"),
        },
        # The language a talk was in, as its name in the page's language.
        "conversation_language": {
            "nl": _("Nederlands"),
            "ar": _("Arabisch"),
            "ber": _("Tamazight (Berbers)"),
            "tr": _("Turks"),
            "en": _("Engels"),
            "pap": _("Papiaments"),
            "srn": _("Sranantongo"),
            "pl": _("Pools"),
            "bg": _("Bulgaars"),
            "ro": _("Roemeens"),
            "uk": _("Oekraïens"),
            "so": _("Somalisch"),
            "ti": _("Tigrinya"),
            "fa": _("Perzisch (Farsi, Dari)"),
            "es": _("Spaans"),
            "fr": _("Frans"),
            "pt": _("Portugees"),
            "zh": _("Chinees"),
            "other": _("een andere taal"),
        },
        "discovery_kind": {
            "quality": _("Kwaliteit"),
            "group": _("Groep"),
            "institution": _("Instelling"),
            "place": _("Plek"),
            "exchange": _("Buurteconomie"),
            "story": _("Verhaal"),
            "connection": _("Verbinding"),
            "idea": _("Idee"),
        },
        "dimension": {"head": _("hoofd"), "heart": _("hart"), "hands": _("handen")},
        "quality_type": {
            "gift": _("gave"),
            "skill": _("vaardigheid"),
            "knowledge": _("kennis"),
            "passion": _("passie"),
        },
        "willingness": {
            "share": _("wil delen"),
            "teach": _("wil het anderen leren"),
            "learn": _("wil zelf leren"),
            "join": _("wil meedoen"),
        },
        "visibility": {
            "private": _("alleen ik"),
            "team": _("team"),
            "overview": _("krachtenoverzicht"),
        },
        "review_status": {
            "new": _("nieuw"),
            "discussed": _("besproken"),
            "follow_up": _("opvolgen"),
            "parked": _("geparkeerd"),
        },
        "connection_status": {
            "chance": _("kans"),
            "introduced": _("voorgesteld"),
            "met": _("hebben elkaar ontmoet"),
            "active_together": _("samen actief"),
            "did_not_work": _("kwam niet tot stand"),
        },
        "connection_kind": {
            "know_each_other": _("kennen elkaar"),
            "do_together": _("doen samen iets"),
            "promising": _("kansrijk"),
            "introduced_by_us": _("voorgesteld door ons"),
        },
        "idea_phase": {
            "dream": _("droom"),
            "exploring": _("verkennen"),
            "started": _("gestart"),
            "running": _("loopt"),
            "self_sustaining": _("draait zelfstandig"),
            "stopped": _("gestopt"),
        },
        "ask_status": {
            "asked": _("gevraagd"),
            "promised": _("toegezegd"),
            "arranged": _("geregeld"),
            "declined": _("afgewezen"),
        },
        "follow_up_kind": {
            "agreement": _("vervolgafspraak"),
            "talk_to": _("nog te spreken"),
        },
        "address_form": {"je": _("je"), "u": _("u")},
        "offer": {
            "space": _("ruimte"),
            "materials": _("materiaal"),
            "budget": _("budget"),
            "staff_talents": _("talenten van medewerkers"),
        },
        "place_type": {
            "meeting_place": _("ontmoetingsplek"),
            "green": _("groen"),
            "vacancy": _("leegstand, een kans"),
            "other": _("anders"),
        },
        "exchange_type": {
            "swap": _("ruilen"),
            "lend": _("lenen"),
            "small_business": _("kleine ondernemer"),
        },
        # A bewoner's own page (app.residents): what the team noted, in her words' order.
        "resident_section": {
            "quality": _("Wat je kunt en wilt delen"),
            "group": _("Groepen waar je bij hoort"),
            "idea": _("Ideeën die je trekt of waar je aan meedoet"),
            "connection": _("Met wie en wat je verbonden bent"),
            "exchange": _("Ruilen, lenen en ondernemen"),
            "story": _("Jouw verhalen"),
            "place": _("Plekken die je belangrijk vindt"),
            "institution": _("Instellingen waar je mee te maken hebt"),
        },
        # What a bewoner may propose on her own page (app.residents.proposals), for the team.
        "proposal_field": {
            "title": _("Wat de bewoner kan"),
            "description": _("In eigen woorden"),
            "willingness": _("Wil ermee"),
            "group_would_like": _("Zouden graag"),
            "group_if_asked": _("Willen meedoen als iemand het vraagt"),
            "idea_self": _("Wat we zelf kunnen"),
            "idea_little_help": _("Wat we met een beetje hulp kunnen"),
            "idea_outside": _("Waar we hulp van buiten bij nodig hebben"),
            "status": _("Fase"),
            "new_ask": _("Nieuwe vraag aan een partner"),
        },
        # The six building blocks of ABCD, as the discovery kinds map onto them.
        "abcd": {
            "quality": _("Bewoners en hun talenten"),
            "group": _("Groepen en verenigingen"),
            "institution": _("Instellingen"),
            "place": _("Plekken"),
            "exchange": _("Buurteconomie"),
            "story": _("Verhalen en cultuur"),
        },
        "prompt_group": {
            "opening": _("Openen"),
            "head": _("Hoofd"),
            "heart": _("Hart"),
            "hands": _("Handen"),
            "dreams": _("Dromen"),
            "connecting": _("Verbinden"),
            "collective": _("Samen"),
        },
        "consent_scope": {
            "store_name": _("roepnaam bewaren"),
            "share_in_team": _("delen in het team"),
            "name_in_overview": _("naam in het krachtenoverzicht"),
            "contact": _("contact opnemen"),
            "photo": _("foto's bewaren"),
        },
        # One line each, shown (and read out) when a bewoner gives consent in the street.
        "consent_scope_meaning": {
            "store_name": _("De roepnaam wordt bewaard, niet alleen een code."),
            "share_in_team": _("Andere buurtwerkers van het team zien de naam."),
            "name_in_overview": _("De naam mag in het krachtenoverzicht van de buurt staan."),
            "contact": _("Een buurtwerker mag later contact opnemen."),
            "photo": _("Foto's waarop de bewoner staat mogen in het team bewaard worden."),
        },
        "person_role": {
            "subject": _("over"),
            "trekker": _("trekker"),
            "supporter": _("helpt mee"),
            "connection": _("verbinding"),
        },
        "entity": {
            "person": _("Bewoner"),
            "conversation": _("Gesprek"),
            "discovery": _("Ontdekking"),
            "follow_up": _("Vervolgafspraak"),
            "attachment": _("Bijlage"),
        },
        "field": {
            "summary": _("Samenvatting"),
            "place": _("Waar"),
            "occurred_at": _("Wanneer"),
            "referrals": _("Nog meer praten met"),
            "title": _("Titel"),
            "description": _("Beschrijving"),
            "status": _("Fase"),
            "visibility": _("Zichtbaar voor"),
            "what": _("Wat"),
            "due_on": _("Wanneer"),
            "owner_id": _("Wie"),
            "done_at": _("Gedaan"),
            "recognition": _("Herkenning"),
            "first_name": _("Roepnaam"),
            "street": _("Straat"),
            "is_connector": _("Verbinder"),
            "themes": _("Thema's"),
            "person_ids": _("Over wie"),
            "trekker_ids": _("Trekkers"),
            "supporter_ids": _("Helpen mee"),
            "quality_type": _("Soort kwaliteit"),
            "dimensions": _("Hoofd, hart of handen"),
            "willingness": _("Wil graag"),
            "group_would_like": _("Zouden graag"),
            "group_if_asked": _("Als je het vraagt"),
            "offers": _("Biedt"),
            "place_type": _("Soort plek"),
            "exchange_type": _("Soort buurteconomie"),
            "connection_kind": _("Soort verbinding"),
            "from_ref": _("Eerste kant"),
            "to_ref": _("Tweede kant"),
            "idea_self": _("Zelf"),
            "idea_little_help": _("Met een beetje hulp"),
            "idea_outside": _("Van buiten nodig"),
            "asks": _("Vragen aan partners"),
            "highlight": _("Uitgelicht"),
            "review_status": _("Besproken"),
            "review_note": _("Notitie"),
            "kind": _("Soort"),
            "conversation_id": _("Gesprek"),
            "person_id": _("Bewoner"),
            "discovery_id": _("Ontdekking"),
        },
        "lawful_basis": {
            "consent": _("toestemming van de bewoner (AVG art. 6 lid 1a)"),
            "public_task": _("taak van algemeen belang (AVG art. 6 lid 1e)"),
            "legitimate_interest": _("gerechtvaardigd belang (AVG art. 6 lid 1f)"),
        },
        "role": {
            "worker": _("buurtwerker"),
            "coordinator": _("coördinator"),
            "admin": _("beheerder"),
        },
    }


def all_labels() -> dict[str, dict[str, str]]:
    return _labels_in(current_locale())


@functools.cache
def _labels_in(locale: str) -> dict[str, dict[str, str]]:
    """Built once per language: an overview's spreadsheet asks for a label per cell (hundreds
    of thousands)."""
    with use_locale(locale):
        return _labels()


def label(group: str, value: str | None) -> str:
    if value is None:
        return ""
    return _labels_in(current_locale()).get(group, {}).get(value, value)


def status_label(kind: str, status: str | None) -> str:
    group = {"connection": "connection_status", "idea": "idea_phase"}.get(kind)
    return label(group, status) if group else ""
