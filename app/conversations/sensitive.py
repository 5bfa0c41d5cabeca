"""Gentle warnings, never blocks: free text that looks like a BSN (it passes the 11-proef),
names a special category of personal data (health, belief, origin…, AVG art. 9 and 10), or
other sensitive data (income, debts: sensitive, but no special category in law).

The word lists live in app/static/sensitive.json, which the capture form reads too, so the
phone warns while typing with exactly the same rules as the weekoverleg.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from babel.lists import format_list

from app.i18n import current_locale
from app.i18n import gettext as _

RULES_FILE = Path(__file__).resolve().parent.parent / "static" / "sensitive.json"


def N_(message: str) -> str:
    """Marks a message for the catalogue; translated where it is shown."""
    return message


# The categories' names as sensitive.json has them, for the catalogue (and for the phone's
# warnings: app/pwa/js_messages.py).
CATEGORY_NAMES = (
    N_("gezondheid"),
    N_("geloof"),
    N_("afkomst"),
    N_("politieke voorkeur"),
    N_("seksuele voorkeur"),
    N_("strafrechtelijke gegevens"),
    N_("inkomen of schulden"),
)
BSN = re.compile(
    r"(?<![\d])(\d{3})[ .-]?(\d{2})[ .-]?(\d{2})[ .-]?(\d{2})(?![\d])|(?<!\d)(\d{9})(?!\d)"
)


@functools.cache
def _rules() -> tuple[dict[str, str], re.Pattern[str], frozenset[str]]:
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    not_special = frozenset(data["labels"][c] for c in data.get("not_special", []))
    words = {word: category for category, found in data["categories"].items() for word in found}
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    labels: dict[str, str] = {w: data["labels"][c] for w, c in words.items()}
    return labels, pattern, not_special


def passes_eleven_test(digits: str) -> bool:
    """The BSN 11-proef: 9×d1 + 8×d2 + … + 2×d8 − 1×d9 is a multiple of 11 (and not 0)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def sensitive_warnings(text: str) -> list[str]:
    """Dutch warnings for `text`, at most one per kind."""
    warnings = []
    for match in BSN.finditer(text or ""):
        digits = "".join(g for g in match.groups() if g)
        if passes_eleven_test(digits):
            warnings.append(
                _("Dit lijkt op een BSN. Een burgerservicenummer hoort hier niet: haal het weg.")
            )
            break
    labels, pattern, not_special = _rules()
    found = {labels[m.group(0).lower()] for m in pattern.finditer(text or "")}
    special = sorted(_(name) for name in found - not_special)
    if special:
        warnings.append(
            _(
                "Gaat dit over %(what)s? Dat zijn bijzondere persoonsgegevens: noteer het "
                "alleen als het echt nodig is en de bewoner het goed vindt."
            )
            % {"what": format_list(special, style="or", locale=current_locale())}
        )
    sensitive = sorted(_(name) for name in found & not_special)
    if sensitive:
        warnings.append(
            _(
                "Gaat dit over %(what)s? Dat zijn gevoelige gegevens: noteer het alleen als "
                "het echt nodig is en de bewoner het goed vindt."
            )
            % {"what": format_list(sensitive, style="or", locale=current_locale())}
        )
    return warnings
