"""Links that open something without an account: `<id>.<signature>`, the signature an HMAC of
the id under the app's secret key and the link's purpose (an overview's share link, a
bewoner's own page). Nothing secret is stored, so a copy of the database reveals no working
link, yet the team can show (and print as a QR code) a link again at any time; rotating the
secret key invalidates every link at once. A link of one purpose never opens another."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid


def signature(secret_key: str, purpose: str, link_id: uuid.UUID) -> str:
    mac = hmac.new(secret_key.encode(), f"{purpose}:".encode() + link_id.bytes, hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:18]).decode()


def token(secret_key: str, purpose: str, link_id: uuid.UUID) -> str:
    return f"{link_id.hex}.{signature(secret_key, purpose, link_id)}"


def link_id_of(secret_key: str, purpose: str, given: str) -> uuid.UUID | None:
    """The id a token names, when its signature is right; None for anything else (malformed,
    forged, of another purpose), all alike."""
    raw_id, _, mac = given[:100].partition(".")
    try:
        link_id = uuid.UUID(hex=raw_id)
    except ValueError:
        return None
    if len(raw_id) != 32:
        return None
    expected = signature(secret_key, purpose, link_id)
    if not hmac.compare_digest(mac.encode(), expected.encode()):
        return None
    return link_id
