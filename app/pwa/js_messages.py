"""What the app's JavaScript says, in the request's language: every app page carries it as a
JSON data block (base.html, id "ui"), read with `t(key)` (static/js/labels.js). In the page,
not fetched: there before any script runs, and a shell page the service worker keeps holds the
words of its own language. The scripts carry only the keys: the sentences live here, once, for
the catalogue, and cost the shell's JavaScript nothing. Placeholders are {name}."""

from __future__ import annotations

from app.conversations.sensitive import CATEGORY_NAMES
from app.i18n import gettext as _


def js_messages() -> dict[str, str]:
    return {
        # the capture form (capture_fields.js, capture_form.js)
        "pickArea": _("Kies de buurt."),
        "needSummary": _("Schrijf een korte samenvatting."),
        "needDescription": _("Vul bij {label} een korte beschrijving in."),
        "needEnds": _("Kies bij de verbinding wie of wat je verbindt."),
        "needAskWhat": _("Schrijf bij elke vraag aan een partner op wat er gevraagd wordt."),
        "needAskTo": _("Zeg bij elke vraag aan wie die gaat: een instelling of een partner."),
        "needFollowUp": _("Schrijf op wat de vervolgafspraak is."),
        "needTalkTo": _("Schrijf bij 'nog te spreken' een naam of omschrijving op."),
        "needRecognition": _("Schrijf iets op waaraan je deze bewoner herkent."),
        "streetOnly": _("Noteer alleen de straat, zonder huisnummer."),
        "qualityLabel": _("Wat kan of weet deze bewoner? (in eigen woorden)"),
        "groupLabel": _("Wat ze doen"),
        "description": _("Beschrijving"),
        "notOnPhone": _("Dit gesprek staat niet (meer) op deze telefoon."),
        "saveFailed": _(
            "Opslaan op deze telefoon lukte niet. Je invoer staat er nog; probeer het opnieuw."
        ),
        "confirmDelete": _("Dit gesprek en de ontdekkingen erbij verwijderen?"),
        "today": _("Vandaag"),
        # sensitive.js (the same warnings as app/conversations/sensitive.py)
        "bsn": _("Dit lijkt op een BSN. Een burgerservicenummer hoort hier niet: haal het weg."),
        "special": _(
            "Gaat dit over %(what)s? Dat zijn bijzondere persoonsgegevens: noteer het "
            "alleen als het echt nodig is en de bewoner het goed vindt."
        ).replace("%(what)s", "{what}"),
        "sensitive": _(
            "Gaat dit over %(what)s? Dat zijn gevoelige gegevens: noteer het alleen als "
            "het echt nodig is en de bewoner het goed vindt."
        ).replace("%(what)s", "{what}"),
        "or": _("of"),
        # the sync status (sync_status.js)
        "unsent": _("{n} nog niet verstuurd"),
        "refused": _("{n} niet geaccepteerd"),
        "oneFile": _("1 bestand{size} nog niet verstuurd"),
        "files": _("{n} bestanden{size} nog niet verstuurd"),
        "allSaved": _("Alles opgeslagen"),
        "otherUser": _(
            "{counts} van {name}. Log in als {name} om ze te versturen, of bewaar ze als bestand."
        ),
        "loginAgain": _(
            "{counts}. Log opnieuw in om te versturen; alles staat veilig op dit toestel."
        ),
        "sending": _("Bezig met versturen…"),
        "waiting": _("Er wordt niets verstuurd of opgehaald tot dan."),
        "offline": _("Geen verbinding: alles staat veilig op dit toestel."),
        "lastSync": _("Laatst bijgewerkt om {time}"),
        "attachment": _("Bijlage"),
        "deleted": _("verwijderd"),
        "changed": _("gewijzigd"),
        "new": _("nieuw"),
        # Vandaag (today.js)
        "openSince": _("staat open sinds {day}"),
        "plannedFor": _("gepland voor {day}"),
        "talked": _("Gesproken: {what}"),
        "done": _("Gedaan: {what}"),
        "hello": _("Hoi {name}"),
        # logging out (logout_form.js)
        "logoutOffline": _(
            "Uitloggen lukt nu niet: er is geen verbinding. Probeer het zo opnieuw."
        ),
        # photos and voice notes (js/on_demand/)
        "photo": _("Foto"),
        "voice": _("Spraakmemo"),
        "sent": _("verstuurd"),
        "onPhone": _("op deze telefoon"),
        "notOnThisPhone": _("niet op deze telefoon"),
        "notSaved": _("nog niet opgeslagen"),
        "voiceLimit": _(
            "De opname stopte na 5 minuten, het maximum. Wat je opnam, staat hieronder."
        ),
        "nothingRecorded": _("Er is niets opgenomen. Probeer het opnieuw."),
        "resizing": _("Foto wordt verkleind…"),
        "unreadablePhoto": _(
            "Deze foto kan de app niet lezen. Kies een andere foto of maak een nieuwe."
        ),
        "resizeFailed": _("De foto kon niet worden verkleind. Probeer het opnieuw."),
        "noRecorder": _(
            "Opnemen kan niet in deze browser. Schrijf het kort op in de samenvatting, of open "
            "de app in Chrome of Safari."
        ),
        "micDenied": _(
            "De app mag de microfoon niet gebruiken. Sta de microfoon toe in de instellingen "
            "van je browser (bij het slotje naast het adres) en probeer het opnieuw."
        ),
        "noMic": _("Deze telefoon heeft geen microfoon die de app kan gebruiken."),
        "micBusy": _(
            "De microfoon is in gebruik door een andere app. Sluit die (bijvoorbeeld een "
            "gesprek) en probeer het opnieuw."
        ),
        "recordFailed": _("Opnemen lukte niet. Probeer het opnieuw."),
        "storageLow": _(
            "Nog {size} vrij voor de app op deze telefoon. Verstuur je foto's en spraakmemo's "
            "zodra je verbinding hebt."
        ),
        # sensitive.json's categories, by their Dutch name
        **{name: _(name) for name in CATEGORY_NAMES},
    }
